// How one language's HTML page links the other languages of its release: `<link rel="alternate">`
// in the head for search engines and browsers, and a menu for readers, with each name in its own
// language and direction. Links are relative (`<name>.<code>.html` beside the page, and the
// release's index.html), so that the output directory can be moved, served or zipped as it is.
import { labelsFor } from '../config/labels.js';
import type { LanguageMetadata, ReleaseLanguage } from '../model/book.js';
import { escapeXml } from '../util/xml.js';

/** The page of `language`, as an attribute value: a book name with spaces or other scripts is percent-encoded. */
function pageHref(meta: Pick<LanguageMetadata, 'name'>, language: ReleaseLanguage): string {
  return escapeXml(encodeURIComponent(`${meta.name}.${language.code}.html`));
}

/**
 * `dir` where it differs from the text around it could: on every right-to-left name, and on every
 * name in a right-to-left page (a left-to-right name there would otherwise take the page's).
 */
function dirAttribute(page: LanguageMetadata, language: ReleaseLanguage): string {
  return language.dir === 'rtl' || page.dir === 'rtl' ? ` dir="${language.dir}"` : '';
}

/** The head's alternates: one per other language of the release. */
export function alternateLinks(meta: LanguageMetadata, release: readonly ReleaseLanguage[]): string {
  return release
    .filter((l) => l.lang !== meta.lang)
    .map((l) => `<link rel="alternate" hreflang="${escapeXml(l.lang)}" href="${pageHref(meta, l)}">\n`)
    .join('');
}

/** The menu of the release's languages (this one marked as the current page) and the link to its index; empty without a release. */
export function languageMenu(meta: LanguageMetadata, release: readonly ReleaseLanguage[]): string {
  if (!release.length) return '';
  const labels = labelsFor(meta.lang);
  const items = release.map((l) => {
    const current = l.lang === meta.lang ? ' aria-current="page"' : '';
    const attributes = `href="${pageHref(meta, l)}" hreflang="${escapeXml(l.lang)}" lang="${escapeXml(l.lang)}"${dirAttribute(meta, l)}${current}`;
    return `<li><a ${attributes}>${escapeXml(l.name)}</a></li>`;
  });
  return `<nav class="languages" aria-label="${escapeXml(labels.languages)}">
<ul>${items.join('')}</ul>
<p><a href="index.html">${escapeXml(labels.release)}</a></p>
</nav>
`;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The page without its links to `gone` (the release's languages whose page is not there after the
 * build: it failed, and no earlier build's page is left): its alternate in the head and its entry in
 * the menu. Only the first of each goes, the one this module wrote, before any of the book's text.
 */
export function withoutLanguages(html: string, meta: Pick<LanguageMetadata, 'name'>, gone: readonly ReleaseLanguage[]): string {
  let page = html;
  for (const l of gone) {
    const href = escapeRegExp(pageHref(meta, l));
    page = page
      .replace(new RegExp(`<link rel="alternate" hreflang="${escapeRegExp(escapeXml(l.lang))}" href="${href}">\\n`), '')
      .replace(new RegExp(`<li><a href="${href}" [^>]*>[^<]*</a></li>`), '');
  }
  return page;
}
