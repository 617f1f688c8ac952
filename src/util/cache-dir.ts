// Where progit-ebook keeps what it can compute again (rendered diagrams, built languages): the
// user's cache, or a directory under the temp directory where that cannot be written (a read-only
// home in CI or a container). A cache that cannot be written anywhere is never an error.
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeDirectory } from './make-dir.js';

/** `$PROGIT_EBOOK_CACHE`, else `$XDG_CACHE_HOME/progit-ebook`, else `~/.cache/progit-ebook`. */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.PROGIT_EBOOK_CACHE || join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'progit-ebook');
}

/** The fallback for cacheDir(): one per user under the temp directory. */
export function tempCacheDir(): string {
  return join(tmpdir(), `progit-ebook-cache-${process.getuid?.() ?? 'user'}`);
}

/** The first of `candidates` in which every one of `subdirs` can be created and written; undefined when none. */
export async function firstWritableDir(candidates: readonly string[], subdirs: readonly string[]): Promise<string | undefined> {
  for (const dir of candidates) {
    try {
      for (const sub of subdirs) {
        await makeDirectory(join(dir, sub));
        await access(join(dir, sub), constants.W_OK);
      }
      return dir;
    } catch {
      // try the next one
    }
  }
  return undefined;
}
