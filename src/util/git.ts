// The book's history, where it is a git checkout: its dates make builds reproducible and tell
// translators how fresh a language is. Not a checkout, or no git: undefined, never an error.
// Every build asks this, so it runs git through node:child_process (arguments as an array, as
// everywhere): loading execa cost more than running git (docs/performance.md).
import { spawn } from 'node:child_process';
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
export function inCheckout(dir: string, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.GIT_DIR) return true;
  for (let d = resolvePath(dir); ; d = dirname(d)) {
    if (existsSync(join(d, '.git'))) return true;
    if (dirname(d) === d) return false;
  }
}

/**
 * The last commit touching `path` (relative to `root`) in the checkout holding `root`; when git
 * refuses the repository as another user's, `onDistrust` is told what to do about it.
 */
export async function lastCommit(root: string, path = '.', onDistrust?: (distrusted: Distrusted) => void): Promise<Commit | undefined> {
  if (!inCheckout(root)) return undefined;
  const run = await runGit(['-C', root, 'log', '-1', '--format=%ct %cI', '--', path], { timeoutMs: 30_000 });
  const match = run.code === 0 ? /^(\d+) (\S+)$/.exec(run.stdout.trim()) : null;
  const distrusted = run.code === 0 ? undefined : dubiousOwnership(run.stderr);
  if (distrusted) onDistrust?.(distrusted);
  return match ? { seconds: Number(match[1]), iso: match[2]! } : undefined;
}

/**
 * The repository git refused because another user owns it ("detected dubious ownership in
 * repository at '/book'", git 2.35.2 and later): the fix is to trust it, not to clone it again.
 */
export interface Distrusted {
  /** The repository's top directory, as git names it. */
  repository: string;
  /** `if you trust it, run: git config --global --add safe.directory <repository>` */
  fix: string;
}

export function dubiousOwnership(stderr: string): Distrusted | undefined {
  const m = /dubious ownership in repository at '([^'\n]*)'/.exec(stderr);
  return m ? { repository: m[1]!, fix: `if you trust it, run: git config --global --add safe.directory ${m[1]!}` } : undefined;
}

export interface GitRun {
  code: number | null;
  stdout: string;
  stderr: string;
  notFound: boolean;
}

/**
 * Runs git with an argument array and no standard input (an inherited terminal must not be read);
 * `onStdout` takes the output as it comes, else it is collected.
 */
export function runGit(args: string[], options: { onStdout?: (chunk: string) => void; timeoutMs?: number } = {}): Promise<GitRun> {
  const { onStdout, timeoutMs } = options;
  return new Promise((resolve) => {
    const child = spawn('git', args, { stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs });
    const run: GitRun = { code: null, stdout: '', stderr: '', notFound: false };
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (onStdout ? onStdout(chunk) : (run.stdout += chunk)));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (run.stderr += chunk));
    child.on('error', (err: NodeJS.ErrnoException) => {
      run.notFound = err.code === 'ENOENT';
      run.stderr ||= err.message;
    });
    child.on('close', (code) => resolve({ ...run, code }));
  });
}

/** A parser of git's output as it streams. */
export interface StreamParser {
  push(chunk: string): void;
  end(): void;
}

/**
 * Runs git with its output fed to `parser` as it comes. Output the parser cannot read is this tool's
 * bug, not the user's: it is thrown as it was (an internal error, with its stack). An exit code other
 * than 0 gives git's own message (the first line of its stderr) instead.
 */
export async function parseGit(args: string[], parser: StreamParser): Promise<{ failed?: string }> {
  let unreadable: unknown;
  const run = await runGit(args, {
    onStdout: (chunk) => {
      try {
        if (unreadable === undefined) parser.push(chunk);
      } catch (err) {
        unreadable = err;
      }
    },
  });
  if (unreadable !== undefined) throw unreadable;
  if (run.code !== 0) return { failed: run.stderr.trim().split('\n', 1)[0] || `git exited with ${run.code}` };
  parser.end();
  return {};
}
