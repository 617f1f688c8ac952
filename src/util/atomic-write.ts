import { rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { makeDirectory } from './make-dir.js';
import { WriteError } from './write-errors.js';

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

/**
 * Errors name the target path and the cause in words (WriteError). A write that fails (a full
 * disk) or is aborted removes its partial temporary file.
 */
export async function stageFile(path: string, data: Uint8Array | string, signal?: AbortSignal): Promise<StagedFile> {
  try {
    await makeDirectory(dirname(path));
  } catch (err) {
    throw new WriteError(dirname(path), err, 'cannot create');
  }
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp${extname(path)}`);
  // Never masks the error that made the write fail.
  const discard = () => rm(tmp, { force: true }).catch(() => {});
  try {
    await writeFile(tmp, data, { signal });
  } catch (err) {
    await discard();
    throw signal?.aborted ? err : new WriteError(path, err);
  }
  return {
    path,
    tmp,
    discard,
    async commit() {
      try {
        await rename(tmp, path);
      } catch (err) {
        await discard();
        throw new WriteError(path, err);
      }
    },
  };
}

/**
 * Writes a file so that readers only ever see the old complete file or the new complete one:
 * the bytes go to a temporary file beside the target, which is then renamed over it.
 */
export async function writeFileAtomic(path: string, data: Uint8Array | string): Promise<void> {
  await (await stageFile(path, data)).commit();
}
