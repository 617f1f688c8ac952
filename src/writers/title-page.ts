// The title page every format opens with (after the cover): title, subtitle, authors, translators,
// the language and the edition. One fragment for the EPUB's title page file, the HTML page's header
// and the PDF. No heading element: the EPUB's navigation lists exactly the book's headings, and the
// title is the book's, not a section's. Names are listed and the date written as the language does
// (Intl, whose data ships with Node: the same Node writes the same bytes).
import type { LanguageMetadata } from '../model/book.js';
import { html, type SafeHtml } from '../pages/html.js';

/** `A, B and C` as the language lists names (`A、B和C`); a comma list where ICU does not know the language. */
function listOf(names: readonly string[], lang: string): string {
  try {
    return new Intl.ListFormat(lang, { type: 'conjunction' }).format(names);
  } catch {
    return names.join(', ');
  }
}

/** The edition's date, long, in the language's own words and digits (`7 December 2026`, `2026年12月7日`). */
function longDate(iso: string, lang: string): string {
  const date = new Date(iso);
  const options = { dateStyle: 'long', timeZone: 'UTC' } as const;
  try {
    return new Intl.DateTimeFormat(lang, options).format(date);
  } catch {
    return new Intl.DateTimeFormat('en', options).format(date);
  }
}

/** `Translated by {names}` with the names filled in; a label without `{names}` gets them after it. */
function translatorsLine(label: string, names: string): string {
  return label.includes('{names}') ? label.split('{names}').join(names) : `${label} ${names}`;
}

/**
 * The title page as an XHTML fragment (escaped, well-formed, valid in an EPUB content document's body
 * and in an HTML page): `<section class="title-page">` with one paragraph per line.
 */
export function titlePageMarkup(meta: LanguageMetadata): SafeHtml {
  const day = meta.date.slice(0, 10);
  const translators = meta.translators.length ? translatorsLine(meta.translatorsLabel, listOf(meta.translators, meta.lang)) : undefined;
  return html`<section class="title-page">
<p class="book-title">${meta.title}</p>
${meta.subtitle && html`<p class="book-subtitle" role="doc-subtitle">${meta.subtitle}</p>\n`}<p class="book-authors">${listOf(meta.authors, meta.lang)}</p>
${translators !== undefined && html`<p class="book-translators">${translators}</p>\n`}<p class="book-language">${meta.languageName}</p>
<p class="book-edition">${meta.version && html`${meta.version}<br />`}<time datetime="${day}">${longDate(meta.date, meta.lang)}</time></p>
</section>
`;
}
