// The status page's lists: under each language, its pending commits per chapter (oldest first)
// with their kind and the sections they touched, each linking to the commit's diff; then every
// diff once, folded, however many languages are behind on it.
import { englishName } from '../config/language-names.js';
import { html, joinHtml, type SafeHtml } from '../pages/html.js';
import type { PendingSection, SectionRef } from './locate.js';
import type { LanguageStatus, StatusReport } from './status.js';
import { diffKey, type LocatedCommit } from './where.js';

export const pendingId = (lang: string, chapter: number) => `pending-${lang}-${chapter}`;
const diffId = (commit: string, chapter: number) => `diff-${commit.slice(0, 12)}-${chapter}`;
const day = (iso: string) => iso.slice(0, 10);

export const PENDING_STYLE = `
.pending{padding-inline-start:1.2rem;margin:.3rem 0}.pending>li{margin:.3rem 0}.sections{margin:.1rem 0;padding-inline-start:1.2rem;color:var(--muted);font-size:.9em}
.kind{display:inline-block;border:1px solid var(--line);border-radius:.3rem;padding:0 .3rem;font-size:.85em}
h3{font-size:1rem;margin:.8rem 0 .2rem}section{margin-top:1.2rem}
details{border:1px solid var(--line);margin:.4rem 0;padding:.2rem .5rem}summary{cursor:pointer}
pre{background:var(--card);padding:.5rem;white-space:pre-wrap;overflow-wrap:anywhere;font-size:.85em}.ins{color:var(--ins)}.del{color:var(--del)}
.sections,.pending,details,p{overflow-wrap:anywhere}`;

function where(ref: SectionRef, lang: string): SafeHtml {
  return html`<span lang="${lang}">${ref.heading || '(top of the file)'}</span> <span class="file">(${ref.file}:${ref.line})</span>`;
}

function sectionItem(s: PendingSection, lang: string, reference: string): SafeHtml {
  const target = s.translation ? where(s.translation, lang) : `not aligned: ${s.reason ?? ''}`;
  return html`<li>${where(s.reference, reference)} → ${target}</li>`;
}

function commitItem(p: LocatedCommit, chapter: number, lang: string, reference: string, hasDiff: boolean): SafeHtml {
  const hash = html`<code>${p.commit.slice(0, 12)}</code>`;
  const link = hasDiff ? html`<a href="#${diffId(p.commit, chapter)}">${hash}</a>` : hash;
  const sections = p.sections.length > 0 && html`<ul class="sections">${p.sections.map((s) => sectionItem(s, lang, reference))}</ul>`;
  return html`<li>${link} <time datetime="${p.date}">${day(p.date)}</time> <span class="kind">${p.kind}</span> ${p.subject} <span class="muted">(+${p.added} −${p.deleted})</span>${sections}</li>`;
}

function languageSection(report: StatusReport, l: LanguageStatus): SafeHtml | undefined {
  const behind = (l.sync ?? []).filter((c) => c.pending.length > 0);
  if (behind.length === 0) return undefined;
  const name = englishName(l.lang);
  const id = `pending-${l.lang}`;
  const chapters = behind.map(
    (c) =>
      html`<h3 id="${pendingId(l.lang, c.chapter)}">Chapter ${c.chapter}: ${c.pending.length} pending</h3>\n<ol class="pending">${joinHtml(
        c.pending.map((p) => commitItem(p, c.chapter, l.lang, report.reference, report.diffs?.[diffKey(p.commit, c.chapter)] !== undefined)),
        '\n',
      )}</ol>`,
  );
  return html`<section aria-labelledby="${id}">\n<h2 id="${id}"><span lang="${l.lang}">${l.lang}</span>${name && html` (${name})`}: not carried over from ${report.reference}</h2>\n${joinHtml(chapters, '\n')}\n</section>`;
}

const diffLine = (line: string): SafeHtml => {
  if (line.startsWith('+++') || line.startsWith('---')) return html`<b>${line}</b>`;
  if (line[0] === '+') return html`<span class="ins">${line}</span>`;
  if (line[0] === '-') return html`<span class="del">${line}</span>`;
  return html`${line}`;
};

/** Every pending commit's diff of a chapter once, in the order the languages first list them. */
function diffSection(report: StatusReport): SafeHtml | undefined {
  if (!report.diffs) return undefined;
  const seen = new Map<string, { p: LocatedCommit; chapter: number }>();
  for (const l of report.languages)
    for (const c of l.sync ?? [])
      for (const p of c.pending) if (!seen.has(diffKey(p.commit, c.chapter))) seen.set(diffKey(p.commit, c.chapter), { p, chapter: c.chapter });
  const items = [...seen]
    .filter(([key]) => report.diffs![key] !== undefined)
    .map(([key, { p, chapter }]) => {
      const body = joinHtml(report.diffs![key]!.split('\n').map(diffLine), '\n');
      return html`<details id="${diffId(p.commit, chapter)}"><summary><code>${p.commit.slice(0, 12)}</code> ${day(p.date)} ${p.subject}: chapter ${chapter}, ${p.kind}</summary><pre>${body}</pre></details>`;
    });
  if (items.length === 0) return undefined;
  return html`<section aria-labelledby="diffs">\n<h2 id="diffs">The changes, once each</h2>\n${joinHtml(items, '\n')}\n</section>`;
}

/** The lists under the table: per language, then the diffs. */
export function pendingLists(report: StatusReport): SafeHtml {
  return joinHtml([...report.languages.map((l) => languageSection(report, l)), diffSection(report)].filter(Boolean), '\n');
}
