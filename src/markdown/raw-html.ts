// The last step of rendering a chapter that holds raw HTML: only markup an ebook may hold reaches
// any output. Sources come from pull requests, and raw HTML in Markdown passes through marked
// untouched, so scripts, frames, plugins, event handlers and `javascript:` URLs are removed here,
// for every format at once. Parsing the whole chapter also closes unbalanced tags, which would
// otherwise break the XHTML of the EPUB. Its own module: sanitize-html is loaded only for books
// that need it (see finishChapter in sanitize.ts).
import sanitizeHtml from 'sanitize-html';
import { removeXmlForbidden } from '../util/xml.js';
import { contentModelHooks } from './content-model.js';
import { KEPT_SCHEMES } from './render.js';

const TAGS = [
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'p',
  'br',
  'hr',
  'pre',
  'code',
  'kbd',
  'samp',
  'var',
  'blockquote',
  'em',
  'strong',
  'i',
  'b',
  'u',
  's',
  'del',
  'ins',
  'sub',
  'sup',
  'small',
  'mark',
  'abbr',
  'cite',
  'q',
  'dfn',
  'tt',
  'a',
  'img',
  'figure',
  'figcaption',
  'span',
  'div',
  'section',
  'aside',
  'ul',
  'ol',
  'li',
  'dl',
  'dt',
  'dd',
  'table',
  'caption',
  'colgroup',
  'col',
  'thead',
  'tbody',
  'tfoot',
  'tr',
  'th',
  'td',
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
