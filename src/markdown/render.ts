// Token stream -> XHTML-safe markup. Ids and image sources are decided before rendering
// (see document.ts), so the renderer itself is stateless and shared.
import { decodeHTML } from 'entities';
import { Marked, Renderer, type Token, type Tokens } from 'marked';
import { escapeXml, removeXmlForbidden } from '../util/xml.js';
import type { ChapterNumbering } from './chapter-number.js';
import { isWide } from './cjk.js';
import { codeBlock, inlineCode, isAddressText } from './code-markup.js';
import { FIGURE_MARK } from './content-model.js';
import { progitMarkdown, type FigureToken, type TableDeclarationToken } from './extensions.js';

/** A heading token after id assignment; a chapter's h1 may carry its number. */
export type IdHeading = Tokens.Heading & { id?: string; numbering?: ChapterNumbering };

/** Drops HTML comments: translators keep the original text in them (pl has hundreds). */
/** A comment as HTML reads it: `<!-->` and `<!--->` are empty comments, closed at once. */
const COMMENT = /<!--(?:-?>|[\s\S]*?-->)/g;

export function stripComments(html: string): string {
  return html.replace(COMMENT, '').replace(/<!--[\s\S]*$/, '');
}

/** Raw HTML that holds nothing but comments and blanks. */
export function isCommentOnly(html: string): boolean {
  return stripComments(html).trim() === '';
}

/** XHTML has no link inside a link (`[see <http://x.org>](http://y.org)`): the inner ones keep their text. */
function unlinkInside(tokens: readonly Token[] | undefined): void {
  for (const t of tokens ?? []) {
    if (t.type === 'link') (t as Tokens.Link).href = '';
    if ('tokens' in t && Array.isArray(t.tokens)) unlinkInside(t.tokens);
  }
}

/** Offset of a `<!--` that is never closed, or -1. */
export function unclosedComment(html: string): number {
  const closed = html.replace(COMMENT, (c) => ' '.repeat(c.length));
  return closed.indexOf('<!--');
}

/** The `id` and `name` attributes a piece of raw HTML declares (comments aside). */
export function htmlIds(html: string): string[] {
  return [...stripComments(html).matchAll(/\s(?:id|name)\s*=\s*["']([^"']+)["']/gi)].map((m) => m[1]!);
}

/** The text of inline tokens without markup, for alt text and table-of-contents titles. */
export function plainText(tokens: readonly Token[] | undefined): string {
  let out = '';
  for (const t of tokens ?? []) {
    if (t.type === 'html') continue;
    if (t.type === 'br') out += ' ';
    else if ('tokens' in t && Array.isArray(t.tokens) && t.type !== 'codespan') out += plainText(t.tokens);
    else if (t.type === 'codespan') out += (t as Tokens.Codespan).text;
    // Text tokens keep entities as written (`&copy;`) and escape tokens hold escaped markup.
    else if ('text' in t && typeof t.text === 'string') out += decodeHTML(t.text);
  }
  return removeXmlForbidden(out).replace(/\s+/g, ' ').trim();
}

/**
 * Emphasis CommonMark leaves as literal text but RDiscount rendered, which is what the sources
 * mean, in CJK text: `_作者（author）_和` (CommonMark sees an intraword underscore between CJK
 * letters) and `**“引号”**之后` (punctuation-flanked delimiters). Only where a delimiter touches a
 * CJK character: `snake_case`, `имя_файла` and `*.c,*.h` stay literal.
 */
const LEFTOVER_EMPHASIS = /(\*\*|__|\*|_)([^\s*_](?:[^*_\n]*?[^\s*_])?)\1/g;
const ASCII_WORD = /[A-Za-z0-9]/;

