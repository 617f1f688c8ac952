// The HTML page's figures as data: URIs, each file's bytes once in the page however often the book
// shows it: a figure shown once is an <img> whose src is the data: URI; one shown more often is an
// inline SVG whose first occurrence holds the image and whose others <use> it, each with its own
// alt text (role="img", aria-label). 21,000 references to one figure made a page of 747 MB.
import { escapeXml } from '../util/xml.js';

export interface PageImage {
  /** `data:<type>;base64,...`, encoded once per process (util/file-bytes.ts). */
  dataUri: Buffer;
  /** Its pixel size (PNG, JPEG, GIF): an SVG needs it to take the image's size and shape. */
  size?: { width: number; height: number };
}

const IMG = /<img\b[^>]*>/g;
const SRC = /\ssrc="([^"]*)"/;

/** Shown more than once and of a known size: drawn by SVG, its bytes in the first occurrence only. */
function sharedImages(html: string, images: ReadonlyMap<string, PageImage>): Set<string> {
  const seen = new Set<string>();
  const shared = new Set<string>();
  for (const m of html.matchAll(IMG)) {
    const src = SRC.exec(m[0])?.[1];
    if (src === undefined || !images.get(src)?.size) continue;
    if (seen.has(src)) shared.add(src);
    seen.add(src);
  }
  return shared;
}

/** The <svg> that shows a shared image in place of `tag`, up to where the image's reference goes. */
function svgOpening(tag: string, size: { width: number; height: number }): string {
  const alt = /\salt="([^"]*)"/.exec(tag)?.[1] ?? '';
  const named = alt ? `role="img" aria-label="${alt}"` : 'aria-hidden="true"';
  const { width, height } = size;
  return `<svg class="shared-image" ${named} width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" style="max-width: 100%; height: auto">`;
}

/**
 * The page's bytes with every figure's data: URI in place. The figures, nine tenths of the file, are
 * copied as bytes rather than spliced into the text and encoded again with it.
 */
export function withDataUris(html: string, images: ReadonlyMap<string, PageImage>): Buffer {
  const shared = sharedImages(html, images);
  const ids = new Map<string, string>();
  const parts: Buffer[] = [];
  let from = 0;
  const text = (upTo: number) => parts.push(Buffer.from(html.slice(from, upTo), 'utf8'));
  for (const m of html.matchAll(IMG)) {
    const src = SRC.exec(m[0]);
    const image = src && images.get(src[1]!);
    if (!image) continue;
    if (shared.has(src[1]!)) {
      text(m.index);
      const opening = svgOpening(m[0], image.size!);
      const id = ids.get(src[1]!);
      if (id) parts.push(Buffer.from(`${opening}<use href="#${id}"/></svg>`, 'utf8'));
      else {
        // `_` starts no heading's id (ids.ts makes them of a-z, 0-9 and -).
        const made = `_shared-image-${ids.size + 1}`;
        ids.set(src[1]!, made);
        const { width, height } = image.size!;
        parts.push(
          Buffer.from(`${opening}<image id="${escapeXml(made)}" width="${width}" height="${height}" href="`, 'utf8'),
          image.dataUri,
          Buffer.from('"/></svg>'),
        );
      }
      from = m.index + m[0].length;
      continue;
    }
    const at = m.index + src.index + src[0].length - src[1]!.length - 1;
    text(at);
    parts.push(image.dataUri);
    from = at + src[1]!.length;
  }
  text(html.length);
  return Buffer.concat(parts);
}
