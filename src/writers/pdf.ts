// PDF, converted from this language's EPUB by calibre (which lays pages out with a headless
// Chromium). calibre makes the PDF outline from the EPUB's table of contents by itself.
import { DEFAULT_FONTS, FONT_PACKAGES, fontsFor, type FontFamilies } from '../config/fonts.js';
import { missingFontFamilies } from '../tools/fontconfig.js';
import { convertEpub } from './calibre-conversion.js';
import type { Writer } from './writer.js';

/**
 * A4 with margins of about 2 cm (in points): room for 80-column code blocks without wrapping,
 * and prose lines of a readable length.
 */
const PAGE_ARGS = [
  '--paper-size',
  'a4',
  '--pdf-page-margin-top',
  '60',
  '--pdf-page-margin-bottom',
  '60',
  '--pdf-page-margin-left',
  '64',
  '--pdf-page-margin-right',
  '64',
  // In CSS pixels (3/4 pt): 11.25 pt text. Code gets the same base size, so that the style
  // sheet's own ratios (0.92em inline, 0.85em blocks) hold.
  '--pdf-default-font-size',
  '15',
  '--pdf-mono-font-size',
  '15',
  // Keep the style sheet's font sizes: calibre's rescaling rounds 0.92em code down to 0.75em.
  '--disable-font-rescaling',
  '--pdf-page-numbers',
  '--preserve-cover-aspect-ratio',
];

/**
 * Each generic family as a stack: the script's font first, then Noto's Latin one. A script font
 * may lack ASCII punctuation (Noto Naskh Arabic has no hyphen-minus), which Chromium would
 * otherwise take from whatever fontconfig prefers (DejaVu).
 */
function fontStacks(fonts: FontFamilies): string {
  const stack = (own: string, latin: string, generic: string) => [...new Set([own, latin])].map((f) => `"${f}"`).join(', ') + `, ${generic}`;
  return [
    `body { font-family: ${stack(fonts.serif, DEFAULT_FONTS.serif, 'serif')}; }`,
    `h1, h2, h3, h4, h5, h6, .book-title { font-family: ${stack(fonts.sans, DEFAULT_FONTS.sans, 'sans-serif')}; }`,
    `code, pre, kbd, samp { font-family: ${stack(fonts.mono, DEFAULT_FONTS.mono, 'monospace')}; }`,
  ].join('\n');
}

export const pdfWriter: Writer = {
  format: 'pdf',
  extension: 'pdf',
  from: 'epub',
  requires: 'ebook-convert',
  async render(ctx) {
    const { lang } = ctx.doc.meta;
    const fonts = fontsFor(lang);
    // calibre silently falls back to another font, which may draw this script as boxes.
    const missing = await missingFontFamilies([fonts.serif, fonts.sans, fonts.mono]);
    if (missing.length) {
      ctx.warn({
        message: `${lang} pdf: font${missing.length > 1 ? 's' : ''} ${missing.join(', ')} not installed; calibre falls back to other fonts, which may show ${lang} text as boxes. Install them with: apt-get install ${FONT_PACKAGES.join(' ')}`,
        rule: 'font-missing',
      });
    }
    return convertEpub(ctx, 'pdf', [
      '--pdf-serif-family',
      fonts.serif,
      '--pdf-sans-family',
      fonts.sans,
      '--pdf-mono-family',
      fonts.mono,
      // Text the style sheet gives no family to.
      '--pdf-standard-font',
      'serif',
      '--extra-css',
      fontStacks(fonts),
      ...PAGE_ARGS,
    ]);
  },
};
