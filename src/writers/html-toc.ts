// The HTML page's table of contents: a sidebar on wide screens, folded on narrow ones so that the
// text starts on the first screen of a phone. A `<details>` folded in the markup, which the style
// sheet shows open from the sidebar's width and in print (html-style.ts); no script, which the page
// never carries (its safety is that it has none). The EPUB has none of this: its table of contents
// is its nav document.
import type { LanguageMetadata } from '../model/book.js';
import type { DocChapter } from '../model/document.js';
import { html, type SafeHtml } from '../pages/html.js';
import { tocOrderedList } from './toc.js';

/** The `<nav>` of the table of contents in a `<details>` whose summary is its localized title. */
export function foldingToc(meta: LanguageMetadata, chapters: DocChapter[]): SafeHtml {
  const list = tocOrderedList(chapters, (_chapter, node) => `#${node.id}`);
  return html`<nav class="toc" id="toc" aria-labelledby="toc-title">
<details id="toc-fold">
<summary><h2 id="toc-title">${meta.tocTitle}</h2></summary>
${list}
</details>
</nav>
`;
}
