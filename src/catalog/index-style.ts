// The index page's style sheet: one column on a phone, a grid of languages from 40em; its colours
// and type are those every page of a release shares (pages/palette.ts).
import { PAGE_BASE_STYLE } from '../pages/palette.js';

export const INDEX_STYLE = `${PAGE_BASE_STYLE}
header, main, footer { max-width: 72rem; margin: 0 auto; padding: 1rem; }
header { display: flex; gap: 1.25rem; align-items: center; flex-wrap: wrap; }
header img { width: 7rem; height: auto; border: 1px solid var(--line); }
h1 { margin: 0; font-size: 1.75rem; line-height: 1.2; }
h2 { font-size: 1.25rem; margin: 1.5rem 0 0.5rem; }
.guide { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; margin: 0; }
.guide dt { font-weight: 700; }
.guide dd { margin: 0; }
.filter { margin: 0.5rem 0 1rem; }
.filter input { font: inherit; padding: 0.4rem 0.6rem; width: min(100%, 20rem); color: var(--fg); background: var(--bg); border: 1px solid var(--muted); border-radius: 4px; }
.languages { list-style: none; padding: 0; margin: 0; display: grid; gap: 1rem; }
@media (min-width: 40em) { .languages { grid-template-columns: repeat(auto-fill, minmax(18rem, 1fr)); } }
.language { background: var(--card); border: 1px solid var(--line); border-radius: 6px; padding: 0.75rem 1rem; overflow-wrap: anywhere; }
.language h3 { margin: 0; font-size: 1.2rem; }
.language p { margin: 0.25rem 0; }
.files { list-style: none; padding: 0; margin: 0.5rem 0 0; display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; }
.files a { font-weight: 700; }
@media print { .filter { display: none; } .language { break-inside: avoid; } }
`;
