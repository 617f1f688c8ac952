// The book's history, where it is a git checkout: its dates make builds reproducible and tell
// translators how fresh a language is. Not a checkout, or no git: undefined, never an error.
// Every build asks this, so it runs git through node:child_process (arguments as an array, as
// everywhere): loading execa cost more than running git (docs/performance.md).
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve as resolvePath } from 'node:path';

export interface Commit {
  /** Committer time, seconds since the epoch. */
  seconds: number;
  /** Committer time as written, ISO 8601 with its offset. */
  iso: string;
}

/**
 * Whether git could find a repository for `dir`: a `.git` in it or above it, or one named by
 * GIT_DIR. Starting git holds up this thread (spawning copies the process's page tables);
 * outside a checkout it is not started at all.
 */
function inCheckout(dir: string, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.GIT_DIR) return true;
  for (let d = resolvePath(dir); ; d = dirname(d)) {
    if (existsSync(join(d, '.git'))) return true;
    if (dirname(d) === d) return false;
  }
}

/** The last commit touching `path` (relative to `root`) in the checkout holding `root`. */
export function lastCommit(root: string, path = '.'): Promise<Commit | undefined> {
  if (!inCheckout(root)) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const child = execFile('git', ['-C', root, 'log', '-1', '--format=%ct %cI', '--', path], { timeout: 30_000, encoding: 'utf8' }, (err, stdout) => {
      const match = err ? null : /^(\d+) (\S+)$/.exec(stdout.trim());
      resolve(match ? { seconds: Number(match[1]), iso: match[2]! } : undefined);
    });
    // git waits for nothing on stdin; an inherited terminal must not be read.
    child.stdin?.end();
  });
}
