import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EnvironmentError } from './diagnostics.js';

/**
 * A new directory under the temp directory, for a tool's files. Node's own error ("ENOTDIR: not a
 * directory, mkdtemp '/x/progit-ebook-XXXXXX'") says neither that TMPDIR is the cause nor what to do.
 */
export async function makeTempDir(prefix: string): Promise<string> {
  try {
    return await mkdtemp(join(tmpdir(), prefix));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? '';
    throw new EnvironmentError(`cannot create a temporary directory in ${tmpdir()} (${code || (err as Error).message}): set TMPDIR to a writable directory`, {
      cause: err,
    });
  }
}
