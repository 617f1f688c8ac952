// Chinese and Japanese sources wrap long paragraphs across lines. A line break between two such
// characters is not a word space (CSS Text 3, segment break transformation), so it is removed
// rather than rendered as a space between characters. Korean separates words with spaces: Hangul
// is left out on purpose.

/** Wide (East Asian F/W/H) characters of the scripts written without spaces between words. */
const WIDE = String.raw`[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Bopomofo}\u2e80-\u2fff\u3000-\u303f\u30fb\u30fc\u31c0-\u31ef\ufe30-\ufe4f\uff01-\uff60\uffe0-\uffe6]`;
/** Punctuation of ambiguous width that CJK text uses as wide: curly quotes, ellipsis, dash, middle dot. */
const AMBIGUOUS = String.raw`[\u2018\u2019\u201c\u201d\u2026\u2014\u00b7]`;
const TAGS = String.raw`(?:<[^>]*>)*`;
const BREAK = new RegExp(String.raw`((${WIDE}|${AMBIGUOUS})${TAGS})[ \t]*\n[ \t]*(?=${TAGS}(${WIDE}|${AMBIGUOUS}))`, 'gu');
const IS_WIDE = new RegExp(`^${WIDE}$`, 'u');
/** Every wide character is at or above U+2E80 (those above U+FFFF as surrogates): a plain class scans fast. */
const MAYBE_WIDE = /[\u2e80-\uffff]/;
const IS_AMBIGUOUS = new RegExp(`^${AMBIGUOUS}$`, 'u');
const PRE = /(<pre\b[\s\S]*?<\/pre>)/i;

/** True for a wide CJK character (see WIDE). */
export function isWide(char: string | undefined): boolean {
  return char !== undefined && IS_WIDE.test(char);
}

/**
 * Removes soft line breaks between CJK characters, outside preformatted blocks. Quotes and dashes
 * count only next to a wide character, so `“English”` across lines keeps its space.
 */
export function joinWideLines(html: string): string {
  // Most languages have no wide character at all: one scan for one is far cheaper than BREAK's.
  if (!html.includes('\n') || !MAYBE_WIDE.test(html)) return html;
  return html
    .split(PRE)
    .map((part, i) =>
      i % 2 === 1
        ? part
        : part.replace(BREAK, (all: string, kept: string, before: string, after: string, offset: number) => {
            // Quotes and dashes take their width from the character they stand beside.
            const outerBefore = part[offset - 1];
            const outerAfter = part.slice(offset + all.length).replace(/^(?:<[^>]*>)*/, '')[1];
            const wideBefore = isWide(before) || (IS_AMBIGUOUS.test(before) && isWide(outerBefore));
            const wideAfter = isWide(after) || (IS_AMBIGUOUS.test(after) && isWide(outerAfter));
            return isWide(before) || isWide(after) || (wideBefore && wideAfter) ? kept : all;
          }),
    )
    .join('');
}
