// One self-contained HTML file per language: CSS inline, figures as data: URIs, TOC at the top.
import { readFile } from 'node:fs/promises';
import { escapeXml } from '../util/xml.js';
import { editionStyleSheet } from './style.js';
import { tocOrderedList } from './toc.js';
import type { Writer } from './writer.js';

export const htmlWriter: Writer = {
  format: 'html',
  extension: 'html',
  async render({ doc }) {
    const { meta } = doc;
    const dataUris = new Map<string, string>();
    for (const asset of doc.assets.values()) {
      dataUris.set(escapeXml(asset.url), `data:${asset.mediaType};base64,${(await readFile(asset.path)).toString('base64')}`);
    }
    const embed = (html: string) => html.replace(/(\ssrc=")([^"]*)(")/g, (all, pre: string, url: string, post: string) => {
      const data = dataUris.get(url);
      return data ? `${pre}${data}${post}` : all;
    });
    const toc = tocOrderedList(doc.chapters, (_chapter, node) => `#${node.id}`);
    const body = doc.chapters.map((c) => `<section class="chapter" id="${c.fileBase}">\n${embed(c.html)}</section>`).join('\n');
    const html = `<!DOCTYPE html>
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
${body}
</body>
</html>
`;
    return Buffer.from(html, 'utf8');
  },
};
