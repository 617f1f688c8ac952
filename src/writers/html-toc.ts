// The HTML page's table of contents: a sidebar on wide screens, folded on narrow ones so that the
// text starts on the first screen of a phone. The markup has it open, so that a page read without
// script (or by calibre, or saved) still shows it; a few lines of script fold it at load on a narrow
// screen, before the text is parsed (no flash of an open table), follow the width across the
// sidebar's breakpoint, and open it for printing. The EPUB has none of this: its table of contents
// is its nav document.
import type { LanguageMetadata } from '../model/book.js';
import type { DocChapter } from '../model/document.js';
import { escapeXml } from '../util/xml.js';
import { SIDEBAR_MEDIA } from './html-style.js';
import { tocOrderedList } from './toc.js';

const FOLD_SCRIPT = `(function () {
  var toc = document.getElementById('toc-fold'), wide = matchMedia('${SIDEBAR_MEDIA}');
  function fit() { toc.open = wide.matches; }
  fit();
  wide.addEventListener('change', fit);
  addEventListener('beforeprint', function () { toc.open = true; });
  addEventListener('afterprint', fit);
})();`;

/** The `<nav>` of the table of contents in a `<details>` whose summary is its localized title, and the script that folds it. */
export function foldingToc(meta: LanguageMetadata, chapters: DocChapter[]): string {
  return `<nav class="toc" id="toc" aria-labelledby="toc-title">
<details id="toc-fold" open>
<summary><h2 id="toc-title">${escapeXml(meta.tocTitle)}</h2></summary>
${tocOrderedList(chapters, (_chapter, node) => `#${node.id}`)}
</details>
</nav>
<script>
${FOLD_SCRIPT}
</script>
`;
}
