// The directory's state: which ebook files are there and are what a build made. A recorded file is
// listed when it exists with the recorded checksum; one with the recorded size and modification time
// is taken as unchanged without reading it (a build lists 166 files in milliseconds), any other is
// hashed. A file changed with its size and time kept (`touch -r`) is not noticed: docs/cli.md says so.
// Symbolic links: one that resolves to a regular file inside the directory is listed like that file
// (a release put together with `ln -s`); one that leaves the directory is never listed, and warned about.
import { createHash } from 'node:crypto';
import { createReadStream, type Stats } from 'node:fs';
import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { mapLimit } from '../util/concurrency.js';
import { UserError } from '../util/diagnostics.js';
import { WRITERS } from '../writers/registry.js';
import { INDEX_NAME, MANIFEST_NAME, SUMS_NAME, type RecordedFile } from './manifest.js';

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}

/** Hashing is I/O and one core's work per file: a few at once keep the disk and the cores busy. */
const HASH_JOBS = Math.max(2, availableParallelism());

/** The regular file a directory entry is (or links to, inside the directory); else why it is not one, or undefined when it is gone. */
async function entryFile(dir: string, file: string): Promise<Stats | { reason: string } | undefined> {
  const path = join(dir, file);
  const own = await lstat(path).catch(() => undefined);
  if (!own) return undefined;
  if (own.isSymbolicLink()) {
    const [target, root] = await Promise.all([realpath(path).catch(() => undefined), realpath(dir)]);
    if (!target) return { reason: 'a symbolic link to nothing' };
    if (!target.startsWith(root + sep)) return { reason: `a symbolic link out of the directory (to ${target}); never listed` };
    const st = await stat(path).catch(() => undefined);
    return st?.isFile() ? st : { reason: 'a symbolic link to something that is not a regular file' };
  }
  return own.isFile() ? own : { reason: own.isDirectory() ? 'a directory' : 'not a regular file (a FIFO, socket or device)' };
}

/** The recorded files that are in `dir` unchanged, with their current modification time; the others each get a warning. */
export async function presentFiles<T extends RecordedFile>(dir: string, recorded: readonly T[], warn: (message: string) => void): Promise<T[]> {
  const checked = await mapLimit(recorded, HASH_JOBS, async (r): Promise<T | undefined> => {
    const st = await entryFile(dir, r.file);
    if (!st || 'reason' in st) {
      warn(`${r.file}: recorded in ${MANIFEST_NAME} but ${st ? st.reason : 'missing'}; left out of the index`);
      return undefined;
    }
    if (st.size === r.bytes && st.mtimeMs === r.mtimeMs) return r;
    if (st.size === r.bytes && (await sha256File(join(dir, r.file))) === r.sha256) return { ...r, mtimeMs: st.mtimeMs };
    warn(`${r.file}: changed since it was built (its checksum is not the one ${MANIFEST_NAME} records); left out of the index`);
    return undefined;
  });
  return checked.filter((r) => r !== undefined);
}

/** The bare ebook files of `dir` hashed (no manifest, or one that lost their records): their records as a build would write them. */
export async function hashFiles(
  dir: string,
  files: readonly { file: string; lang: string; format: string }[],
  sums?: ReadonlyMap<string, string>,
  warn?: (m: string) => void,
) {
  const hashed = await mapLimit(files, HASH_JOBS, async (f): Promise<RecordedFile | undefined> => {
    const [sha256, st] = await Promise.all([sha256File(join(dir, f.file)), stat(join(dir, f.file))]);
    const listed = sums?.get(f.file);
    if (listed !== undefined && listed !== sha256) {
      warn?.(`${f.file}: its checksum is not the one ${SUMS_NAME} lists; left out of the index`);
      return undefined;
    }
    return { ...f, bytes: st.size, sha256, mtimeMs: st.mtimeMs };
  });
  return hashed.filter((f) => f !== undefined);
}

const EXTENSIONS: ReadonlyMap<string, string> = new Map(WRITERS.map((w) => [w.extension.replace(/^\./, ''), w.format]));
const LANGUAGE_CODE = /^[a-z]{2,3}(?:[-_][a-z0-9]{1,8})*$/i;
/** Files of a release directory that are not ebooks and need no warning. */
const OWN_FILES = new Set([INDEX_NAME, MANIFEST_NAME, SUMS_NAME]);

/** `<name>.<lang>.<ext>` with a known extension, else why the name is not an ebook's. */
export function parseEbookName(file: string): { name: string; lang: string; format: string } | { reason: string } {
  const parts = file.split('.');
  const ext = parts.pop()!.toLowerCase();
  const lang = parts.pop();
  const name = parts.join('.');
  if (!lang || name === '' || !LANGUAGE_CODE.test(lang)) return { reason: 'not <name>.<lang>.<ext>' };
  const format = EXTENSIONS.get(ext);
  return format ? { name, lang, format } : { reason: `unknown extension .${ext}` };
}

/** Whether a directory entry is one the index says nothing about: its own files, hidden ones (a build's lock and staged files). */
function isQuietName(file: string): boolean {
  return OWN_FILES.has(file) || file.startsWith('.');
}

/** An ebook file of the directory that no manifest records. */
export interface BareFile {
  file: string;
  name: string;
  lang: string;
  format: string;
}

/** The directory's ebook files (regular files, links to them inside it) that are not in `recorded`; every other name gets a warning from `warn`. */
export async function bareFiles(dir: string, recorded: ReadonlySet<string>, warn: (m: string) => void): Promise<BareFile[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'there is no such directory' : code === 'ENOTDIR' ? 'it is not a directory' : (err as Error).message;
    throw new UserError({ file: dir, message: `cannot read the directory: ${why}`, rule: 'index' });
  }
  const found: BareFile[] = [];
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (isQuietName(e.name) || recorded.has(e.name) || !(e.isFile() || e.isSymbolicLink())) continue;
    const parsed = parseEbookName(e.name);
    if ('reason' in parsed) {
      if (e.isFile()) warn(`${e.name}: ignored: ${parsed.reason}`);
      continue;
    }
    const st = e.isFile() ? undefined : await entryFile(dir, e.name);
    if (st && 'reason' in st) warn(`${e.name}: ${st.reason}; left out of the index`);
    else found.push({ file: e.name, ...parsed });
  }
  return found;
}
