// git's patches as `status` reads them (`git log -p` / `git show` with `--format=%x1e%H`): per
// commit, per file, the hunks with git's own line ranges. Parsed as the stream arrives; pure (the
// processes are in patches.ts), so the tests feed it text.

export interface Hunk {
  /** git's `@@ -oldStart,oldCount +newStart,newCount @@`. */
  oldStart: number;
  oldCount: number;
  newStart: number;
  newCount: number;
  /** The hunk's lines with their ` `, `-` or `+` prefix (`\ No newline` notes left out). */
  lines: string[];
}

export interface FilePatch {
  /** Paths as git writes them after `a/` and `b/`; null for /dev/null (an added or a deleted file). */
  oldPath: string | null;
  newPath: string | null;
  binary: boolean;
  hunks: Hunk[];
}

export interface CommitPatch {
  hash: string;
  files: FilePatch[];
}

/** A run of changed lines inside a hunk: what was deleted where, and what was added where (1-based). */
export interface ChangeRun {
  oldStart: number;
  deleted: string[];
  newStart: number;
  added: string[];
}

export const HUNK = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;
const ESCAPES: Record<string, string> = { a: '\x07', b: '\b', t: '\t', n: '\n', v: '\v', f: '\f', r: '\r', '"': '"', '\\': '\\' };

/** A path as git prints it: C-quoted when it holds control characters, quotes or backslashes. */
function unquote(text: string): string {
  if (!text.startsWith('"')) return text;
  const bytes: number[] = [];
  const body = text.slice(1, text.lastIndexOf('"'));
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch !== '\\') bytes.push(...Buffer.from(ch));
    else if (/[0-7]/.test(body[i + 1] ?? '')) {
      bytes.push(parseInt(body.slice(i + 1, i + 4), 8));
      i += 3;
    } else bytes.push(...Buffer.from(ESCAPES[body[++i]!] ?? body[i]!));
  }
  return Buffer.from(bytes).toString('utf8');
}

export function headerPath(line: string, prefix: string): string | null {
  const text = line.slice(4).replace(/\t$/, '');
  if (text === '/dev/null') return null;
  const path = unquote(text);
  return path.startsWith(prefix) ? path.slice(prefix.length) : path;
}

export class PatchParser {
  private rest = '';
  private commit: CommitPatch | undefined;
  private file: FilePatch | undefined;
  private hunk: Hunk | undefined;
  /** Lines the open hunk still has to read on each side: git's counts, so a `--- a/...` after it is a header again. */
  private left = { old: 0, new: 0 };

  constructor(private readonly onCommit: (commit: CommitPatch) => void) {}

  push(chunk: string): void {
    const lines = (this.rest + chunk).split('\n');
    this.rest = lines.pop()!;
    for (const line of lines) this.line(line);
  }

  end(): void {
    if (this.rest !== '') this.line(this.rest);
    this.rest = '';
    if (this.commit) this.onCommit(this.commit);
    this.commit = undefined;
  }

  private line(line: string): void {
    const sign = line.charCodeAt(0);
    if (this.hunk && sign === 0x5c /* \ */) return;
    if (this.hunk && (this.left.old > 0 || this.left.new > 0) && (sign === 0x20 || sign === 0x2b || sign === 0x2d)) {
      this.hunk.lines.push(line);
      if (sign !== 0x2b) this.left.old--;
      if (sign !== 0x2d) this.left.new--;
      return;
    }
    this.hunk = undefined;
    if (line.startsWith('\x1e')) {
      if (this.commit) this.onCommit(this.commit);
      this.commit = { hash: line.slice(1).trim(), files: [] };
      this.file = undefined;
    } else if (line.startsWith('diff --git ')) {
      if (!this.commit) throw new Error(`git: a patch before any commit: ${JSON.stringify(line.slice(0, 80))}`);
      this.file = { oldPath: null, newPath: null, binary: false, hunks: [] };
      this.commit.files.push(this.file);
    } else if (this.file) this.header(this.file, line);
  }

