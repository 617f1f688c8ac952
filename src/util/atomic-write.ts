import type { Stats } from 'node:fs';
import { lstat, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { makeDirectory } from './make-dir.js';
import { NotReplaceable, WriteError } from './write-errors.js';

/** Bytes written beside their target under a temporary name, not yet visible under the real one. */
export interface StagedFile {
  /** The final path. */
  path: string;
  /** The temporary file; it keeps the target's extension, so tools that look at it (epubcheck) accept it. */
  tmp: string;
  /** Renames the temporary file over the target. */
  commit(): Promise<void>;
  /** Removes the temporary file; the target, if any, is untouched. */
  discard(): Promise<void>;
}

/** `.book.en.epub.<pid>.<random>.tmp.epub`: the pid says whether the writer may still be alive. */
const STAGED_NAME = /^\..+\.(\d+)\.[a-z0-9]+\.tmp(?:\.[^.]*)?$/;

/** The pid of the process that staged a file of this name; undefined when it is not a staged file. */
export function stagedFileOwner(name: string): number | undefined {
  const m = STAGED_NAME.exec(name);
  return m ? Number(m[1]) : undefined;
}

function kindOf(st: Stats): string {
  if (st.isSymbolicLink()) return 'a symbolic link';
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a FIFO';
  if (st.isSocket()) return 'a socket';
  return 'a device';
}

/**
 * Throws WriteError when `path` holds anything but a regular file (or nothing): a rename would put
 * a new file in place of a device node, a FIFO or a symbolic link (`/dev/stdout`), and whoever
 * reads that would get nothing. `option` is the one that named the path, for the remedy.
 */
export async function refuseUnreplaceable(path: string, option = '--out'): Promise<void> {
  const st = await lstat(path).catch(() => undefined);
  if (st && !st.isFile()) throw new WriteError(path, new NotReplaceable(kindOf(st), option), 'cannot write', option);
}

/**
 * Errors name the target path and the cause in words (WriteError). A write that fails (a full
 * disk) or is aborted removes its partial temporary file.
 */
export async function stageFile(path: string, data: Uint8Array | string, signal?: AbortSignal, option = '--out'): Promise<StagedFile> {
  try {
    await makeDirectory(dirname(path));
  } catch (err) {
    throw new WriteError(dirname(path), err, 'cannot create', option);
  }
  await refuseUnreplaceable(path, option);
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp${extname(path)}`);
  // Never masks the error that made the write fail.
  const discard = () => rm(tmp, { force: true }).catch(() => {});
  try {
    await writeFile(tmp, data, { signal });
  } catch (err) {
    await discard();
    throw signal?.aborted ? err : new WriteError(path, err, 'cannot write', option);
  }
  return {
    path,
    tmp,
    discard,
    async commit() {
      try {
        // Checked again: the staging took time, and a link or FIFO may have been put there since.
        await refuseUnreplaceable(path, option);
        await rename(tmp, path);
      } catch (err) {
        await discard();
        throw err instanceof WriteError ? err : new WriteError(path, err, 'cannot write', option);
      }
    },
  };
}

/**
 * Writes a file so that readers only ever see the old complete file or the new complete one:
 * the bytes go to a temporary file beside the target, which is then renamed over it.
 */
export async function writeFileAtomic(path: string, data: Uint8Array | string, option?: string): Promise<void> {
  await (await stageFile(path, data, undefined, option)).commit();
}
