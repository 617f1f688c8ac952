// The book's title page: what a reader meets after the cover. A minimal version (title, authors,
// date) until the front matter's own lands; the PDF puts it after its cover.
import type { LanguageMetadata } from '../model/book.js';
import { escapeXml } from '../util/xml.js';

/** An escaped XHTML fragment, `<section class="title-page">`, without a heading element. */
export function titlePageMarkup(meta: LanguageMetadata): string {
  const authors = meta.authors.length ? `<p class="title-page-authors">${escapeXml(meta.authors.join(', '))}</p>\n` : '';
  return `<section class="title-page" lang="${escapeXml(meta.lang)}">
<p class="title-page-title">${escapeXml(meta.title)}</p>
${authors}<p class="title-page-date">${escapeXml(meta.date.slice(0, 10))}</p>
</section>
`;
}
