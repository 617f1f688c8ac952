// `status --html`: the report as one self-contained page a team can publish: a row per language,
// a cell per chapter with its translated share and how far it is behind the reference. Readable
// without script; a few lines of script sort the columns.
import { writeFileAtomic } from '../util/atomic-write.js';
import { PAGE_BASE_STYLE } from '../catalog/page-style.js';
import { englishName } from '../config/language-names.js';
import { escapeXml } from '../util/xml.js';
import type { LanguageStatus, StatusReport } from './status.js';
import { PENDING_STYLE, pendingId, pendingLists } from './page-pending.js';

const esc = escapeXml;
const day = (iso: string | null | undefined) => iso?.slice(0, 10) ?? '';

/** A cell with the value it sorts by; text is escaped here, `html` is trusted markup built in this file. */
const cell = (sortBy: string | number, html: string, cls = '') => `<td data-sort="${esc(String(sortBy))}"${cls ? ` class="${cls}"` : ''}>${html}</td>`;

function chapterCell(l: LanguageStatus, n: number): string {
  const share = l.translatedByChapter.find((c) => c.chapter === n)?.translated ?? 0;
  if (!l.chapters.present.includes(n)) return cell(-1, 'missing', 'missing');
  const pending = l.sync?.find((c) => c.chapter === n)?.pending ?? [];
  if (pending.length === 0) return cell(share, `${share}%`, l.sync ? 'current' : '');
  const lines = pending.reduce((s, p) => s + p.added + p.deleted, 0);
  const label = `${share}%<br><a class="behind" href="#${esc(pendingId(l.lang, n))}">${pending.length} behind</a><span class="lines">${lines} lines<br>since ${day(pending[0]!.date)}</span>`;
  return cell(share, label, 'behind-cell');
}

function row(report: StatusReport, l: LanguageStatus): string {
  const b = l.behind;
  const name = englishName(l.lang) ?? l.lang;
  return [
    '<tr>',
    `<th scope="row" data-sort="${esc(l.lang)}"><span lang="${esc(l.lang)}">${esc(l.lang)}</span>${name !== l.lang ? ` <span class="name">${esc(name)}</span>` : ''}${l.isReference ? ' <span class="name">(reference)</span>' : ''}</th>`,
    cell(l.translated, `${l.translated}%`),
    cell(l.chapters.present.length, `${l.chapters.present.length}/${report.chapters.length}`),
    b ? cell(b.pendingCommits, b.pendingCommits ? `${b.pendingCommits} in ${b.behindChapters} ch.` : 'none') : cell(-1, l.isReference ? '' : 'unknown'),
    cell(b?.oldest ?? '', esc(day(b?.oldest))),
    cell(l.lastCommit ?? '', esc(day(l.lastCommit))),
    ...report.chapters.map((n) => chapterCell(l, n)),
    '</tr>',
  ].join('');
}

function dataLine(report: StatusReport): string {
  const h = report.history;
  if (!h.available) return `<p class="note">Whether translations are behind is not shown: ${esc(h.reason)}; to see it, ${esc(h.fix)}.</p>`;
  return `<p>Data as of <time datetime="${esc(h.head.date)}">${esc(h.head.date.replace('T', ' '))}</time>, commit <code>${esc(h.head.commit.slice(0, 12))}</code> (${h.commits} commits read). Reference language: <span lang="${esc(report.reference)}">${esc(report.reference)}</span>.</p>`;
}

// The palette and type of every page beside the ebooks, and the status table's own: its cells' states in both schemes.
const STYLE = `${PAGE_BASE_STYLE}
:root{--ok:#dff3e4;--late:#fde7c7;--gone:#eee}
@media (prefers-color-scheme:dark){:root{--ok:#173d24;--late:#4a3208;--gone:#2a2a2a}}
body{padding:1rem}
main{max-width:90rem;margin:auto}h1{font-size:1.5rem;margin:.2rem 0 .6rem}p{max-width:70ch}.note{font-style:italic}
.scroll{overflow-x:auto;max-width:100%;border:1px solid var(--line)}.scroll:focus{outline:3px solid var(--link)}
table{border-collapse:collapse;font-variant-numeric:tabular-nums}h2{font-size:1.1rem;margin:1rem 0 .4rem}
th,td{border:1px solid var(--line);padding:.3rem .5rem;text-align:end;vertical-align:top;white-space:nowrap}th:first-child{text-align:start}
th[scope=row]{position:sticky;inset-inline-start:0;background:var(--bg);white-space:normal;min-width:6rem}
thead th{background:var(--bg)}button{font:inherit;font-weight:600;color:inherit;background:none;border:0;padding:0;cursor:pointer;text-decoration:underline dotted}
.name,.lines{color:var(--muted);font-size:.85em}.lines{display:block}.current{background:var(--ok)}.behind-cell{background:var(--late)}.missing{background:var(--gone);color:var(--muted)}.behind{font-weight:600}
@media (max-width:40rem){body{padding:.5rem}.lines{display:none}}${PENDING_STYLE}`;

// Sorts by a column's data-sort values, numbers as numbers; aria-sort tells screen readers the order.
const SCRIPT = `for(const b of document.querySelectorAll('thead button'))b.addEventListener('click',()=>{const th=b.closest('th'),i=[...th.parentNode.children].indexOf(th),tb=document.querySelector('tbody'),up=th.getAttribute('aria-sort')!=='ascending';for(const o of th.parentNode.children)o.removeAttribute('aria-sort');th.setAttribute('aria-sort',up?'ascending':'descending');const v=r=>r.children[i].dataset.sort,rows=[...tb.rows].sort((a,c)=>{const x=v(a),y=v(c),n=x!==''&&y!==''&&!isNaN(x)&&!isNaN(y);return (n?x-y:x.localeCompare(y))*(up?1:-1)});tb.append(...rows)});`;

/** The page's HTML: the same report always gives the same bytes (no clock: its date is the history's). */
export function statusPage(report: StatusReport): string {
  const heads = ['Language', 'Translated', 'Chapters', 'Pending', 'Oldest pending', 'Last commit', ...report.chapters.map((n) => `Ch. ${n}`)];
  const head = heads.map((h, i) => `<th scope="col"${i === 0 ? ' aria-sort="ascending"' : ''}><button type="button">${esc(h)}</button></th>`).join('');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Translation status</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>Translation status</h1>
${dataLine(report)}
<p>Per chapter: the share of the reference's prose translated (an estimate); <strong>n behind</strong>: reference commits changed the chapter that the translation has not carried over yet; it links to them, listed under the table with their kind and the sections they touched, and each one's diff. <code>progit-ebook status --carry LANG --chapter N</code> applies the code-only ones.</p>
<h2 id="status-table">Languages against ${esc(report.reference)}</h2>
<p>Select a column heading to sort by it.</p>
<div class="scroll" role="region" aria-labelledby="status-table" tabindex="0">
<table aria-labelledby="status-table">
<thead><tr>${head}</tr></thead>
<tbody>
${report.languages.map((l) => row(report, l)).join('\n')}
</tbody>
</table>
</div>
${pendingLists(report)}
</main>
<script>${SCRIPT}</script>
</body>
</html>
`;
}

/**
 * Writes the page (`--html PATH`); a failed write leaves any page already there untouched, and
 * anything but a regular file at PATH (a FIFO, a device, a link) is refused, not replaced.
 */
export async function writeStatusPage(report: StatusReport, path: string): Promise<void> {
  await writeFileAtomic(path, statusPage(report), '--html');
}
