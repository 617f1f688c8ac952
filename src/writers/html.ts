// One self-contained HTML file per language: CSS inline, figures as data: URIs, the title page
// (title-page.ts) in its header, TOC at the top (a sidebar on wide screens, folded on narrow ones),
// a skip link past it to <main>, and links to the release's other languages.
import { labelsFor } from '../config/labels.js';
import { html, raw } from '../pages/html.js';
import { page } from '../pages/shell.js';
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
      dataUris.set(String(html`${asset.url}`), { dataUri: await dataUri(asset.path, asset.mediaType, files), size });
    }
    // The chapters are the reader's HTML (marked's, sanitized): the one place the book's markup goes in as it is.
    const body = html`<a class="skip-link" href="#main">${labelsFor(meta.lang).skip}</a>
<header>
${titlePageMarkup(meta)}${currencyNote(currency, meta.lang)}</header>
${foldingToc(meta, doc.chapters)}${languageMenu(meta, release)}<main id="main">
${doc.chapters.map((c) => html`<section class="chapter" id="${c.fileBase}">\n${raw(c.html)}</section>\n`)}</main>
`;
    const head = html`<meta name="author" content="${meta.authors.join(', ')}">
${meta.description && html`<meta name="description" content="${meta.description}">\n`}${alternateLinks(meta, release)}`;
    const style = `\n${await editionStyleSheet(meta, HTML_CSS)}${runningHeads(doc.chapters)}`;
    return withDataUris(String(page({ lang: meta.lang, dir: meta.dir, title: meta.title, head, style, body })), dataUris);
  },
};
