// What the pages this tool writes beside the ebooks share (the index page, the status page): the
// palette, dark when the reader's system is, the type, links and focus. Colours keep a contrast of at
// least 4.5:1 in both schemes (axe-core checks both pages).
export const PAGE_BASE_STYLE = `:root { color-scheme: light dark; --bg: #fff; --fg: #1b1b1b; --muted: #4a4a4a; --link: #0b57b0; --card: #f4f5f7; --line: #d0d4da; }
@media (prefers-color-scheme: dark) {
  :root { --bg: #16181c; --fg: #ececec; --muted: #b8b8b8; --link: #8cb8ff; --card: #22252b; --line: #3a3f47; }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg); font: 1rem/1.5 system-ui, -apple-system, "Segoe UI", "Noto Sans", sans-serif; }
a { color: var(--link); }
a:focus-visible, input:focus-visible { outline: 3px solid var(--link); outline-offset: 2px; }
.muted { color: var(--muted); }
`;
