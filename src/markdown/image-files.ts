// The reader's check of the image files a language shows, once every chapter is read and before
// anything is rendered: a file whose bytes are not the image its name says (image-header.ts) is
// not embedded, in any format, and each place that shows it falls back as for a missing image.
import { mediaTypeOf } from '../layout/figures.js';
import { imageProblem } from '../layout/image-header.js';
import type { DocAsset } from '../model/document.js';
import type { Diagnostic } from '../util/diagnostics.js';
import { fileBytes } from '../util/file-bytes.js';

/** One place a chapter shows an image: how a warning names it, and how it is shown without the file. */
export interface ImageUse {
  file: string;
  line: number;
  /** `figure 18333fig0102.png (figures/18333fig0102-tn.png)`, `image ../x.png (en/x.png)`. */
  subject: string;
  /** What the reader sees instead: `a placeholder is shown instead`. */
  fallback: string;
  /** Turns this use into what a missing image gives (the alt text, the placeholder). */
  drop: () => void;
}

/** Through the file memo, so that the writers and the cache key find the bytes already read. A file that cannot be read is the writers' to report. */
async function fileProblem(path: string, mediaType: string): Promise<string | undefined> {
  const bytes = await fileBytes(path).catch(() => undefined);
  return bytes && imageProblem(bytes, mediaType);
}

/**
 * Takes every image whose bytes are not what its type says out of `assets`, with a warning at each
 * chapter line that shows it (`image-invalid`; `--strict` refuses the language). Returns the paths
 * taken out, sorted: the output changes when one is mended, so the cache checks them.
 */
export async function dropBadImages(assets: Map<string, DocAsset>, uses: ReadonlyMap<string, readonly ImageUse[]>, warnings: Diagnostic[]): Promise<string[]> {
  const checked = await Promise.all([...assets.values()].map(async (asset) => ({ asset, problem: await fileProblem(asset.path, asset.mediaType) })));
  const dropped: string[] = [];
  for (const { asset, problem } of checked) {
    if (!problem) continue;
    assets.delete(asset.url);
    dropped.push(asset.path);
    for (const use of uses.get(asset.url) ?? []) {
      warnings.push({ severity: 'warning', file: use.file, line: use.line, message: `${use.subject} ${problem}; ${use.fallback}`, rule: 'image-invalid' });
      use.drop();
    }
  }
  return dropped.sort();
}

/** The cover, or undefined (with a warning) when its bytes are not the image its name says: every format is then made without one. */
export async function checkedCover(cover: string | undefined, warnings: Diagnostic[]): Promise<string | undefined> {
  const mediaType = cover && mediaTypeOf(cover);
  // A name of no image type is the EPUB writer's to refuse, as before.
  if (!cover || !mediaType) return cover;
  const problem = await fileProblem(cover, mediaType);
  if (!problem) return cover;
  warnings.push({ severity: 'warning', file: cover, message: `the cover ${problem}; the book is made without a cover`, rule: 'image-invalid' });
  return undefined;
}
