import type { DocChapter, TocNode } from '../model/document.js';
import { escapeXml } from '../util/xml.js';

/** Where a table-of-contents entry points, in a given output. */
export type TocHref = (chapter: DocChapter, node: TocNode) => string;

function item(node: TocNode, chapter: DocChapter, href: TocHref): string {
  const children = node.level < 3 && node.children.length ? `<ol>${node.children.map((n) => item(n, chapter, href)).join('')}</ol>` : '';
  return `<li><a href="${escapeXml(href(chapter, node))}">${escapeXml(node.title)}</a>${children}</li>`;
}

/** Nested `<ol>` lists h1 > h2 > h3, as the EPUB 3 nav document and the HTML output both use. */
export function tocOrderedList(chapters: DocChapter[], href: TocHref): string {
  return `<ol>${chapters.map((c) => item(c.toc, c, href)).join('')}</ol>`;
}

/** Deepest level present in the table of contents (1 to 3). */
export function tocDepth(chapters: DocChapter[]): number {
  const depth = (n: TocNode): number => (n.children.length ? 1 + Math.max(...n.children.map(depth)) : 1);
  return Math.min(3, Math.max(1, ...chapters.map((c) => depth(c.toc))));
}
