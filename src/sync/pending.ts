// The rule for what a translation has not carried over from the reference, said once. A commit
// C that changed reference chapter N is pending for language L's chapter N unless
//   1. C is, or is an ancestor of, a commit that changed L's chapter N (the translator saw it), or
//   2. a commit that changed L's chapter N names C in its message by a unique prefix of 7 to 64
//      hex digits (up to a full SHA-1 or SHA-256 hash) among the commits that changed the reference.
// Only non-merge commits change chapters (merges list no files); all commits keep ancestry whole.
// docs/cli.md ("Reference sync") says the rule and its limits for users.
import type { BookHistory } from './history.js';
import type { HistoryCommit } from './history-parse.js';

export interface PendingCommit {
  /** The full hash of the reference commit. */
  commit: string;
  /** Its committer date, ISO 8601. */
  date: string;
  subject: string;
  /** Lines it added and deleted in the reference chapter's files. */
  added: number;
  deleted: number;
}

export interface ChapterSync {
  chapter: number;
  /** Committer date of the newest commit that changed the language's chapter; null when none did. */
  since: string | null;
  /** Oldest first. */
  pending: PendingCommit[];
  /** Hashes named in the language chapter's commit messages that match no reference commit, or several. */
  unresolvedRefs: number;
}

const key = (lang: string, chapter: number) => `${lang}\0${chapter}`;
const isMerge = (c: HistoryCommit) => c.parents.length > 1;

/** The history indexed once for a reference language; every answer after that is a walk in memory. */
export class SyncIndex {
  private readonly commits: readonly HistoryCommit[];
  private readonly lines: BookHistory['referenceLines'];
  private readonly parents: number[][];
  private readonly changed = new Map<string, number[]>();
  /** Hashes of the commits that changed the reference, sorted: prefixes resolve by binary search. */
  private readonly referenceHashes: string[];
  private readonly stamp: Uint32Array;
  private walk = 0;

  constructor(
    history: BookHistory,
    readonly reference: string,
  ) {
    this.commits = history.commits;
    this.lines = history.referenceLines;
    const at = new Map(this.commits.map((c, i) => [c.hash, i]));
    // A parent outside the history read (a shallow clone's edge) has nothing behind it to find.
    this.parents = this.commits.map((c) => c.parents.flatMap((p) => (at.has(p) ? [at.get(p)!] : [])));
    this.commits.forEach((c, i) => {
      if (isMerge(c)) return;
      for (const change of c.chapters) {
        const list = this.changed.get(key(change.lang, change.chapter)) ?? [];
        if (list.at(-1) !== i) list.push(i);
        this.changed.set(key(change.lang, change.chapter), list);
      }
    });
    this.referenceHashes = this.commits
      .filter((c) => !isMerge(c) && c.langs.includes(reference))
      .map((c) => c.hash)
      .sort();
    this.stamp = new Uint32Array(this.commits.length);
  }

  /** The commits (indices) that changed a language's chapter. */
  changedChapter(lang: string, chapter: number): readonly number[] {
    return this.changed.get(key(lang, chapter)) ?? [];
  }

  commit(index: number): HistoryCommit {
    return this.commits[index]!;
  }

  /** The reference commit a hex run names: its full hash when exactly one reference commit starts with it. */
  resolve(ref: string): string | undefined {
    const hashes = this.referenceHashes;
    let lo = 0;
    let hi = hashes.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (hashes[mid]! < ref) lo = mid + 1;
      else hi = mid;
    }
    const first = hashes[lo];
    const unique = first?.startsWith(ref) && !hashes[lo + 1]?.startsWith(ref);
    return unique ? first : undefined;
  }

  /** Marks every commit that is one of `from` or an ancestor of one; returns the walk's stamp. */
  private markAncestors(from: readonly number[]): number {
    const stamp = ++this.walk;
    const stack = [...from];
    while (stack.length > 0) {
      const i = stack.pop()!;
      if (this.stamp[i] === stamp) continue;
      this.stamp[i] = stamp;
      for (const p of this.parents[i]!) if (this.stamp[p] !== stamp) stack.push(p);
    }
    return stamp;
  }

  /** The named references in `commits`' messages: those that resolve, and how many do not. */
  namedBy(commits: readonly number[]): { named: Set<string>; unresolved: number } {
    const named = new Set<string>();
    const unresolved = new Set<string>();
    for (const i of commits) {
      for (const ref of this.commit(i).refs) {
        const hash = this.resolve(ref);
        if (hash) named.add(hash);
        else unresolved.add(ref);
      }
    }
    return { named, unresolved: unresolved.size };
  }

  /** Language `lang`'s chapter `chapter` against the reference's: the rule above. */
  chapterSync(lang: string, chapter: number): ChapterSync {
    const translation = this.changedChapter(lang, chapter);
    const { named, unresolved } = this.namedBy(translation);
    const seen = this.markAncestors(translation);
    const pending = this.changedChapter(this.reference, chapter)
      .filter((i) => this.stamp[i] !== seen && !named.has(this.commit(i).hash))
      // Oldest first: by committer time, and for equal times the one git listed later (the parent side).
      .sort((a, b) => this.commit(a).seconds - this.commit(b).seconds || b - a)
      .map((i) => this.pendingCommit(i, chapter));
    const newest = translation.reduce<number | undefined>((n, i) => (n === undefined || this.commit(i).seconds > this.commit(n).seconds ? i : n), undefined);
    return { chapter, since: newest === undefined ? null : this.commit(newest).iso, pending, unresolvedRefs: unresolved };
  }

  private pendingCommit(index: number, chapter: number): PendingCommit {
    const c = this.commit(index);
    const changes = (this.lines.get(c.hash) ?? []).filter((ch) => ch.chapter === chapter);
    return {
      commit: c.hash,
      date: c.iso,
      subject: c.subject,
      added: changes.reduce((n, ch) => n + (ch.lines?.added ?? 0), 0),
      deleted: changes.reduce((n, ch) => n + (ch.lines?.deleted ?? 0), 0),
    };
  }

  /** The chapter directory names the reference's chapter had in history (`--diff` limits git's diff to them). */
  referenceDirs(chapter: number): string[] {
    const dirs = this.changedChapter(this.reference, chapter).flatMap((i) =>
      this.commit(i)
        .chapters.filter((ch) => ch.lang === this.reference && ch.chapter === chapter)
        .map((ch) => ch.dir),
    );
    return [...new Set(dirs)].sort();
  }

  /** The newest non-merge commit that changed anything under the language's directory. */
  lastCommit(lang: string): HistoryCommit | undefined {
    return this.commits.reduce<HistoryCommit | undefined>(
      (newest, c) => (!isMerge(c) && c.langs.includes(lang) && (!newest || c.seconds > newest.seconds) ? c : newest),
      undefined,
    );
  }
}
