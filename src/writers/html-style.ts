// The HTML page's own layer over the shared style sheet (style.ts), on the pages' palette
// (pages/palette.ts), whose colours it takes in the dark scheme: what a browser needs and a
// reading system does for itself. Text runs in a column of about 70 characters, the length that
// reads best; on a wide screen the table of contents stays beside it, scrolling on its own; on a
// phone it comes first, folded (html-toc.ts), and nothing scrolls sideways: code blocks wrap (the
// shared style sheet) and the language menu wraps. The skip link is clipped, not moved off-screen, which would widen a
// right-to-left page. Kept out of the EPUB: reading systems bring their own layout, themes and
// pagination.
//
// The table of contents is a closed <details>, opened by this style sheet from the sidebar's width
// on and in print: its ::details-content made visible, its summary then a plain title. A browser
// without ::details-content (Chromium before 131) keeps it folded and clickable at every width: the
// @supports leaves the summary alone there.

import { PALETTE } from '../pages/palette.js';

/** From this width on, the table of contents is a sidebar, and open. */
const SIDEBAR_MEDIA = '(min-width: 64em)';

export const HTML_CSS = `
${PALETTE}body { margin: 0 auto; padding: 0 1rem; max-width: 70ch; }
main, header { min-width: 0; }
figure img { max-height: none; }
.skip-link { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
.skip-link:focus { position: static; width: auto; height: auto; overflow: visible; clip-path: none; display: inline-block; margin: 0.5em 0; padding: 0.3em 0.6em; background: #fff; color: #00e; }
.book-title { page-break-before: auto; break-before: auto; font-size: clamp(1.6em, 8vw, 2.2em); }
.toc h2 { font-size: 1.2em; display: inline; margin: 0; }
.toc summary { cursor: pointer; margin: 0.8em 0; }
.toc li { margin: 0.2em 0; }
.toc details > ol { padding-inline-start: 0; }
.languages { font-family: sans-serif; font-size: 0.9em; margin: 0.8em 0 1.2em; }
.languages ul { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 0.3em 1.2em; }
.languages a { display: inline-block; padding: 0.2em 0; }
.languages a[aria-current] { font-weight: bold; }
.languages p { margin: 0.4em 0 0; }
@media ${SIDEBAR_MEDIA} {
  body { max-width: none; display: grid; gap: 0 3rem; justify-content: center;
    grid-template-columns: minmax(14rem, 20rem) minmax(0, 70ch); grid-template-areas: "skip skip" "toc header" "toc languages" "toc main"; }
  .skip-link:focus { grid-area: skip; justify-self: start; }
  header { grid-area: header; }
  .languages { grid-area: languages; }
  main { grid-area: main; }
  .toc { grid-area: toc; position: sticky; top: 0; align-self: start; max-height: 100vh; overflow-y: auto;
    padding-block-end: 1rem; padding-inline-end: 1rem; font-family: sans-serif; font-size: 0.9em; }
}
@supports selector(::details-content) {
  @media ${SIDEBAR_MEDIA}, print {
    .toc details::details-content { content-visibility: visible; }
    .toc summary { list-style: none; pointer-events: none; cursor: auto; }
    .toc summary::-webkit-details-marker { display: none; }
  }
}
@media (prefers-color-scheme: dark) {
  body { background: var(--bg); color: var(--fg); }
  a { color: var(--link); }
  a:visited { color: var(--visited); }
  pre { background: var(--card); border-color: var(--rule); }
  th { background: var(--head); }
  th, td { border-color: var(--line); }
  figure img { background: #fff; }
  .skip-link:focus { background: var(--bg); color: var(--link); }
}
@media print {
  @page { margin: 20mm 18mm 18mm; font-family: sans-serif;
    @bottom-center { content: counter(page); font-size: 9pt; color: #555; }
    @top-center { font-size: 9pt; color: #555; } }
  body { display: block; max-width: none; padding: 0; margin: 0; font-size: 10.5pt; }
  .skip-link, .languages { display: none; }
  .toc { position: static; max-height: none; overflow: visible; }
  pre { white-space: pre-wrap; overflow: visible; orphans: 3; widows: 3; }
  /* Each source line is a block of its own (code-markup.ts), which orphans and widows do not see: at least 3 lines on either side of a break. */
  pre .line:nth-child(-n + 2) { break-after: avoid; }
  pre .line:nth-last-child(-n + 2) { break-before: avoid; }
  p, li, dd, blockquote { orphans: 2; widows: 2; }
  h1, h2, h3, h4, h5, h6 { break-inside: avoid; break-after: avoid; }
  figure img { max-height: 50vh; }
  a { color: inherit; text-decoration: none; }
  section.chapter { break-before: page; }
}
`;

/** Text as a CSS string's contents, also safe inside a `<style>` element. */
function cssString(text: string): string {
  return text.replace(/[\\"]/g, '\\$&').replace(/\n/g, '\\a ').replace(/</g, '\\3c ');
}

/**
 * Printed pages head each page with its chapter's title: every chapter on pages of its own name,
 * whose top margin says that title (Chromium has named pages and margin boxes, not string-set).
 */
export function runningHeads(chapters: readonly { fileBase: string; toc: { title: string } }[]): string {
  const rules = chapters.map(
    (c, i) => `  section.chapter[id="${cssString(c.fileBase)}"] { page: chapter-${i + 1}; }
  @page chapter-${i + 1} { @top-center { content: "${cssString(c.toc.title)}"; } }`,
  );
  return rules.length ? `@media print {\n${rules.join('\n')}\n}\n` : '';
}
