// The directory's state: which ebook files are there and are what a build made. A recorded file is
// listed when it exists with the recorded checksum; one with the recorded size and modification time
// is taken as unchanged without reading it (a build lists 166 files in milliseconds), any other is
// hashed. A file changed with its size and time kept (`touch -r`) is not noticed: docs/cli.md says so.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { mapLimit } from '../util/concurrency.js';
import { WRITERS } from '../writers/registry.js';
import { INDEX_NAME, MANIFEST_NAME, SUMS_NAME, type RecordedFile } from './recorded.js';

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}

/** Hashing is I/O and one core's work per file: a few at once keep the disk and the cores busy. */
const HASH_JOBS = Math.max(2, availableParallelism());

/** The recorded files that are in `dir` unchanged, with their current modification time; the others each get a warning. */
export async function presentFiles(dir: string, recorded: readonly RecordedFile[], warn: (message: string) => void): Promise<RecordedFile[]> {
  const checked = await mapLimit(recorded, HASH_JOBS, async (r): Promise<RecordedFile | undefined> => {
    const path = join(dir, r.file);
    const st = await stat(path).catch(() => undefined);
    if (!st?.isFile()) {
      warn(`${r.file}: recorded in ${MANIFEST_NAME} but missing; left out of the index`);
      return undefined;
    }
    if (st.size === r.bytes && st.mtimeMs === r.mtimeMs) return r;
    if (st.size === r.bytes && (await sha256File(path)) === r.sha256) return { ...r, mtimeMs: st.mtimeMs };
    warn(`${r.file}: changed since it was built (its checksum is not the one ${MANIFEST_NAME} records); left out of the index`);
    return undefined;
  });
  return checked.filter((r) => r !== undefined);
}

const EXTENSIONS: ReadonlyMap<string, string> = new Map(WRITERS.map((w) => [w.extension.replace(/^\./, ''), w.format]));
const LANGUAGE_CODE = /^[a-z]{2,3}(?:[-_][a-z0-9]{1,8})*$/i;
/** Files of a release directory that are not ebooks and need no warning. */
const OWN_FILES = new Set([INDEX_NAME, MANIFEST_NAME, SUMS_NAME]);

/** `<name>.<lang>.<ext>` with a known extension, else why the name is not an ebook's. */
export function parseEbookName(file: string): { lang: string; format: string } | { reason: string } {
  const parts = file.split('.');
  const ext = parts.pop()!.toLowerCase();
  const lang = parts.pop();
  if (!lang || parts.join('.') === '' || !LANGUAGE_CODE.test(lang)) return { reason: 'not <name>.<lang>.<ext>' };
  const format = EXTENSIONS.get(ext);
  return format ? { lang, format } : { reason: `unknown extension .${ext}` };
}

/** Whether a directory entry is one the index says nothing about: its own files, hidden ones (a build's lock and staged files). */
export function isQuietName(file: string): boolean {
  return OWN_FILES.has(file) || file.startsWith('.');
}
