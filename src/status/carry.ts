// `status --carry LANG --chapter N`: the pending `code` commits of a chapter applied to the
// translation's files (carry-blocks.ts), oldest first; the files are written whole and atomically,
// or with `dryRun` the patch is returned instead. It ends with a commit message naming every
// carried commit, so that once committed the sync rule (pending.ts, rule 2) counts them.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { discoverBook } from '../layout/discover.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { UserError } from '../util/diagnostics.js';
import { runGit } from '../util/git.js';
import { applyBlocks, blockChanges, type Unplaced } from './carry-blocks.js';
import { checkChoice } from './diff.js';
import { readHistory } from '../sync/history.js';
import { ReferenceChanges } from './locate.js';
import { SyncIndex } from '../sync/pending.js';
import { commitPatches } from './patches.js';
import { locateChapter, translationFiles, type LocatedCommit } from './where.js';

export interface CarryOptions {
  book?: string;
  reference?: string;
  lang: string;
  chapter: number;
  /** Return the patch; write nothing. */
  dryRun?: boolean;
}

export interface CarryResult {
  lang: string;
  reference: string;
  chapter: number;
  /** The code commits applied, oldest first. */
  carried: { commit: string; subject: string }[];
  /** Code commits not applied, each block that could not be placed and why. */
  unplaced: ({ commit: string; subject: string } & Unplaced)[];
  /** Pending commits of other kinds, left for a translator. */
  left: { commit: string; subject: string; kind: LocatedCommit['kind'] }[];
  /** The translation files changed (relative to the book). */
  files: string[];
  /** git's unified diff of the changes (the dry run's output; also after a write). */
  patch: string;
  /** A commit message naming every carried commit; empty when none was. */
  message: string;
  written: boolean;
}

const short = (hash: string) => hash.slice(0, 12);

/** Refuses when any of the translation chapter's files has changes git has not committed. */
async function refuseDirty(root: string, paths: readonly string[]): Promise<void> {
  const run = await runGit(['-c', 'core.quotePath=false', '--literal-pathspecs', '-C', root, 'status', '--porcelain', '--', ...paths]);
  if (run.code !== 0) throw new UserError({ file: root, message: `git status failed: ${run.stderr.trim().split('\n', 1)[0]}` });
  const dirty = run.stdout.split('\n').filter(Boolean);
  if (dirty.length) {
    throw new UserError({
      file: root,
      message: `--carry: uncommitted changes in the translation's files (${dirty.map((l) => l.slice(3)).join(', ')}); commit or stash them first, so the carry's changes stay apart from yours`,
    });
  }
}

/** git's diff between each file's old and new text, with the book's paths in its headers. */
async function unifiedDiff(files: ReadonlyMap<string, { before: string; after: string }>): Promise<string> {
  if (files.size === 0) return '';
  const dir = join(tmpdir(), `progit-carry-${process.pid}-${Math.random().toString(36).slice(2)}`);
  try {
    for (const [path, { before, after }] of files) {
      for (const [side, text] of [
        ['a', before],
        ['b', after],
      ] as const) {
        await mkdir(dirname(join(dir, side, path)), { recursive: true });
        await writeFile(join(dir, side, path), text);
      }
    }
    let out = '';
    for (const path of files.keys()) {
      const run = await runGit(['-C', dir, 'diff', '--no-index', '--no-color', '--no-ext-diff', '--no-prefix', '--', `a/${path}`, `b/${path}`]);
      if (run.code !== 0 && run.code !== 1) throw new Error(`git diff --no-index failed: ${run.stderr}`);
      out += run.stdout;
    }
    return out;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Applies the chapter's pending code commits to the translation, oldest first. */
export async function carryCode(options: CarryOptions): Promise<CarryResult> {
  const layout = await discoverBook(resolve(options.book ?? '.'));
  const reference = checkChoice(layout, options.reference, options.lang, options.chapter, '--carry');
  const found = await readHistory(layout.root, reference);
  if ('missing' in found)
    throw new UserError({ file: layout.root, message: `--carry needs the book's history: ${found.missing.reason}; ${found.missing.fix}` });
  const index = new SyncIndex(found.history, reference);
  const sync = index.chapterSync(options.lang, options.chapter);
  const chapterFiles = layout.languages.find((l) => l.code === options.lang)!.chapters.find((c) => c.number === options.chapter)!.files;
  await refuseDirty(
    layout.root,
    chapterFiles.map((f) => relative(layout.root, f)),
  );
  const hashes = sync.pending.map((p) => p.commit);
  const paths = index.referenceDirs(options.chapter).map((dir) => `${reference}/${dir}`);
  const read = hashes.length ? await commitPatches(layout.root, hashes, paths, true) : { patches: new Map() };
  if ('failed' in read) throw new UserError({ file: layout.root, message: `git show failed: ${read.failed}` });
  const changes = new ReferenceChanges(read.patches, reference);
  const located = locateChapter(sync, changes, await translationFiles(layout, options.lang, options.chapter), options.lang);
  const texts = new Map<string, { before: string; after: string }>();
  const result: CarryResult = {
    lang: options.lang,
    reference,
    chapter: options.chapter,
    carried: [],
    unplaced: [],
    left: [],
    files: [],
    patch: '',
    message: '',
    written: false,
  };
  for (const p of located.pending) {
    if (p.kind !== 'code') result.left.push({ commit: p.commit, subject: p.subject, kind: p.kind });
    else await carryOne(p, changes.chapter(p.commit, options.chapter)!, layout.root, chapterFiles, texts, result);
  }
  const changed = new Map([...texts].filter(([, t]) => t.before !== t.after));
  const patch = await unifiedDiff(changed);
  const message = result.carried.length
    ? `[${options.lang}] chapter ${options.chapter}: carry ${reference}'s code changes ${result.carried.map((c) => short(c.commit)).join(' ')}`
    : '';
  if (!options.dryRun) for (const [path, t] of changed) await writeFileAtomic(join(layout.root, path), t.after);
  return { ...result, files: [...changed.keys()], patch, message, written: !options.dryRun && changed.size > 0 };
}

/** One code commit: all its blocks placed in the translation's current texts, or none. */
async function carryOne(
  p: LocatedCommit,
  set: Parameters<typeof blockChanges>[0],
  root: string,
  chapterFiles: readonly string[],
  texts: Map<string, { before: string; after: string }>,
  result: CarryResult,
): Promise<void> {
  const { changes, unplaced } = blockChanges(set);
  const next = new Map<string, string>();
  for (const change of changes) {
    const name = change.file.split('/').at(-1);
    const target = chapterFiles.find((f) => f.endsWith(`/${name}`)) ?? (chapterFiles.length === 1 ? chapterFiles[0] : undefined);
    if (!target) {
      unplaced.push({ file: change.file, line: change.old.start, why: `no file of the translation's chapter is named ${name}` });
      continue;
    }
    const path = relative(root, target);
    if (!texts.has(path)) {
      const before = await readFile(target, 'utf8');
      texts.set(path, { before, after: before });
    }
    const applied = applyBlocks(next.get(path) ?? texts.get(path)!.after, [change], path);
    if ('text' in applied) next.set(path, applied.text);
    else unplaced.push(...applied.unplaced);
  }
  if (unplaced.length) {
    result.unplaced.push(...unplaced.map((u) => ({ commit: p.commit, subject: p.subject, ...u })));
    return;
  }
  for (const [path, text] of next) texts.get(path)!.after = text;
  result.carried.push({ commit: p.commit, subject: p.subject });
}
