// Reads the book's whole history once for `status`: one `git log` process, parsed as a stream.
// When there is no history to read (not a checkout, no git, a shallow clone, no commits yet) the
// answer says why and what to do, and status reports everything else as before.
import { inCheckout, runGit } from '../util/git.js';
import { LOG_FORMAT, LogParser, type HistoryCommit } from './history-parse.js';

export interface BookHistory {
  /** Every commit reachable from HEAD (merges too), as git lists them: HEAD first; never empty. */
  commits: HistoryCommit[];
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
  if (probe.code !== 0) return { reason: `git cannot read ${root}: ${firstLine(probe.stderr)}`, fix: clone };
  if (probe.stdout.trim() === 'true') {
    return {
      reason: `${root} is a shallow clone: its history is cut off`,
      fix: 'run git fetch --unshallow (in a GitHub Actions workflow: actions/checkout with fetch-depth: 0)',
    };
  }
  return undefined;
}

/** Every commit reachable from HEAD with the files it changed below the book's directory. */
export async function readHistory(root: string): Promise<HistoryResult> {
  const problem = await historyProblem(root);
  if (problem) return { missing: problem };
  const commits: HistoryCommit[] = [];
  const parser = new LogParser((c) => commits.push(c));
  let unreadable: unknown;
  // --relative: paths below the book's directory, relative to it (a book may be a subdirectory of its
  // repository); --no-renames: a renamed file is a deletion and an addition, so both chapters see it.
  const args = ['-c', 'log.showSignature=false', '-C', root, 'log', '-z', '--no-renames', '--relative', '--numstat', '--no-color', LOG_FORMAT, 'HEAD', '--'];
  const run = await runGit(args, {
    onStdout: (chunk) => {
      try {
        if (unreadable === undefined) parser.push(chunk);
      } catch (err) {
        unreadable = err;
      }
    },
  });
  // Output this parser cannot read is this tool's bug, not the user's: an internal error with its stack.
  if (unreadable !== undefined) throw unreadable;
  if (run.code !== 0) {
    const message = firstLine(run.stderr);
    if (/does not have any commits|unknown revision|bad revision/i.test(message)) {
      return { missing: { reason: `${root} has no commits yet`, fix: 'commit the book, then run status again' } };
    }
    return { missing: { reason: `git log failed in ${root}: ${message}`, fix: 'run git log there to see why' } };
  }
  parser.end();
  if (commits.length === 0) return { missing: { reason: `${root} has no commits yet`, fix: 'commit the book, then run status again' } };
  return { history: { commits } };
}
