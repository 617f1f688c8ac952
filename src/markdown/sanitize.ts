// Chapter markup made safe for every output: raw HTML goes through the sanitizer (raw-html.ts),
// and link targets are settled across a language's chapters.
import { decodeHTML } from 'entities';
import type { Token, Tokens } from 'marked';
import { escapeXml, removeXmlForbidden } from '../util/xml.js';
import { UserError } from '../util/diagnostics.js';
import { FIGURE_MARK, TooManyOpenElements } from './content-model.js';
import { safeDecode } from './ids.js';
import { isCommentOnly, markdown } from './render.js';

/**
 * Whether a chapter's tokens hold raw HTML other than comments: markup marked passes through unread.
 * As written (`raw`), not as the reader left it: markup it removed (a `<script>` left open) may still
 * have turned the rest of its paragraph into raw text, which marked passes on unescaped.
 */
export function holdsRawHtml(tokens: Token[]): boolean {
  let raw = false;
  // walkTokens returns what async extensions return; the reader's are synchronous.
  void markdown.walkTokens(tokens, (token) => {
    raw ||= isRawHtml(token);
  });
  return raw;
}

/** One token of holdsRawHtml()'s walk: the reader asks this of every token it visits anyway. */
export function isRawHtml(token: Token): boolean {
  return (token.type === 'html' && !isCommentOnly(token.raw)) || (token.type === 'text' && (token as Tokens.Text).escaped === true);
}

/**
 * Entity references other than XML's five, which an XHTML file without a DTD cannot use: every
 * `&name;` and `&#...;` that marked passes through as written (its escape keeps `&#?\w+;`).
 */
const HTML_REFERENCE = /&(?!(?:amp|lt|gt|quot|#39);)#?\w+;/g;
const FIGURE_MARK_ATTRIBUTE = ` ${FIGURE_MARK.name}="${FIGURE_MARK.value}"`;

/**
 * A rendered chapter made safe for every output. Parsing it again with the sanitizer is needed only
 * when the source holds raw HTML; what marked renders from Markdown alone is escaped and well-nested
 * already (see trustedMarkup). Skipping the second parse halves the time a language takes to render.
 */
export async function finishChapter(html: string, rawHtml: { file: string; line: number } | undefined): Promise<string> {
  if (!rawHtml) return trustedMarkup(html);
  try {
    return (await import('./raw-html.js')).sanitizeChapter(html);
  } catch (err) {
    if (err instanceof TooManyOpenElements)
      throw new UserError({ ...rawHtml, message: `${err.message} (in the chapter whose raw HTML starts here)`, rule: 'too-deep' });
    throw err;
  }
}

/**
 * What the sanitizer would still do to markup rendered from Markdown alone: decode entity
 * references (`&copy;`, `&#x1;` and `&bogus;` pass through marked as written), drop XML-forbidden
 * characters, remove the reader's figure mark. test/unit/trusted-markup.test.ts holds the two to
 * the same output.
 */
export function trustedMarkup(html: string): string {
  return removeXmlForbidden(
    html.replaceAll(FIGURE_MARK_ATTRIBUTE, '').replace(HTML_REFERENCE, (ref) => {
      const text = decodeHTML(ref);
      return text === ref ? `&amp;${ref.slice(1)}` : escapeXml(text);
    }),
  );
}

/** Start tags with an id, and links: only these tags are looked at (a tag ends at its first `>`: markup is escaped). */
const TAG_WITH_ID = /<[a-zA-Z][^>]*?\sid="([^"]*)"[^>]*>/g;
const ID = /\sid="[^"]*"/;
const LINK = /<a\b[^>]*?\shref="([^"]*)"[^>]*>/g;

/**
 * Link targets valid for an EPUB across a language's chapters: an id given twice in raw HTML
 * (`<a name="x">` pasted twice) keeps its first place only, and a link to an id no chapter has
 * (RSC-012 in epubcheck) or to a relative path (RSC-007: the EPUB holds no such file) loses its
 * href and keeps its text. The reader warns about the links it
 * can place at a line; this catches every one left, whatever markup produced it.
 */
export function settleLinkTargets(chapters: readonly string[]): string[] {
  const ids = new Set<string>();
  const unique = chapters.map((html) =>
    html.replace(TAG_WITH_ID, (tag, id: string) => {
      const key = decodeHTML(id);
      if (!ids.has(key)) {
        ids.add(key);
        return tag;
      }
      return tag.replace(ID, '');
    }),
  );
  return unique.map((html) =>
    html.replace(LINK, (tag, href: string) => {
      if (href.startsWith('#') ? ids.has(safeDecode(decodeHTML(href.slice(1)))) : /^[a-z][a-z0-9+.-]*:/i.test(href)) return tag;
      // A fragment nobody has, or a relative path: the EPUB holds no such file.
      return tag.replace(/\shref="[^"]*"/, '');
    }),
  );
}
