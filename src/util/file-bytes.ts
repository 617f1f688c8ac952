// Every language of a book shows mostly the same figures, in HTML and in EPUB, and the cache key
// hashes them too: each file is read (and base64-encoded for HTML) once per process, not once per
// language, format and key. That was a third of the HTML writer's time for Pro Git. Entries are keyed
// by size and modification time, so `serve` reads a changed figure again, and the memo is bounded,
// so a long `serve` does not grow.
import { statSync } from 'node:fs';
import { readBookFile } from './book-file.js';

interface Entry {
  stamp: string;
  bytes: Promise<Buffer>;
  dataUri?: Promise<Buffer>;
  size: number;
}

/** Enough for every figure of a book (Pro Git's are 3.8 MB); beyond it the oldest are forgotten. */
const LIMIT_BYTES = 64 * 1024 * 1024;
const memo = new Map<string, Entry>();
let held = 0;

/**
 * One build's view of the files (fileRound()), which the build hands to what reads them: a file
 * checked once in it is not checked again, so every language and format of the build sees the
 * same bytes, without a stat per figure and format. A read without a round checks every time.
 */
export interface FileRound {
  /**
   * The entries this round has checked. Weak: what the memo forgets (its bound, or a newer version
   * that another round checked meanwhile) is checked again rather than held by a round.
   */
  readonly checked: WeakSet<object>;
}

export function fileRound(): FileRound {
  return { checked: new WeakSet() };
}

function entryFor(path: string, round: FileRound | undefined): Entry {
  const known = memo.get(path);
  if (known && round?.checked.has(known)) return known;
  const entry = checked(path, known);
  round?.checked.add(entry);
  return entry;
}

function checked(path: string, known: Entry | undefined): Entry {
  // Synchronous: a few microseconds, where a promise round trip per figure and format added up.
  const s = statSync(path);
  const stamp = `${s.size}:${s.mtimeMs}`;
  if (known?.stamp === stamp) return known;
  if (known) forget(path, known);
  const entry: Entry = { stamp, bytes: readBookFile(path), size: s.size };
  // A failed read is not remembered: the next caller tries again and sees the error itself.
  entry.bytes.catch(() => memo.get(path) === entry && forget(path, entry));
  memo.set(path, entry);
  held += entry.size;
  for (const [oldest, e] of memo) {
    if (held <= LIMIT_BYTES || e === entry) break;
    forget(oldest, e);
  }
  return entry;
}

function forget(path: string, entry: Entry): void {
  memo.delete(path);
  held -= entry.size;
}

/** The bytes of a file. Shared: callers must not modify them. */
export async function fileBytes(path: string, round?: FileRound): Promise<Buffer> {
  return entryFor(path, round).bytes;
}

/** `data:<type>;base64,...` of an image file, as ASCII bytes ready to be written into an HTML file. */
export async function dataUri(path: string, mediaType: string, round?: FileRound): Promise<Buffer> {
  const entry = entryFor(path, round);
  entry.dataUri ??= entry.bytes.then((bytes) => Buffer.from(`data:${mediaType};base64,${bytes.toString('base64')}`, 'latin1'));
  return entry.dataUri;
}
