// The book's history, where it is a git checkout: its dates make builds reproducible and tell
// translators how fresh a language is. Not a checkout, or no git: undefined, never an error.
import { execa } from 'execa';

export interface Commit {
  /** Committer time, seconds since the epoch. */
  seconds: number;
  /** Committer time as written, ISO 8601 with its offset. */
  iso: string;
}

/** The last commit touching `path` (relative to `root`) in the checkout holding `root`. */
export async function lastCommit(root: string, path = '.'): Promise<Commit | undefined> {
  try {
    const run = await execa('git', ['-C', root, 'log', '-1', '--format=%ct %cI', '--', path], { reject: false, timeout: 30_000, stdin: 'ignore' });
    const match = run.exitCode === 0 ? /^(\d+) (\S+)$/.exec(String(run.stdout).trim()) : null;
    return match ? { seconds: Number(match[1]), iso: match[2]! } : undefined;
  } catch {
    return undefined;
  }
}
