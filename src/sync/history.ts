// Reads the book's history once for `status`: git's walks, parsed as they stream. When there is
// no history to read (not a checkout, no git, a shallow clone, no commits yet) the answer says why
// and what to do, and status reports everything else as before.
import { dubiousOwnership, inCheckout, parseGit, runGit } from '../util/git.js';
import { LOG_FORMAT, LogParser, type ChapterChange, type FileList, type HistoryCommit } from './history-parse.js';

export interface BookHistory {
  /** Every commit reachable from HEAD (merges too), as git lists them: HEAD first; never empty. */
  commits: HistoryCommit[];
  /** By hash, the reference chapters each commit that changed the reference changed, with line counts. */
  referenceLines: ReadonlyMap<string, readonly ChapterChange[]>;
}

/** Why the sync columns are empty, and how to fill them. */
export interface NoHistory {
  reason: string;
  fix: string;
}

export type HistoryResult = { history: BookHistory } | { missing: NoHistory };

const firstLine = (text: string) =>
  text
    .trim()
    .split('\n', 1)[0]!
    .replace(/^(fatal|error): /, '');

/** A repository whose full history can be read, or why not. */
async function historyProblem(root: string): Promise<NoHistory | undefined> {
  const clone = "clone the book's repository with its history (git clone, without --depth)";
  if (!inCheckout(root)) return { reason: `${root} is not in a git checkout`, fix: clone };
  const probe = await runGit(['-C', root, 'rev-parse', '--is-shallow-repository']);
  if (probe.notFound) return { reason: 'git is not installed', fix: 'install git (Debian: apt-get install git)' };
  if (probe.code !== 0) {
    const distrusted = dubiousOwnership(probe.stderr);
    if (distrusted) return { reason: `git does not trust ${distrusted.repository}: another user owns it`, fix: distrusted.fix };
    return { reason: `git cannot read ${root}: ${firstLine(probe.stderr)}`, fix: clone };
  }
  if (probe.stdout.trim() === 'true') {
    return {
      reason: `${root} is a shallow clone: its history is cut off`,
      fix: 'run git fetch --unshallow (in a GitHub Actions workflow: actions/checkout with fetch-depth: 0)',
    };
  }
  return undefined;
}

type Listed = { commits: HistoryCommit[] } | { failed: string };

/** The commits one `git log` lists, parsed as they come; an exit code other than 0 gives git's message instead. */
async function streamLog(root: string, list: FileList, args: string[]): Promise<Listed> {
  const commits: HistoryCommit[] = [];
  const parser = new LogParser(list, (c) => commits.push(c));
  // --relative: paths below the book's directory, relative to it (a book may be a subdirectory of its
  // repository); --no-renames: a renamed file is a deletion and an addition, so both chapters see it.
  const log = ['-c', 'log.showSignature=false', '--literal-pathspecs', '-C', root, 'log', '-z', '--no-renames', '--relative', '--no-color', LOG_FORMAT];
  const { failed } = await parseGit([...log, list === 'names' ? '--name-only' : '--numstat', ...args], parser);
  if (failed !== undefined) return { failed: firstLine(failed) };
  return { commits };
}

function logFailure(root: string, message: string): NoHistory {
  if (/does not have any commits|unknown revision|bad revision/i.test(message)) {
    return { reason: `${root} has no commits yet`, fix: 'commit the book, then run status again' };
  }
  return { reason: `git log failed in ${root}: ${message}`, fix: 'run git log there to see why' };
}

/**
 * Every commit reachable from HEAD with the chapters it changed below the book's directory: one
 * walk over the whole history for which files changed (git's cheapest), and beside it, at the same
 * time, one for the lines the reference's commits changed (only those are ever counted).
 */
export async function readHistory(root: string, reference: string): Promise<HistoryResult> {
  const problem = await historyProblem(root);
  if (problem) return { missing: problem };
  const [all, counted] = await Promise.all([
    streamLog(root, 'names', ['HEAD', '--']),
    // --full-history: every commit that changed the reference, those on side branches a merge left out too.
    streamLog(root, 'numstat', ['--full-history', '--no-merges', 'HEAD', '--', reference]),
  ]);
  if ('failed' in all) return { missing: logFailure(root, all.failed) };
  if ('failed' in counted) return { missing: logFailure(root, counted.failed) };
  if (all.commits.length === 0) return { missing: logFailure(root, 'does not have any commits yet') };
  // --relative lists only files below the book: a repository none of whose commits has one is
  // someone else's (a dotfiles repository, a monorepo) with the book untracked in it.
  if (!all.commits.some((c) => c.langs.length > 0)) {
    return {
      missing: {
        reason: `no commit of the repository around ${root} touches the book: it is not in that history (untracked, or ignored)`,
        fix: `commit the book (git add and git commit in ${root}), or give it a repository of its own (git init)`,
      },
    };
  }
  const referenceLines = new Map(counted.commits.map((c) => [c.hash, c.chapters]));
  return { history: { commits: all.commits, referenceLines } };
}

/**
 * The commits alone, without the reference's line counts: one walk, for the build's line on how
 * current each translation is (currency.ts), which counts commits, not lines.
 */
export async function readCommits(root: string): Promise<HistoryResult> {
  const problem = await historyProblem(root);
  if (problem) return { missing: problem };
  const all = await streamLog(root, 'names', ['HEAD', '--']);
  if ('failed' in all) return { missing: logFailure(root, all.failed) };
  if (all.commits.length === 0) return { missing: logFailure(root, 'does not have any commits yet') };
  return { history: { commits: all.commits, referenceLines: new Map() } };
}
