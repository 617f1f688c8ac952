// The index page (`index.html` beside the ebooks): one entry per language with its files. A pure
// function of its input, so the same directory gives the same bytes: no clock, no paths, no network.
import { html, joinHtml, type SafeHtml } from '../pages/html.js';
import { page } from '../pages/shell.js';
import { FORMAT_GUIDE, formatLabel, formatRank, humanSize, languageNames } from './format-guide.js';
import { INDEX_STYLE } from './index-style.js';
import { currencyLine } from '../sync/currency.js';
import { SUMS_NAME, type LanguageFacts, type RecordedFile } from './manifest.js';

export interface IndexPageInput {
  /** The page's heading: the book's title. */
  title: string;
  languages: { lang: string; facts?: LanguageFacts; files: RecordedFile[] }[];
  cover?: { mediaType: string; bytes: Uint8Array };
  /** The build date (from the sources, never the clock). */
  date?: string;
  tool?: string;
  calibre?: string | null;
  /** Whether the directory has a SHA256SUMS to link. */
  sums: boolean;
}

function completeness(facts: LanguageFacts | undefined): string {
  if (!facts) return '';
  const parts: string[] = [];
  if (facts.chapters !== undefined)
    parts.push(`${facts.chapters}${facts.of !== undefined ? ` of ${facts.of}` : ''} chapter${facts.chapters === 1 && facts.of === undefined ? '' : 's'}`);
  if (facts.translated !== undefined) parts.push(`${facts.translated}% translated`);
  const said = parts.join(', ');
  return facts.currency ? `${said}${said ? '; ' : ''}${currencyLine(facts.currency, 'en').text}` : said;
}

function entry(e: IndexPageInput['languages'][number]): SafeHtml {
  const names = languageNames(e.lang, e.facts?.name);
  const files = [...e.files].sort((a, b) => formatRank(a.format) - formatRank(b.format) || (a.file < b.file ? -1 : 1));
  const done = completeness(e.facts);
  // A file name as a relative link: every character a URL path segment cannot hold as is (space, `#`, `?`, non-ASCII) escaped.
  const links = files.map(
    (f) =>
      html`<li><a href="${encodeURIComponent(f.file)}" hreflang="${names.tag}">${formatLabel(f.format)}</a> <span class="muted">${humanSize(f.bytes)}</span></li>`,
  );
  // The entry is in its language; what the page says about it (the English name, the counts) is in the page's.
  // One line of the page: a backslash at the end of a template's line continues it.
  return html`<li class="language" lang="${names.tag}" dir="${names.dir}" data-names="${`${names.native} ${names.english} ${e.lang}`.toLowerCase()}">\
<h3 id="lang-${e.lang}">${names.native}</h3>\
${e.facts?.title && html`<p><cite>${e.facts.title}</cite></p>`}\
<div lang="en" dir="ltr"><p class="muted">${names.english} (${e.lang})${done && ` \u00b7 ${done}`}</p>\
<ul class="files" aria-label="${`Files in ${names.english}`}">${links}</ul></div></li>`;
}

function about(input: IndexPageInput): SafeHtml {
  const made = [
    input.date ? `Built ${input.date.slice(0, 10)}` : '',
    input.tool ? `with progit-ebook ${input.tool}` : '',
    input.calibre ? `and calibre ${input.calibre}` : '',
  ]
    .filter(Boolean)
    .join(' ');
  const sums = input.sums && html` <a href="${SUMS_NAME}">Checksums (${SUMS_NAME})</a>`;
  return html`<p class="muted">${made && `${made}.`}${sums}</p>`;
}

// Filtering is a convenience: without script every entry shows and the field stays hidden.
const FILTER_SCRIPT = `(function(){var f=document.getElementById('filter'),b=f.parentNode;b.hidden=false;f.addEventListener('input',function(){var q=f.value.trim().toLowerCase();document.querySelectorAll('.language').forEach(function(li){li.hidden=q!==''&&li.getAttribute('data-names').indexOf(q)<0;});});})();`;

export function indexPage(input: IndexPageInput): string {
  const formats = new Set(input.languages.flatMap((l) => l.files.map((f) => f.format)));
  const guide = FORMAT_GUIDE.filter((g) => formats.has(g.format)).map((g) => html`<dt>${g.label}</dt><dd>${g.for}</dd>`);
  const cover =
    input.cover && html`<img src="data:${input.cover.mediaType};base64,${Buffer.from(input.cover.bytes).toString('base64')}" alt="Cover of ${input.title}">`;
  const count = input.languages.length;
  const body = html`<header>${cover}<div><h1>${input.title}</h1><p>${count} language${count === 1 ? '' : 's'}. Choose yours, then the format for your device.</p>${about(input)}</div></header>
<main>
<section aria-labelledby="formats"><h2 id="formats">Which format?</h2><dl class="guide">${guide}</dl></section>
<section aria-labelledby="languages"><h2 id="languages">Languages</h2>
<p class="filter" hidden><label for="filter">Find a language</label> <input id="filter" type="search" autocomplete="off"></p>
<ul class="languages">${joinHtml(input.languages.map(entry), '\n')}</ul>
</section>
</main>
`;
  return String(page({ lang: 'en', dir: 'ltr', title: `${input.title}: ebooks`, style: INDEX_STYLE, body, script: FILTER_SCRIPT }));
}
