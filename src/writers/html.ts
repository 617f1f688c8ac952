// One self-contained HTML file per language: CSS inline, figures as data: URIs, TOC at the top.
import { escapeXml } from '../util/xml.js';
import { dataUri } from '../util/file-bytes.js';
import { editionStyleSheet } from './style.js';
import { tocOrderedList } from './toc.js';
import type { Writer } from './writer.js';

export const htmlWriter: Writer = {
  format: 'html',
  extension: 'html',
  from: 'document',
  async render({ doc }) {
    const { meta } = doc;
    const dataUris = new Map<string, Buffer>();
    for (const asset of doc.assets.values()) dataUris.set(escapeXml(asset.url), await dataUri(asset.path, asset.mediaType));
    const toc = tocOrderedList(doc.chapters, (_chapter, node) => `#${node.id}`);
    const head = `<!DOCTYPE html>
<html lang="${escapeXml(meta.lang)}" dir="${meta.dir}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeXml(meta.title)}</title>
<meta name="author" content="${escapeXml(meta.authors.join(', '))}">
${meta.description ? `<meta name="description" content="${escapeXml(meta.description)}">\n` : ''}<style>
${await editionStyleSheet(meta)}</style>
</head>
<body>
<header>
<p class="book-title">${escapeXml(meta.title)}</p>
<p class="book-authors">${escapeXml(meta.authors.join(', '))}</p>
</header>
<nav class="toc" id="toc">
<h2>${escapeXml(meta.tocTitle)}</h2>
${toc}
</nav>
`;
    const body = doc.chapters.map((c) => `<section class="chapter" id="${c.fileBase}">\n${c.html}</section>\n`);
    return withDataUris([head, ...body, '</body>\n</html>\n'].join(''), dataUris);
  },
};

/**
 * The page's bytes with every figure's `src` replaced by its data: URI. The figures, nine tenths of
 * the file, are copied as bytes (encoded once per process) rather than spliced into the text and
 * encoded again with it.
 */
function withDataUris(html: string, dataUris: ReadonlyMap<string, Buffer>): Buffer {
  const parts: Buffer[] = [];
  let from = 0;
  for (const m of html.matchAll(/\ssrc="([^"]*)"/g)) {
    const data = dataUris.get(m[1]!);
    if (!data) continue;
    const at = m.index + m[0].length - m[1]!.length - 1;
    parts.push(Buffer.from(html.slice(from, at), 'utf8'), data);
    from = at + m[1]!.length;
  }
  parts.push(Buffer.from(html.slice(from), 'utf8'));
  return Buffer.concat(parts);
}
