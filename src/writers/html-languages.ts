// How one language's HTML page links the other languages of its release: `<link rel="alternate">`
// in the head for search engines and browsers, and a menu for readers, with each name in its own
// language and direction. Links are relative (`<name>.<code>.html` beside the page, and the
// release's index.html), so that the output directory can be moved, served or zipped as it is.
import { labelsFor } from '../config/labels.js';
import type { LanguageMetadata, ReleaseLanguage } from '../model/book.js';
import { html, type SafeHtml } from '../pages/html.js';

/** The page of `language`: a book name with spaces or other scripts is percent-encoded. */
function pageHref(meta: Pick<LanguageMetadata, 'name'>, language: ReleaseLanguage): string {
  return encodeURIComponent(`${meta.name}.${language.code}.html`);
}

/**
 * `dir` where it differs from the text around it could: on every right-to-left name, and on every
 * name in a right-to-left page (a left-to-right name there would otherwise take the page's).
 */
function dirAttribute(page: LanguageMetadata, language: ReleaseLanguage): SafeHtml | false {
  return (language.dir === 'rtl' || page.dir === 'rtl') && html` dir="${language.dir}"`;
}

function alternateLink(meta: Pick<LanguageMetadata, 'name'>, l: ReleaseLanguage): SafeHtml {
  return html`<link rel="alternate" hreflang="${l.lang}" href="${pageHref(meta, l)}">\n`;
}

/** The head's alternates: one per other language of the release. */
export function alternateLinks(meta: LanguageMetadata, release: readonly ReleaseLanguage[]): SafeHtml {
  return html`${release.filter((l) => l.lang !== meta.lang).map((l) => alternateLink(meta, l))}`;
}

/** The menu of the release's languages (this one marked as the current page) and the link to its index; nothing without a release. */
export function languageMenu(meta: LanguageMetadata, release: readonly ReleaseLanguage[]): SafeHtml | undefined {
  if (!release.length) return undefined;
  const labels = labelsFor(meta.lang);
  const items = release.map((l) => {
    const current = l.lang === meta.lang && html` aria-current="page"`;
    return html`<li><a href="${pageHref(meta, l)}" hreflang="${l.lang}" lang="${l.lang}"${dirAttribute(meta, l)}${current}>${l.name}</a></li>`;
  });
  return html`<nav class="languages" aria-label="${labels.languages}">
<ul>${items}</ul>
<p><a href="index.html">${labels.release}</a></p>
</nav>
`;
}

/** `page` without its first `fragment`. */
function withoutFirst(page: string, fragment: string, end = ''): string {
  const at = page.indexOf(fragment);
  if (at < 0) return page;
  const to = end ? page.indexOf(end, at + fragment.length) : at;
  return to < 0 ? page : page.slice(0, at) + page.slice(to + end.length + (end ? 0 : fragment.length));
}

/**
 * The page without its links to `gone` (the release's languages whose page is not there after the
 * build: it failed, and no earlier build's page is left): its alternate in the head and its entry in
 * the menu. Only the first of each goes, the one this module wrote, before any of the book's text.
 */
export function withoutLanguages(page: string, meta: Pick<LanguageMetadata, 'name'>, gone: readonly ReleaseLanguage[]): string {
  let out = page;
  for (const l of gone) {
    out = withoutFirst(out, String(alternateLink(meta, l)));
    out = withoutFirst(out, String(html`<li><a href="${pageHref(meta, l)}" `), '</a></li>');
  }
  return out;
}