export function emphasizeLeftovers(token: Tokens.Text): void {
  const text = token.text;
  if (!/[*_]/.test(text) || token.tokens) return;
  const parts: Token[] = [];
  let last = 0;
  for (const m of text.matchAll(LEFTOVER_EMPHASIS)) {
    const [all, delimiter, inner] = m;
    const start = m.index;
    const end = start + all.length;
    const touchesCjk = [text[start - 1], inner![0], inner![inner!.length - 1], text[end]].some(isWide);
    if (!touchesCjk || (delimiter!.startsWith('_') && (ASCII_WORD.test(text[start - 1] ?? '') || ASCII_WORD.test(text[end] ?? '')))) continue;
    if (start > last) parts.push({ type: 'text', raw: text.slice(last, start), text: text.slice(last, start), escaped: false });
    parts.push({
      type: delimiter!.length === 2 ? 'strong' : 'em',
      raw: all,
      text: inner!,
      tokens: markdown.Lexer.lexInline(inner!, markdown.defaults),
    } as Tokens.Em);
    last = end;
  }
  if (parts.length === 0) return;
  if (last < text.length) parts.push({ type: 'text', raw: text.slice(last), text: text.slice(last), escaped: false });
  token.tokens = parts;
}

/** The link targets every output keeps; the sanitizer allows the same schemes (see sanitize.ts). */
export const KEPT_SCHEMES = ['http', 'https', 'mailto', 'ftp'] as const;
const KEPT_HREF = new RegExp(`^(?:#|(?:${KEPT_SCHEMES.join('|')}):)`, 'i');

export const markdown = new Marked(progitMarkdown, {
  renderer: {
    heading(token) {
      const { depth, tokens } = token;
      const { id, numbering } = token as IdHeading;
      // The label in its own element, which a style sheet can set apart; the text reads as the table of contents does.
      const label = numbering ? `<span class="chapter-label">${escapeXml(numbering.label)}</span>${escapeXml(numbering.separator)}` : '';
      return `<h${depth}${id ? ` id="${escapeXml(id)}"` : ''}>${label}${this.parser.parseInline(tokens)}</h${depth}>\n`;
    },
    html(token) {
      const html = stripComments(token.text);
      return html.trim() ? html : '';
    },
    link(token) {
      // Links the reader could not keep (into the source tree, to a missing anchor) and links in
      // schemes an ebook reader does not open (`irc:`, `git:`, `//host`) lose their href.
      if (!KEPT_HREF.test(token.href)) return this.parser.parseInline(token.tokens);
      unlinkInside(token.tokens);
      const link = Renderer.prototype.link.call(this, token);
      return isAddressText(plainText(token.tokens)) ? link.replace(/^<a /, '<a dir="ltr" ') : link;
    },
    code(token) {
      return codeBlock(token.text, token.lang);
    },
    codespan(token) {
      return inlineCode(token.text);
    },
    // XHTML: void elements closed, no form controls, no presentational attributes.
    br() {
      return '<br />';
    },
    hr() {
      return '<hr />\n';
    },
    checkbox() {
      return '';
    },
    tablecell(token) {
      const tag = token.header ? 'th' : 'td';
      return `<${tag}>${this.parser.parseInline(token.tokens)}</${tag}>\n`;
    },
    image(token) {
      if (!token.href) return escapeXml(token.text);
      const title = token.title ? ` title="${escapeXml(token.title)}"` : '';
      return `<img src="${escapeXml(token.href)}" alt="${escapeXml(token.text)}"${title} />`;
    },
  },
  extensions: [
    {
      name: 'figure',
      renderer(generic) {
        const token = generic as FigureToken;
        const caption = token.caption ? `<figcaption>${this.parser.parseInline(token.captionTokens)}</figcaption>` : '';
        const alt = plainText(token.captionTokens) || token.name;
        const body = token.src ? `<img src="${escapeXml(token.src)}" alt="${escapeXml(alt)}" />` : `<p class="figure-missing">[${escapeXml(token.name)}]</p>`;
        return `<figure class="figure${token.src ? '' : ' missing'}" ${FIGURE_MARK.name}="${FIGURE_MARK.value}">${body}${caption}</figure>\n`;
      },
    },
    {
      name: 'tableDeclaration',
      renderer(generic) {
        const token = generic as TableDeclarationToken;
        const row = (cells: Tokens.Generic[][], tag: 'th' | 'td') => `<tr>${cells.map((c) => `<${tag}>${this.parser.parseInline(c)}</${tag}>`).join('')}</tr>`;
        return (
          `<table class="table-declaration"><thead>${row(token.header, 'th')}</thead>` +
          `<tbody>${token.rows.map((r) => row(r, 'td')).join('')}</tbody></table>\n`
        );
      },
    },
  ],
});
