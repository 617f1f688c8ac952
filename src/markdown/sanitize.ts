// The last step of rendering a chapter: only markup an ebook may hold reaches any output. Sources
// come from pull requests, and raw HTML in Markdown passes through marked untouched, so scripts,
// frames, plugins, event handlers and `javascript:` URLs are removed here, for every format at
// once. Parsing the whole chapter also closes unbalanced tags, which would otherwise break the
// XHTML of the EPUB.
import { decodeHTML } from 'entities';
import type { Token } from 'marked';
import sanitizeHtml from 'sanitize-html';
import { escapeXml, removeXmlForbidden } from '../util/xml.js';
import { contentModelHooks, FIGURE_MARK } from './content-model.js';
import { safeDecode } from './ids.js';
import { KEPT_SCHEMES, markdown, stripComments } from './render.js';

const TAGS = [
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'br', 'hr', 'pre', 'code', 'kbd', 'samp', 'var', 'blockquote',
  'em', 'strong', 'i', 'b', 'u', 's', 'del', 'ins', 'sub', 'sup', 'small', 'mark', 'abbr', 'cite', 'q', 'dfn', 'tt',
  'a', 'img', 'figure', 'figcaption', 'span', 'div', 'section', 'aside',
  'ul', 'ol', 'li', 'dl', 'dt', 'dd',
  'table', 'caption', 'colgroup', 'col', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td',
];

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: TAGS,
  allowedAttributes: {
    '*': ['id', 'class', 'title', 'lang', 'dir'],
    a: ['href', 'name'],
    img: ['src', 'alt', 'width', 'height'],
    ol: ['start'],
    td: ['colspan', 'rowspan'],
    th: ['colspan', 'rowspan'],
  },
  allowedSchemes: [...KEPT_SCHEMES],
  // Images the reader resolved inside the book are `file:` URLs until a writer embeds them; a remote
  // image is never fetched (the EPUB library would download any http(s) src it is given).
  allowedSchemesByTag: { img: ['file'] },
  allowProtocolRelative: false,
  // An image without a source the book holds would be invalid XHTML (the reader already put such
  // images' alt text in their place).
  exclusiveFilter: (frame) => frame.tag === 'img' && !/^file:/i.test(frame.attribs.src ?? ''),
  // Elements whose content is code or plugin data, not text: dropped whole.
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'iframe', 'object', 'embed', 'applet', 'frameset', 'template'],
  selfClosing: ['img', 'br', 'hr', 'col'],
  parser: { lowerCaseTags: true, lowerCaseAttributeNames: true },
  // Deeper raw HTML is flattened: later passes walk the markup recursively.
  nestingLimit: 300,
};

const ALLOWED = new Set(TAGS);

export function sanitizeChapter(html: string): string {
  const model = contentModelHooks(ALLOWED);
  return removeXmlForbidden(
    sanitizeHtml(html, {
      ...OPTIONS,
      onOpenTag: model.onOpenTag,
      onCloseTag: model.onCloseTag,
      textFilter: model.text,
      transformTags: {
        // XHTML has no `name` anchors: `<a name="x">` (old Markdown's way to mark a link target) becomes `id="x"`.
        a: (tagName, attribs) => {
          const { name, ...rest } = attribs;
          return { tagName, attribs: name && !rest.id ? { ...rest, id: name } : rest };
        },
        // Not in XHTML 5.
        tt: 'code',
        '*': model.transform,
      },
    }),
  );
}

/** Whether a chapter's tokens hold raw HTML other than comments: markup marked passes through unread. */
export function holdsRawHtml(tokens: Token[]): boolean {
  let raw = false;
  markdown.walkTokens(tokens, (token) => {
    if (!raw && token.type === 'html' && stripComments(token.text).trim() !== '') raw = true;
  });
  return raw;
}

/** Entity references other than XML's five, which an XHTML file without a DTD cannot use. */
const HTML_REFERENCE = /&(?!(?:amp|lt|gt|quot|#39);)(?:#[xX][0-9a-fA-F]+|#\d+|[A-Za-z][A-Za-z0-9]*);/g;
const FIGURE_MARK_ATTRIBUTE = ` ${FIGURE_MARK.name}="${FIGURE_MARK.value}"`;

/**
 * A rendered chapter made safe for every output. Parsing it again with the sanitizer is needed only
 * when the source holds raw HTML; what marked renders from Markdown alone is escaped and well-nested
 * already, and needs only what the sanitizer would also do to it: entity references decoded
 * (`&copy;`, `&#x1;` and `&bogus;` pass through marked as written), XML-forbidden characters
 * dropped, the reader's figure mark removed. Skipping the second parse halves the time a language
 * takes to render; test/unit/trusted-markup.test.ts holds the two paths to the same output.
 */
export function finishChapter(html: string, rawHtml: boolean): string {
  if (rawHtml) return sanitizeChapter(html);
  return removeXmlForbidden(
    html.replaceAll(FIGURE_MARK_ATTRIBUTE, '').replace(HTML_REFERENCE, (ref) => {
      const text = decodeHTML(ref);
      return text === ref ? `&amp;${ref.slice(1)}` : escapeXml(text);
    }),
  );
}

const TAG = /<[a-zA-Z][^>]*>/g;
const ID = /\sid="([^"]*)"/;

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
    html.replace(TAG, (tag) => {
      const id = ID.exec(tag)?.[1];
      if (id === undefined) return tag;
      const key = decodeHTML(id);
      if (!ids.has(key)) {
        ids.add(key);
        return tag;
      }
      return tag.replace(ID, '');
    }),
  );
  return unique.map((html) =>
    html.replace(TAG, (tag) => {
      const href = /^<a\b[^>]*?\shref="([^"]*)"/.exec(tag)?.[1];
      if (href === undefined || (href.startsWith('#') ? ids.has(safeDecode(decodeHTML(href.slice(1)))) : /^[a-z][a-z0-9+.-]*:/i.test(href))) return tag;
      // A fragment nobody has, or a relative path: the EPUB holds no such file.
      return tag.replace(/\shref="[^"]*"/, '');
    }),
  );
}
