// Books with a real git history for the `status` tests: every commit made by the git executable,
// with fixed names and dates, so hashes are the same on every run.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import { tempDir } from './helpers.js';

export interface GitBook {
  dir: string;
  /** Runs git in the book, committing (a merge too) at `date`. */
  git(args: string[], date?: string): Promise<string>;
  /** Writes (or, for null, removes) files, commits them all with `message` at `date`, and returns the new hash. */
  commit(message: string, files: Record<string, string | null>, date: string): Promise<string>;
}

const IDENTITY = ['-c', 'user.name=Translator', '-c', 'user.email=translator@example.com', '-c', 'commit.gpgsign=false', '-c', 'core.autocrlf=false'];

/** `false` when git runs here, else why a test that needs it is skipped. */
export async function gitSkip(): Promise<false | string> {
  const r = await execa('git', ['--version'], { reject: false });
  return r.exitCode === 0 ? false : 'git is not installed';
}

/** A repository in a new directory; `objectFormat: 'sha256'` makes one whose hashes have 64 hex digits. */
export async function gitBook(options: { objectFormat?: 'sha1' | 'sha256' } = {}): Promise<GitBook> {
  const dir = await tempDir();
  const git = async (args: string[], date = '2020-01-01T00:00:00+00:00') =>
    (await execa('git', [...IDENTITY, ...args], { cwd: dir, env: { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date } })).stdout;
  await git(['init', '-q', '-b', 'main', ...(options.objectFormat ? [`--object-format=${options.objectFormat}`] : [])]);
  return {
    dir,
    git,
    async commit(message, files, date) {
      for (const [rel, content] of Object.entries(files)) {
        const path = join(dir, rel);
        if (content === null) await rm(path, { recursive: true, force: true });
        else {
          await mkdir(dirname(path), { recursive: true });
          await writeFile(path, content);
        }
      }
      await git(['add', '-A', '.']);
      await git(['commit', '-q', '--allow-empty', '-m', message], date);
      return git(['rev-parse', 'HEAD']);
    },
  };
}
