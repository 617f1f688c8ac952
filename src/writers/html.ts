// One self-contained HTML file per language: CSS inline, figures as data: URIs, TOC at the top (a
// sidebar on wide screens, folded on narrow ones), a skip link past it to <main>, and links to the
// release's other languages.
import { labelsFor } from '../config/labels.js';
import { escapeXml } from '../util/xml.js';
import { dataUri } from '../util/file-bytes.js';
import { alternateLinks, languageMenu } from './html-languages.js';
import { currencyNote } from './html-currency.js';
import { HTML_CSS } from './html-style.js';
import { foldingToc } from './html-toc.js';
import { editionStyleSheet } from './style.js';
import type { Writer } from './writer.js';

export const htmlWriter: Writer = {
  format: 'html',
  extension: 'html',
  from: 'document',
  async render({ doc, files, release = [], currency }) {
    const { meta } = doc;
    const dataUris = new Map<string, Buffer>();
    for (const asset of doc.assets.values()) dataUris.set(escapeXml(asset.url), await dataUri(asset.path, asset.mediaType, files));
    const head = `<!DOCTYPE html>
<html lang="${escapeXml(meta.lang)}" dir="${meta.dir}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeXml(meta.title)}</title>
<meta name="author" content="${escapeXml(meta.authors.join(', '))}">
${meta.description ? `<meta name="description" content="${escapeXml(meta.description)}">\n` : ''}${alternateLinks(meta, release)}<style>
${await editionStyleSheet(meta, HTML_CSS)}</style>
</head>
<body>
<a class="skip-link" href="#main">${escapeXml(labelsFor(meta.lang).skip)}</a>
<header>
<h1 class="book-title">${escapeXml(meta.title)}</h1>
<p class="book-authors">${escapeXml(meta.authors.join(', '))}</p>
${currencyNote(currency, meta.lang)}</header>
${foldingToc(meta, doc.chapters)}${languageMenu(meta, release)}<main id="main">
`;
    const body = doc.chapters.map((c) => `<section class="chapter" id="${c.fileBase}">\n${scrollableCode(c.html)}</section>\n`);
    return withDataUris([head, ...body, '</main>\n</body>\n</html>\n'].join(''), dataUris);
  },
};

/** Code blocks scroll sideways in the page: a keyboard must be able to reach them to scroll them. */
function scrollableCode(html: string): string {
  return html.replace(/<pre\b(?![^>]*\stabindex=)/g, '<pre tabindex="0"');
}

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
