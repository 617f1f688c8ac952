// The tables `status` prints (JSON only with --json, as git and gh print their plain form when piped): one row per language, or one per chapter (--chapters).
import type { LanguageStatus, StatusReport } from '../status/status.js';
import { table } from './table.js';

const pad2 = (n: number) => String(n).padStart(2, '0');
const day = (iso: string | null | undefined) => iso?.slice(0, 10) ?? '-';
const lines = (added: number, deleted: number) => (added || deleted ? `+${added} -${deleted}` : '-');

function chaptersCell(l: LanguageStatus, total: number): string {
  const notes = [
    l.chapters.missing.length ? `missing ${l.chapters.missing.map(pad2).join(' ')}` : '',
    l.chapters.extra.length ? `extra ${l.chapters.extra.map(pad2).join(' ')}` : '',
  ].filter(Boolean);
  return `${l.chapters.present.length}/${total}${notes.length ? ` (${notes.join('; ')})` : ''}`;
}

function figuresCell(l: LanguageStatus): string {
  const f = l.figures;
  const notes = [f.localized ? `${f.localized} localized` : '', f.unresolved.length ? `${f.unresolved.length} not found` : ''].filter(Boolean);
  return `${f.present}/${f.reference}${notes.length ? ` (${notes.join(', ')})` : ''}`;
}

/** How far behind the reference: chapters with pending changes, pending commits, their lines, the oldest's date. */
function syncCells(l: LanguageStatus): string[] {
  const b = l.behind;
  if (!b) return ['-', '-', '-', '-'];
  return [`${b.behindChapters}/${l.chapters.present.length}`, String(b.pendingCommits), lines(b.added, b.deleted), day(b.oldest)];
}

/**
 * One row per language. The sync columns (behind, pending, lines, oldest pending) are there when
 * the book's history could be read; the CLI says why when it could not.
 */
export function statusTable(report: StatusReport): string {
  const sync = report.history.available;
  const header = ['language', 'chapters', 'translated', 'figures', ...(sync ? ['behind', 'pending', 'lines', 'oldest pending'] : []), 'last commit'];
  const rows = report.languages.map((l) => [
    l.isReference ? `${l.lang} (reference)` : l.lang,
    chaptersCell(l, report.chapters.length),
    `${l.translated}%`,
    figuresCell(l),
    ...(sync ? syncCells(l) : []),
    day(l.lastCommit),
  ]);
  return table(header, rows, { right: sync ? [2, 5] : [2] });
}

/** One row per reference chapter for one language: translated share, sync point and what is pending. */
export function chapterTable(report: StatusReport, l: LanguageStatus): string {
  const header = ['chapter', 'translated', 'since', 'pending', 'lines', 'oldest pending'];
  const rows = report.chapters.map((n) => {
    const translated = `${l.translatedByChapter.find((c) => c.chapter === n)?.translated ?? 0}%`;
    if (!l.chapters.present.includes(n)) return [pad2(n), translated, 'missing', '-', '-', '-'];
    const sync = l.sync?.find((c) => c.chapter === n);
    if (!sync) return [pad2(n), translated, '-', '-', '-', '-'];
    const added = sync.pending.reduce((s, p) => s + p.added, 0);
    const deleted = sync.pending.reduce((s, p) => s + p.deleted, 0);
    return [pad2(n), translated, day(sync.since), String(sync.pending.length), lines(added, deleted), day(sync.pending[0]?.date)];
  });
  return `${l.lang}${l.isReference ? ' (reference)' : ''}\n${table(header, rows, { right: [1, 3] })}`;
}
