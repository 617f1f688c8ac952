// The index page (`index.html` beside the ebooks): one entry per language with its files. A pure
// function of its input, so the same directory gives the same bytes: no clock, no paths, no network.
import { escapeXml as esc } from '../util/xml.js';
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

/** A file name as a relative link: every character a URL path segment cannot hold as is (space, `#`, `?`, non-ASCII) escaped. */
function fileHref(file: string): string {
  return esc(encodeURIComponent(file));
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

function entry(e: IndexPageInput['languages'][number]): string {
  const names = languageNames(e.lang, e.facts?.name);
  const files = [...e.files].sort((a, b) => formatRank(a.format) - formatRank(b.format) || (a.file < b.file ? -1 : 1));
  const done = completeness(e.facts);
  const links = files
    .map(
      (f) =>
        `<li><a href="${fileHref(f.file)}" hreflang="${esc(names.tag)}">${esc(formatLabel(f.format))}</a> <span class="muted">${humanSize(f.bytes)}</span></li>`,
    )
    .join('');
  // The entry is in its language; what the page says about it (the English name, the counts) is in the page's.
  return (
    `<li class="language" lang="${esc(names.tag)}" dir="${names.dir}" data-names="${esc(`${names.native} ${names.english} ${e.lang}`.toLowerCase())}">` +
    `<h3 id="lang-${esc(e.lang)}">${esc(names.native)}</h3>` +
    (e.facts?.title ? `<p><cite>${esc(e.facts.title)}</cite></p>` : '') +
    `<div lang="en" dir="ltr"><p class="muted">${esc(names.english)} (${esc(e.lang)})${done ? ` \u00b7 ${esc(done)}` : ''}</p>` +
    `<ul class="files" aria-label="${esc(`Files in ${names.english}`)}">${links}</ul></div></li>`
  );
}

function about(input: IndexPageInput): string {
  const made = [
    input.date ? `Built ${esc(input.date.slice(0, 10))}` : '',
    input.tool ? `with progit-ebook ${esc(input.tool)}` : '',
    input.calibre ? `and calibre ${esc(input.calibre)}` : '',
  ]
    .filter(Boolean)
    .join(' ');
  const sums = input.sums ? ` <a href="${SUMS_NAME}">Checksums (${SUMS_NAME})</a>` : '';
  return `<p class="muted">${made ? `${made}.` : ''}${sums}</p>`;
}

// Filtering is a convenience: without script every entry shows and the field stays hidden.
const FILTER_SCRIPT = `(function(){var f=document.getElementById('filter'),b=f.parentNode;b.hidden=false;f.addEventListener('input',function(){var q=f.value.trim().toLowerCase();document.querySelectorAll('.language').forEach(function(li){li.hidden=q!==''&&li.getAttribute('data-names').indexOf(q)<0;});});})();`;

export function indexPage(input: IndexPageInput): string {
  const formats = new Set(input.languages.flatMap((l) => l.files.map((f) => f.format)));
  const guide = FORMAT_GUIDE.filter((g) => formats.has(g.format))
    .map((g) => `<dt>${g.label}</dt><dd>${esc(g.for)}</dd>`)
    .join('');
  const cover = input.cover
    ? `<img src="data:${esc(input.cover.mediaType)};base64,${Buffer.from(input.cover.bytes).toString('base64')}" alt="Cover of ${esc(input.title)}">`
    : '';
  const count = input.languages.length;
  return `<!DOCTYPE html>
<html lang="en" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${esc(input.title)}: ebooks</title>
<style>${INDEX_STYLE}</style>
</head>
<body>
<header>${cover}<div><h1>${esc(input.title)}</h1><p>${count} language${count === 1 ? '' : 's'}. Choose yours, then the format for your device.</p>${about(input)}</div></header>
<main>
<section aria-labelledby="formats"><h2 id="formats">Which format?</h2><dl class="guide">${guide}</dl></section>
<section aria-labelledby="languages"><h2 id="languages">Languages</h2>
<p class="filter" hidden><label for="filter">Find a language</label> <input id="filter" type="search" autocomplete="off"></p>
<ul class="languages">${input.languages.map(entry).join('\n')}</ul>
</section>
</main>
<script>${FILTER_SCRIPT}</script>
</body>
</html>
`;
}
