// Chinese and Japanese sources wrap long paragraphs across lines. A line break between two such
// characters is not a word space (CSS Text 3, segment break transformation), so it is removed
// rather than rendered as a space between characters. Korean separates words with spaces: Hangul
// is left out on purpose.

const WIDE = String.raw`[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Bopomofo}\u2e80-\u2fff\u3000-\u303f\u30fb\u30fc\u31c0-\u31ef\ufe30-\ufe4f\uff01-\uff60\uffe0-\uffe6]`;
const TAGS = String.raw`(?:<[^>]*>)*`;
const BREAK_BETWEEN_WIDE = new RegExp(String.raw`(${WIDE}${TAGS})[ \t]*\n[ \t]*(?=${TAGS}${WIDE})`, 'gu');
const PRE = /(<pre\b[\s\S]*?<\/pre>)/i;

/** Removes soft line breaks between wide CJK characters, outside preformatted blocks. */
export function joinWideLines(html: string): string {
  if (!html.includes('\n')) return html;
  return html
    .split(PRE)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(BREAK_BETWEEN_WIDE, '$1')))
    .join('');
}
