// The index page's style sheet: one column on a phone, a grid of languages from 40em, dark when the
// reader's system is. Colours keep a contrast of at least 4.5:1 in both schemes (axe-core checks the light one).
export const INDEX_STYLE = `
:root { color-scheme: light dark; --bg: #fff; --fg: #1b1b1b; --muted: #4a4a4a; --link: #0b57b0; --card: #f4f5f7; --line: #d0d4da; }
@media (prefers-color-scheme: dark) {
  :root { --bg: #16181c; --fg: #ececec; --muted: #b8b8b8; --link: #8cb8ff; --card: #22252b; --line: #3a3f47; }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg); font: 1rem/1.5 system-ui, -apple-system, "Segoe UI", "Noto Sans", sans-serif; }
header, main, footer { max-width: 72rem; margin: 0 auto; padding: 1rem; }
header { display: flex; gap: 1.25rem; align-items: center; flex-wrap: wrap; }
header img { width: 7rem; height: auto; border: 1px solid var(--line); }
h1 { margin: 0; font-size: 1.75rem; line-height: 1.2; }
h2 { font-size: 1.25rem; margin: 1.5rem 0 0.5rem; }
a { color: var(--link); }
a:focus-visible, input:focus-visible { outline: 3px solid var(--link); outline-offset: 2px; }
.muted { color: var(--muted); }
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
