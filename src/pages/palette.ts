// The one palette of every page this tool writes (the HTML book page, index.html, the status page,
// serve's pages), as custom properties, and its dark scheme, used when the reader's system is dark.
// Colours keep a contrast of at least 4.5:1 in both schemes (axe-core checks the index and status
// pages in both). The book page sets its text and link colours only in the dark scheme, keeping the
// browser's in the light one, as it always has.
export const PALETTE = `:root { color-scheme: light dark; --bg: #fff; --fg: #1b1b1b; --muted: #4a4a4a; --link: #0b57b0; --visited: #551a8b; --card: #f4f5f7; --line: #d0d4da; --rule: #888; --head: #eee;
  --ok: #dff3e4; --late: #fde7c7; --gone: #eee; --ins: #116329; --del: #a40e26; --warn: #fff8e1; --warn-line: #c9a227; --error: #fdecea; --error-line: #c62828; }
@media (prefers-color-scheme: dark) {
  :root { --bg: #121212; --fg: #e4e4e4; --muted: #b8b8b8; --link: #8ab4f8; --visited: #c58af9; --card: #1e1e1e; --line: #666; --rule: #777; --head: #2a2a2a;
    --ok: #173d24; --late: #4a3208; --gone: #2a2a2a; --ins: #7ee787; --del: #ffa198; --warn: #3b3000; --warn-line: #c9a227; --error: #3d1414; --error-line: #ef5350; }
}
`;

/** The type, links and focus of the pages beside the ebooks (index.html, the status page, serve's error page), on the palette. */
export const PAGE_BASE_STYLE = `${PALETTE}* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg); font: 1rem/1.5 system-ui, -apple-system, "Segoe UI", "Noto Sans", sans-serif; }
a { color: var(--link); }
a:focus-visible, input:focus-visible { outline: 3px solid var(--link); outline-offset: 2px; }
.muted { color: var(--muted); }
`;
