// Markup for code that reads on any screen (see the code rules in writers/style.ts).
//
// A code block holds one `<span class="line">` per source line, the line's newline inside it: the
// style sheet makes each a block with a hanging indent, so a line too long for the screen wraps
// and its continuation is set off, while the text (and what a reader copies) is still the source,
// newlines and all.
//
// Inline code reads left to right in every language (`dir="ltr"`: in Arabic text `--graph` would
// otherwise be drawn `graph--`). Browsers break a line after a hyphen or a slash, also inside
// `--shortstat` or `/etc/gitconfig`: each such character and the one after it are a `nowrap`
// span, so the word moves whole to the next line; one longer than a line still wraps, anywhere
// (`overflow-wrap: anywhere`), but never overflows. The characters stay as written: a reader
// copies `--shortstat`, not a look-alike with a non-breaking hyphen. (An inline-block around the
// word would do the same, but Chromium then breaks between it and an opening parenthesis.)
import { escapeXml } from '../util/xml.js';

/**
 * Characters a line may break after inside a word (UAX #14: hyphens, `/`, `|`, closing brackets,
 * `?`, `!`, and `:` `;` `,` before an opening bracket), with the character that follows them, or
 * a run of two or more (`---`).
 */
const BREAK_AFTER = /[-/|})\]?!:;,]+[^\s/|})\]?!:;,-]|[-/|})\]?!:;,]{2,}/gu;

/** `<pre><code>` with a span per line; `<pre>` gets its `dir="ltr"` with any other (document.ts). */
export function codeBlock(text: string, lang: string | undefined): string {
  const language = /^\S*/.exec(lang ?? '')![0];
  const cls = language ? ` class="language-${escapeXml(language)}"` : '';
  const lines = text === '' ? [] : text.replace(/\n$/, '').split('\n');
  return `<pre><code${cls}>${lines.map((line) => `<span class="line">${escapeXml(line)}\n</span>`).join('')}</code></pre>\n`;
}

/** `<code dir="ltr">`, never broken after a hyphen or slash inside a word. */
export function inlineCode(text: string): string {
  let out = '';
  let last = 0;
  for (const m of text.matchAll(BREAK_AFTER)) {
    out += `${escapeXml(text.slice(last, m.index))}<span class="nowrap">${escapeXml(m[0])}</span>`;
    last = m.index + m[0].length;
  }
  return `<code dir="ltr">${out}${escapeXml(text.slice(last))}</code>`;
}

/** A link whose text is an address (`http://…`, `www.…`, `user@host`): it reads left to right too. */
export function isAddressText(text: string): boolean {
  return /^(?:(?:https?|ftp|git|ssh|file|svn):\/\/|mailto:|www\.)\S+$|^[^\s@]+@[^\s@]+\.[^\s@]+$/i.test(text.trim());
}
