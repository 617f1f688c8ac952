// The PDF's own layer over the HTML page's print rules (html-style.ts, whose @media print already
// gives page numbers, running heads and the breaks a printed page needs): A4, the language's fonts,
// the cover on a page of its own, the title page, and the contents list's page numbers in boxes
// of a fixed width, so that filling them in moves nothing (pdf.ts prints twice).
import { DEFAULT_FONTS, type FontFamilies } from '../config/fonts.js';

/** The page, in millimetres: A4, with the margins that hold the running head and the page number. */
export const PAGE_MM = { width: 210, height: 297, top: 20, bottom: 18, side: 18 };

/** Set on the root element while the first printing only measures where everything lands. */
export const MEASURING_CLASS = 'pdf-measuring';

/**
 * Each generic family as a stack: the script's font first, then Noto's Latin one. A script font
 * may lack ASCII punctuation (Noto Naskh Arabic has no hyphen-minus), which Chromium would
 * otherwise take from whatever fontconfig prefers (DejaVu).
 */
function stack(own: string, latin: string, fallback: readonly string[], generic: string): string {
  return [...new Set([own, latin, ...fallback])].map((f) => `"${f}"`).join(', ') + `, ${generic}`;
}

export function pdfStyleSheet(fonts: FontFamilies): string {
  const fallback = fonts.fallback ?? [];
  const serif = stack(fonts.serif, DEFAULT_FONTS.serif, fallback, 'serif');
  const sans = stack(fonts.sans, DEFAULT_FONTS.sans, fallback, 'sans-serif');
  const mono = stack(fonts.mono, DEFAULT_FONTS.mono, fallback, 'monospace');
  return `
@page { size: A4; margin: ${PAGE_MM.top}mm ${PAGE_MM.side}mm ${PAGE_MM.bottom}mm; font-family: ${sans}; }
@page cover { margin: 0; @top-center { content: none; } @bottom-center { content: none; } }
@page front { @top-center { content: none; } @bottom-center { content: none; } }
body { font-family: ${serif};${fonts.fallback ? ' font-synthesis: none;' : ''} }
h1, h2, h3, h4, h5, h6, .book-title, .title-page, .toc { font-family: ${sans}; }
code, pre, kbd, samp { font-family: ${mono}; }
/* The page's header is its title page (title-page.ts): a page of its own, without running heads. */
body > header { page: front; break-after: page; text-align: center; padding-top: 28%; }
.skip-link, .languages { display: none; }
.pdf-cover { page: cover; height: 297mm; margin: 0; display: flex; align-items: center; justify-content: center; break-after: page; }
.pdf-cover img { display: block; max-width: 100%; max-height: 100%; width: auto; height: auto; }
.title-page { margin: 0; break-after: auto; }
.book-title { font-size: 2.4em; }
.toc { break-after: page; font-size: 0.95em; }
.toc h2 { display: block; font-size: 1.6em; margin: 0 0 1em; }
.toc a { display: flex; align-items: baseline; }
.toc-leader { flex: 1 1 1em; min-width: 1em; margin: 0 0.3em; border-bottom: 1px dotted #999; }
.toc-page { flex: none; width: 2.6em; text-align: end; font-variant-numeric: tabular-nums; }
html.${MEASURING_CLASS} body * { visibility: hidden !important; }
`;
}
