// `status --html`: the report as one self-contained page a team can publish: a row per language,
// a cell per chapter with its translated share and how far it is behind the reference. Readable
// without script; a few lines of script sort the columns.
import { writeFileAtomic } from '../util/atomic-write.js';
import { html, joinHtml, type SafeHtml } from '../pages/html.js';
import { PAGE_BASE_STYLE } from '../pages/palette.js';
import { page } from '../pages/shell.js';
import { englishName } from '../config/language-names.js';
import type { LanguageStatus, StatusReport } from './status.js';
import { PENDING_STYLE, pendingId, pendingLists } from './page-pending.js';

const day = (iso: string | null | undefined) => iso?.slice(0, 10) ?? '';

/** A cell with the value it sorts by. */
const cell = (sortBy: string | number, content: SafeHtml | string, cls = '') => html`<td data-sort="${sortBy}"${cls && html` class="${cls}"`}>${content}</td>`;

function chapterCell(l: LanguageStatus, n: number): SafeHtml {
  const share = l.translatedByChapter.find((c) => c.chapter === n)?.translated ?? 0;
  if (!l.chapters.present.includes(n)) return cell(-1, 'missing', 'missing');
  const pending = l.sync?.find((c) => c.chapter === n)?.pending ?? [];
  if (pending.length === 0) return cell(share, `${share}%`, l.sync ? 'current' : '');
  const lines = pending.reduce((s, p) => s + p.added + p.deleted, 0);
  const label = html`${share}%<br><a class="behind" href="#${pendingId(l.lang, n)}">${pending.length} behind</a><span class="lines">${lines} lines<br>since ${day(pending[0]!.date)}</span>`;
  return cell(share, label, 'behind-cell');
}

function row(report: StatusReport, l: LanguageStatus): SafeHtml {
  const b = l.behind;
  const name = englishName(l.lang) ?? l.lang;
  const pending = b
    ? cell(b.pendingCommits, b.pendingCommits ? `${b.pendingCommits} in ${b.behindChapters} ch.` : 'none')
    : cell(-1, l.isReference ? '' : 'unknown');
  // One line of the page: a backslash at the end of a template's line continues it.
  return html`<tr>\
<th scope="row" data-sort="${l.lang}"><span lang="${l.lang}">${l.lang}</span>${name !== l.lang && html` <span class="name">${name}</span>`}${l.isReference && html` <span class="name">(reference)</span>`}</th>\
${cell(l.translated, `${l.translated}%`)}\
${cell(l.chapters.present.length, `${l.chapters.present.length}/${report.chapters.length}`)}\
${pending}\
${cell(b?.oldest ?? '', day(b?.oldest))}\
${cell(l.lastCommit ?? '', day(l.lastCommit))}\
${report.chapters.map((n) => chapterCell(l, n))}\
</tr>`;
}

function dataLine(report: StatusReport): SafeHtml {
  const h = report.history;
  if (!h.available) return html`<p class="note">Whether translations are behind is not shown: ${h.reason}; to see it, ${h.fix}.</p>`;
  return html`<p>Data as of <time datetime="${h.head.date}">${h.head.date.replace('T', ' ')}</time>, commit <code>${h.head.commit.slice(0, 12)}</code> (${h.commits} commits read). Reference language: <span lang="${report.reference}">${report.reference}</span>.</p>`;
}

// The type of every page beside the ebooks on the one palette (its cells' states are colours of the palette), and the status table's own.
const STYLE = `${PAGE_BASE_STYLE}
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
  const head = heads.map((h, i) => html`<th scope="col"${i === 0 && html` aria-sort="ascending"`}><button type="button">${h}</button></th>`);
  const body = html`<main>
<h1>Translation status</h1>
${dataLine(report)}
<p>Per chapter: the share of the reference's prose translated (an estimate); <strong>n behind</strong>: reference commits changed the chapter that the translation has not carried over yet; it links to them, listed under the table with their kind and the sections they touched, and each one's diff. <code>progit-ebook status --carry LANG --chapter N</code> applies the code-only ones.</p>
<h2 id="status-table">Languages against ${report.reference}</h2>
<p>Select a column heading to sort by it.</p>
<div class="scroll" role="region" aria-labelledby="status-table" tabindex="0">
<table aria-labelledby="status-table">
<thead><tr>${head}</tr></thead>
<tbody>
${joinHtml(
  report.languages.map((l) => row(report, l)),
  '\n',
)}
</tbody>
</table>
</div>
${pendingLists(report)}
</main>
`;
  return String(page({ lang: 'en', dir: 'ltr', title: 'Translation status', style: STYLE, body, script: SCRIPT }));
}

/**
 * Writes the page (`--html PATH`); a failed write leaves any page already there untouched, and
 * anything but a regular file at PATH (a FIFO, a device, a link) is refused, not replaced.
 */
export async function writeStatusPage(report: StatusReport, path: string): Promise<void> {
  await writeFileAtomic(path, statusPage(report), '--html');
}
