// Per language, what `status` says of its sync with the reference: one item per chapter both
// have, and the totals the table shows. The rule itself is in pending.ts.
import type { ChapterSync, SyncIndex } from './pending.js';

export interface SyncSummary {
  /** Chapters with at least one pending reference commit. */
  behindChapters: number;
  /** Distinct pending reference commits over all chapters. */
  pendingCommits: number;
  /** Lines the pending commits added and deleted in the reference chapters' files. */
  added: number;
  deleted: number;
  /** Committer date of the oldest pending commit; null when nothing is pending. */
  oldest: string | null;
  /** Hashes the language's commit messages name that match no reference commit, or several. */
  unresolvedRefs: number;
}

export interface LanguageSync {
  chapters: ChapterSync[];
  summary: SyncSummary;
}

export function languageSync(index: SyncIndex, lang: string, chapters: readonly number[]): LanguageSync {
  const items = chapters.map((n) => index.chapterSync(lang, n));
  const pending = items.flatMap((c) => c.pending);
  const oldest = pending.reduce<string | null>((o, p) => (o === null || Date.parse(p.date) < Date.parse(o) ? p.date : o), null);
  const translationCommits = [...new Set(chapters.flatMap((n) => index.changedChapter(lang, n)))];
  return {
    chapters: items,
    summary: {
      behindChapters: items.filter((c) => c.pending.length > 0).length,
      pendingCommits: new Set(pending.map((p) => p.commit)).size,
      added: pending.reduce((n, p) => n + p.added, 0),
      deleted: pending.reduce((n, p) => n + p.deleted, 0),
      oldest,
      unresolvedRefs: index.namedBy(translationCommits).unresolved,
    },
  };
}
