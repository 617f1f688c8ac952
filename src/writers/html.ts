// One self-contained HTML file per language: CSS inline, figures as data: URIs, the title page
// (title-page.ts) in its header, TOC at the top (a sidebar on wide screens, folded on narrow ones),
// a skip link past it to <main>, and links to the release's other languages.
import { labelsFor } from '../config/labels.js';
import { escapeXml } from '../util/xml.js';
import { dataUri, fileBytes } from '../util/file-bytes.js';
import { imageSize } from '../layout/image-header.js';
import { withDataUris, type PageImage } from './html-data-uris.js';
import { alternateLinks, languageMenu } from './html-languages.js';
import { currencyNote } from './html-currency.js';
import { HTML_CSS, runningHeads } from './html-style.js';
import { foldingToc } from './html-toc.js';
import { editionStyleSheet } from './style.js';
import { titlePageMarkup } from './title-page.js';
import type { Writer } from './writer.js';

export const htmlWriter: Writer = {
  format: 'html',
  extension: 'html',
  from: 'document',
  async render({ doc, files, release = [], currency }) {
    const { meta } = doc;
    const dataUris = new Map<string, PageImage>();
    for (const asset of doc.assets.values()) {
      const size = imageSize(await fileBytes(asset.path, files), asset.mediaType);
      dataUris.set(escapeXml(asset.url), { dataUri: await dataUri(asset.path, asset.mediaType, files), size });
    }
    const head = `<!DOCTYPE html>
<html lang="${escapeXml(meta.lang)}" dir="${meta.dir}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeXml(meta.title)}</title>
<meta name="author" content="${escapeXml(meta.authors.join(', '))}">
${meta.description ? `<meta name="description" content="${escapeXml(meta.description)}">\n` : ''}${alternateLinks(meta, release)}<style>
${await editionStyleSheet(meta, HTML_CSS)}${runningHeads(doc.chapters)}</style>
</head>
<body>
<a class="skip-link" href="#main">${escapeXml(labelsFor(meta.lang).skip)}</a>
<header>
${titlePageMarkup(meta)}${currencyNote(currency, meta.lang)}</header>
${foldingToc(meta, doc.chapters)}${languageMenu(meta, release)}<main id="main">
`;
    const body = doc.chapters.map((c) => `<section class="chapter" id="${c.fileBase}">\n${c.html}</section>\n`);
    return withDataUris([head, ...body, '</main>\n</body>\n</html>\n'].join(''), dataUris);
  },
};
