import type { DocChapter, TocNode } from '../model/document.js';
import { html, type SafeHtml } from '../pages/html.js';

/** Where a table-of-contents entry points, in a given output. */
export type TocHref = (chapter: DocChapter, node: TocNode) => string;

function item(node: TocNode, chapter: DocChapter, href: TocHref, hidden: boolean): SafeHtml {
  const children =
    node.level < 3 && node.children.length > 0 && html`<ol${hidden && html` hidden="hidden"`}>${node.children.map((n) => item(n, chapter, href, hidden))}</ol>`;
  return html`<li><a href="${href(chapter, node)}">${node.title}</a>${children}</li>`;
}

/**
 * Nested `<ol>` lists h1 > h2 > h3, as the EPUB 3 nav document and the HTML output both use.
 * `chaptersOnly`: the sections' lists are `hidden`, which an EPUB reading system honours where the
 * nav is read as a page, between the title page and chapter 1 (the chapters fit a phone's screen,
 * the sections took eight), and not in its navigation menu, which keeps all three levels (EPUB 3.3,
 * the nav's hidden attribute).
 */
export function tocOrderedList(chapters: DocChapter[], href: TocHref, chaptersOnly = false): SafeHtml {
  return html`<ol>${chapters.map((c) => item(c.toc, c, href, chaptersOnly))}</ol>`;
}

/** Deepest level present in the table of contents (1 to 3). */
export function tocDepth(chapters: DocChapter[]): number {
  const depth = (n: TocNode): number => (n.children.length ? 1 + Math.max(...n.children.map(depth)) : 1);
  return Math.min(3, Math.max(1, ...chapters.map((c) => depth(c.toc))));
}
