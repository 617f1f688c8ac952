// The pending commits of `status` with their kind and sections (locate.ts), for the report, --diff
// and --carry alike; and a translation's chapter files read for it when `status` has not read them.
import { relative } from 'node:path';
import type { BookLayout } from '../model/book.js';
import { readSource } from '../markdown/source.js';
import { UserError } from '../util/diagnostics.js';
import { locate, ReferenceChanges, type ChapterChangeSet, type ChangeKind, type PendingSection, type TranslationFile } from './locate.js';
import { referencePatches, type Patches } from './patches.js';
import { unifiedHunks } from './patch-parse.js';
import type { ChapterSync, PendingCommit } from '../sync/pending.js';
import { structureOf } from './structure.js';

export interface LocatedCommit extends PendingCommit {
  kind: ChangeKind;
  /** Per run of changed lines, in the commit's order, each section once. */
  sections: PendingSection[];
}

export interface LocatedChapterSync extends Omit<ChapterSync, 'pending'> {
  pending: LocatedCommit[];
}

/** A chapter's pending commits with where they land in the translation's `files` and their kind. */
export function locateChapter(sync: ChapterSync, changes: ReferenceChanges, files: readonly TranslationFile[], lang: string): LocatedChapterSync {
  const pending = sync.pending.map((p): LocatedCommit => {
    const set = changes.chapter(p.commit, sync.chapter);
    // A change git shows no text of (a binary file only) is for a person to look at.
    if (!set) return { ...p, kind: 'prose', sections: [] };
    return { ...p, kind: set.kind, sections: locate(set.places, files, lang, changes.reference) };
  });
  return { ...sync, pending };
}

/** The reference's changes, from the walk `patchesRead` ran; its failure is git's, said with its message. */
export async function referenceChanges(
  root: string,
  reference: string,
  patchesRead: Promise<Patches> = referencePatches(root, reference),
): Promise<ReferenceChanges> {
  const read = await patchesRead;
  if ('failed' in read) throw new UserError({ file: root, message: `reading the reference's changes failed: ${read.failed}` });
  return new ReferenceChanges(read.patches, reference);
}

/** A language's chapter files as they are now, with their structure; unreadable ones are left out. */
export async function translationFiles(layout: BookLayout, lang: string, chapter: number): Promise<TranslationFile[]> {
  const files = layout.languages.find((l) => l.code === lang)?.chapters.find((c) => c.number === chapter)?.files ?? [];
  const read: TranslationFile[] = [];
  for (const file of files) {
    try {
      read.push({ path: relative(layout.root, file), structure: structureOf(await readSource(file)) });
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
    }
  }
  return read;
}

/** A commit's change to a chapter in git's unified format (three lines of context), file by file. */
function chapterDiffText(set: ChapterChangeSet): string {
  return set.files
    .map((f) => {
      const head = `--- ${f.old === null ? '/dev/null' : `a/${f.path}`}\n+++ ${f.new === null ? '/dev/null' : `b/${f.path}`}\n`;
      return head + unifiedHunks(f.old, f.runs);
    })
    .join('\n');
}

/** Key of a commit's change to a chapter in `StatusReport.diffs`. */
export const diffKey = (commit: string, chapter: number) => `${commit} ${chapter}`;

/** Each pending commit's diff of each chapter, once however many languages are behind on it. */
export function pendingDiffs(syncs: readonly (readonly LocatedChapterSync[] | undefined)[], changes: ReferenceChanges): Record<string, string> {
  const diffs: Record<string, string> = {};
  for (const sync of syncs) {
    for (const c of sync ?? []) {
      for (const p of c.pending) {
        const key = diffKey(p.commit, c.chapter);
        const set = key in diffs ? undefined : changes.chapter(p.commit, c.chapter);
        if (set) diffs[key] = chapterDiffText(set);
      }
    }
  }
  return diffs;
}