  private header(file: FilePatch, line: string): void {
    const m = HUNK.exec(line);
    if (m) {
      this.hunk = { oldStart: Number(m[1]), oldCount: Number(m[2] ?? 1), newStart: Number(m[3]), newCount: Number(m[4] ?? 1), lines: [] };
      file.hunks.push(this.hunk);
      this.left = { old: this.hunk.oldCount, new: this.hunk.newCount };
    } else if (line.startsWith('--- ')) file.oldPath = headerPath(line, 'a/');
    else if (line.startsWith('+++ ')) file.newPath = headerPath(line, 'b/');
    else if (line.startsWith('Binary files ')) file.binary = true;
  }
}

/** The runs of changed lines of a hunk, with their line numbers on each side. */
export function changeRuns(hunk: Hunk): ChangeRun[] {
  const runs: ChangeRun[] = [];
  let oldLine = hunk.oldStart;
  let newLine = hunk.newStart;
  let run: ChangeRun | undefined;
  for (const line of hunk.lines) {
    const sign = line[0];
    if (sign === ' ') {
      run = undefined;
      oldLine++;
      newLine++;
      continue;
    }
    if (!run) {
      run = { oldStart: oldLine, deleted: [], newStart: newLine, added: [] };
      runs.push(run);
    }
    if (sign === '-') {
      run.deleted.push(line.slice(1));
      oldLine++;
    } else {
      run.added.push(line.slice(1));
      newLine++;
    }
  }
  return runs;
}

/** Both sides of a file from a patch whose one hunk holds the whole file (`-U` larger than it); null for a side that does not exist. */
export function wholeFile(file: FilePatch): { old: string | null; new: string | null } | undefined {
  if (file.binary || file.hunks.length > 1) return undefined;
  const lines = file.hunks[0]?.lines ?? [];
  const side = (keep: string) =>
    lines
      .filter((l) => l[0] === ' ' || l[0] === keep)
      .map((l) => `${l.slice(1)}\n`)
      .join('');
  return { old: file.oldPath === null ? null : side('-'), new: file.newPath === null ? null : side('+') };
}

/**
 * git's unified format, with `context` lines around each change, for one file whose both sides and
 * runs of changes (git's, from a whole-file patch) are known: the diff the status page shows.
 */
export function unifiedHunks(oldText: string | null, runs: readonly ChangeRun[], context = 3): string {
  const old = (oldText ?? '').split('\n');
  if (old.at(-1) === '') old.pop();
  const out: string[] = [];
  let i = 0;
  while (i < runs.length) {
    let j = i;
    const end = (r: ChangeRun) => r.oldStart + r.deleted.length;
    while (j + 1 < runs.length && runs[j + 1]!.oldStart - end(runs[j]!) <= 2 * context) j++;
    const first = runs[i]!;
    const pre = Math.max(0, Math.min(context, first.oldStart - 1));
    const body: string[] = [];
    let oldCount = 0;
    let newCount = 0;
    const keep = (from: number, to: number) => {
      for (let k = from; k < to && k <= old.length; k++, oldCount++, newCount++) body.push(` ${old[k - 1]}`);
    };
    keep(first.oldStart - pre, first.oldStart);
    for (let k = i; k <= j; k++) {
      const r = runs[k]!;
      for (const d of r.deleted) body.push(`-${d}`);
      for (const a of r.added) body.push(`+${a}`);
      oldCount += r.deleted.length;
      newCount += r.added.length;
      keep(end(r), k < j ? runs[k + 1]!.oldStart : end(r) + context);
    }
    const start = (s: number, n: number) => (n === 0 ? `${Math.max(0, s - 1)},0` : n === 1 ? `${s}` : `${s},${n}`);
    out.push(`@@ -${start(first.oldStart - pre, oldCount)} +${start(first.newStart - pre, newCount)} @@`, ...body);
    i = j + 1;
  }
  return out.join('\n');
}
