import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';

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

export async function stageFile(path: string, data: Uint8Array | string): Promise<StagedFile> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp${extname(path)}`);
  const discard = () => rm(tmp, { force: true });
  try {
    await writeFile(tmp, data);
  } catch (err) {
    await discard();
    throw err;
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
        throw err;
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
