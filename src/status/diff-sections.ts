// `status --diff`'s text: git's own output of each pending commit, with the commit's kind under its
// subject and, before each hunk that starts a new section, the line "reference section ->
// translation section (file:line)". The hunks' ranges are git's; only lines are added.
import { changeRuns, HUNK, headerPath, type Hunk } from './patch-parse.js';
import { locate, placeOf, type ChapterChangeSet, type PendingSection, type TranslationFile } from './locate.js';
import type { LocatedCommit } from './where.js';

export interface DiffContext {
  lang: string;
  reference: string;
  pending: readonly LocatedCommit[];
  /** By commit hash, its change to the chapter (the structures of both sides of each file). */
  sets: ReadonlyMap<string, ChapterChangeSet | null>;
  files: readonly TranslationFile[];
  color: boolean;
}

const COMMIT = /^commit ([0-9a-f]{40,64})$/;

const where = (r: { heading: string; file: string; line: number }) => `${r.heading || '(top of the file)'} (${r.file}:${r.line})`;

/** One section line: `@@@ Installing (en/…:5) -> インストール (ja/…:5)`. */
function sectionLine(s: PendingSection): string {
  return `@@@ ${where(s.reference)} -> ${s.translation ? where(s.translation) : `? (${s.reason})`}`;
}

/** The hunk that starts at `lines[at]` (an `@@` line), read far enough to find its first change. */
function hunkAt(lines: readonly string[], at: number): Hunk | undefined {
  const m = HUNK.exec(lines[at]!);
  if (!m) return undefined;
  const hunk: Hunk = { oldStart: Number(m[1]), oldCount: Number(m[2] ?? 1), newStart: Number(m[3]), newCount: Number(m[4] ?? 1), lines: [] };
  for (let i = at + 1; i < lines.length && /^[ +\-\\]/.test(lines[i]!); i++) if (lines[i]![0] !== '\\') hunk.lines.push(lines[i]!);
  return hunk;
}

const paint = (line: string, on: boolean) => {
  if (!on) return line;
  const code = line.startsWith('@@@ ')
    ? '1;35'
    : line.startsWith('@@')
      ? '36'
      : line[0] === '+' && !line.startsWith('+++')
        ? '32'
        : line[0] === '-' && !line.startsWith('---')
          ? '31'
          : line.startsWith('commit ')
            ? '33'
            : '';
  return code ? `\x1b[${code}m${line}\x1b[m` : line;
};

function hunkSection(ctx: DiffContext, hash: string, file: string, hunk: Hunk): PendingSection | undefined {
  const side = ctx.sets.get(hash)?.sides.get(file);
  const run = changeRuns(hunk)[0];
  if (!side || !run) return undefined;
  return locate([placeOf(file, side, run)], ctx.files, ctx.lang, ctx.reference)[0];
}

/** git's `show` output for the pending commits, annotated. */
export function annotateDiff(text: string, ctx: DiffContext): string {
  const lines = text.split('\n');
  const out: string[] = [];
  let hash = '';
  let file = '';
  let subjectIn = -1;
  let last = '';
  /** Between `diff --git` and the first hunk: where `---`/`+++` lines name the file. */
  let header = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const commit = COMMIT.exec(line);
    if (commit) {
      hash = commit[1]!;
      subjectIn = 3;
      last = '';
    } else if (header && line.startsWith('--- ')) file = headerPath(line, 'a/') ?? '';
    else if (header && line.startsWith('+++ ')) file = headerPath(line, 'b/') ?? file;
    else if (line.startsWith('diff --git ')) header = true;
    else if (line.startsWith('@@')) {
      header = false;
      const hunk = hunkAt(lines, i);
      const section = hunk && hunkSection(ctx, hash, file, hunk);
      const said = section ? sectionLine(section) : '';
      if (said && said !== last) out.push(paint(said, ctx.color));
      last = said || last;
    }
    out.push(paint(line, ctx.color));
    if (subjectIn >= 0 && subjectIn-- === 0) out.push(`    kind: ${ctx.pending.find((p) => p.commit === hash)?.kind ?? 'prose'}`);
  }
  return out.join('\n');
}
