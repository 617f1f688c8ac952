// The built-in style sheet, shared by HTML, EPUB (and through it MOBI/AZW3) and the PDF. Written
// for small and e-ink screens: no fixed widths, long code lines, URLs and inline code wrap instead of
// running off the page, figures and tables never exceed it. Scripts without italic faces (CJK,
// Arabic, Hebrew, Thai, Devanagari) get upright captions and quotations, and bold emphasis, not
// fake slants. The HTML page adds its own layer (html-style.ts): a reading column, a sidebar, dark
// and print styles, which reading systems provide for themselves.
//
// Code: a named monospace family before the generic one, because `font-family: monospace` alone
// makes browsers size code from their 13 px monospace default (code came out 0.69 of the text, not
// 0.85). Code blocks wrap (pre-wrap, and anywhere inside a key or hash that is longer than the
// line); each source line is a block (code-markup.ts) with a hanging indent and a thin bar beside
// its continuation lines, so a wrapped line reads as one. Inline code is not broken after its
// hyphens and slashes (`nowrap` spans, code-markup.ts), nor between the Chinese or Japanese
// characters of a word (`keep-all`), only anywhere when a word is longer than the line.
import type { TextDirection } from '../model/book.js';
import { readBookFile } from '../util/book-file.js';

/** Named faces first: with the generic family alone, browsers shrink code (see above). */
const MONOSPACE = `ui-monospace, Menlo, Consolas, "DejaVu Sans Mono", "Liberation Mono", monospace`;

const BASE_CSS = `
body { font-family: serif; line-height: 1.45; margin: 0 2%; }
h1, h2, h3, h4, h5, h6 { font-family: sans-serif; line-height: 1.2; page-break-after: avoid; break-after: avoid; }
h1 { font-size: 1.8em; margin: 1.2em 0 0.8em; page-break-before: always; break-before: page; }
h2 { font-size: 1.4em; margin: 1.4em 0 0.6em; }
h3 { font-size: 1.15em; margin: 1.2em 0 0.5em; }
p { margin: 0.6em 0; }
code, pre, kbd, samp, .figure-missing { font-family: ${MONOSPACE}; }
code { font-size: 0.92em; }
a, code { overflow-wrap: anywhere; word-break: break-word; }
code { word-break: keep-all; }
code .nowrap { white-space: nowrap; }
pre { font-size: 0.85em; line-height: 1.3; white-space: pre-wrap; word-wrap: break-word; overflow-wrap: anywhere;
  margin: 0.8em 0; padding: 0.5em 0.7em; border-left: 3px solid #888; background: #f4f4f4; }
pre code { font-size: 1em; word-break: normal; }
pre .line { display: block; padding-left: 1.2em; text-indent: -1.2em;
  background-image: linear-gradient(#888, #888); background-repeat: no-repeat; background-position: 0.4em 1.4em; background-size: 1px calc(100% - 1.5em); }
figure, figcaption { display: block; }
figure { margin: 1em 0; text-align: center; page-break-inside: avoid; break-inside: avoid; }
figure img { max-width: 100%; max-height: 90vh; height: auto; }
figcaption { font-size: 0.9em; font-style: italic; margin-top: 0.4em; }
.figure-missing { border: 1px dashed #888; padding: 1em; }
table { border-collapse: collapse; margin: 1em 0; font-size: 0.9em; max-width: 100%; }
th, td { border: 1px solid #999; padding: 0.25em 0.5em; text-align: start; vertical-align: top; overflow-wrap: anywhere; }
th { background: #eee; }
blockquote { margin: 0.8em 1.5em; font-style: italic; }
figcaption:lang(zh), figcaption:lang(ja), figcaption:lang(ko), figcaption:lang(ar), figcaption:lang(fa), figcaption:lang(ur), figcaption:lang(he), figcaption:lang(th), figcaption:lang(hi),
blockquote:lang(zh), blockquote:lang(ja), blockquote:lang(ko), blockquote:lang(ar), blockquote:lang(fa), blockquote:lang(ur), blockquote:lang(he), blockquote:lang(th), blockquote:lang(hi) { font-style: normal; }
em:lang(zh), em:lang(ja), em:lang(ko), em:lang(ar), em:lang(fa), em:lang(ur), em:lang(he), em:lang(th), em:lang(hi),
i:lang(zh), i:lang(ja), i:lang(ko), i:lang(ar), i:lang(fa), i:lang(ur), i:lang(he), i:lang(th), i:lang(hi) { font-style: normal; font-weight: bold; }
img { max-width: 100%; }
[hidden] { display: none; }
nav ol, .toc ol { list-style: none; padding-inline-start: 1.2em; }
nav > ol { padding-inline-start: 0; }
.title-page { text-align: center; margin: 2em 0; page-break-after: always; break-after: page; }
.book-title { font-family: sans-serif; font-size: 2.2em; font-weight: bold; line-height: 1.2; margin: 1em 0 0.3em; }
.book-subtitle { font-family: sans-serif; font-size: 1.3em; margin: 0 0 1.2em; }
.book-authors { font-size: 1.2em; margin: 1.5em 0 0.3em; }
.book-language { margin-top: 2em; }
.book-translators, .book-language, .book-edition { margin-bottom: 0.3em; }
`;

/**
 * Right-to-left text: the code bar moves to the right. (Code blocks, inline code and links showing
 * an address carry dir="ltr" in the markup: EPUB style sheets may not use `direction` or
 * `unicode-bidi`.)
 */
const RTL_CSS = `
pre { text-align: left; border-left: none; border-right: 3px solid #888; }
`;

/** `layer`: rules for one output only, before the book's own (which may override them). */
function styleSheet(dir: TextDirection, extra?: string, layer?: string): string {
  return [BASE_CSS.trim(), dir === 'rtl' ? RTL_CSS.trim() : '', layer?.trim() ?? '', extra?.trim() ?? ''].filter(Boolean).join('\n') + '\n';
}

/** The style sheet for one edition: built-in rules (with the output's `layer`) plus the book's own `css` file, if configured. */
export async function editionStyleSheet(meta: { dir: TextDirection; css?: string }, layer?: string): Promise<string> {
  const extra = meta.css ? (await readBookFile(meta.css)).toString('utf8') : undefined;
  return styleSheet(meta.dir, extra, layer);
}
