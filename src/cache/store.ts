// The build cache on disk: artifacts stored by their sha256 (blobs/), and small JSON entries that
// map an input key to the artifacts it produced (entries/). Every file is written under a
// temporary name and renamed into place, and a blob is checked against its name when read, so an
// interrupted or concurrent build can leave at most an unused file, never a wrong one.
import { createHash } from 'node:crypto';
import { readdir, readFile, rm, stat, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { cacheDir, firstWritableDir, tempCacheDir } from '../util/cache-dir.js';
import { writeFileAtomic } from '../util/atomic-write.js';

/** Bump when the meaning of an entry changes: older entries are then simply never looked up. */
const LAYOUT = 'v1';

export function sha256(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Where build results are cached: `$PROGIT_EBOOK_CACHE/builds` (default `~/.cache/progit-ebook/builds`). */
function buildCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(cacheDir(env), 'builds', LAYOUT);
}

/** How long a measured cache size is trusted before prune() walks the cache again. */
const RECOUNT_MS = 24 * 60 * 60 * 1000;

interface Usage {
  bytes: number;
  /** When the bytes were counted by walking the cache (ms since the epoch). */
  counted: number;
}

export class BuildCache {
  /** Bytes this process added to the cache, so that prune() need not walk it after every build. */
  private written = 0;

  private constructor(readonly dir: string) {}

  /** The cache in `preferred`, else under the temp directory (a read-only home in CI or Docker); undefined when neither is writable. */
  static async open(preferred = buildCacheDir()): Promise<BuildCache | undefined> {
    const dir = await firstWritableDir([preferred, join(tempCacheDir(), 'builds', LAYOUT)], ['entries', 'blobs']);
    return dir ? new BuildCache(dir) : undefined;
  }

  private blobPath(hash: string): string {
    return join(this.dir, 'blobs', hash.slice(0, 2), hash);
  }

  private entryPath(kind: string, key: string): string {
    return join(this.dir, 'entries', `${kind}-${key}.json`);
  }

  /**
   * Stores bytes (once: the same bytes have the same name) and returns their sha256. A blob already
   * there of the same size is not read to compare (that would read every output again on every
   * build); getBlob removes one whose bytes are wrong, so that this writes it again.
   */
  async putBlob(bytes: Uint8Array, hash = sha256(bytes)): Promise<string> {
    const path = this.blobPath(hash);
    const existing = await stat(path).catch(() => undefined);
    if (existing?.size !== bytes.byteLength) {
      await writeFileAtomic(path, bytes);
      this.written += bytes.byteLength;
    }
    return hash;
  }

  /** The bytes stored under `hash`, or undefined when they are missing or not what the name says. */
  async getBlob(hash: string): Promise<Uint8Array | undefined> {
    const path = this.blobPath(hash);
    const bytes = await readFile(path).catch(() => undefined);
    if (!bytes) return undefined;
    if (sha256(bytes) !== hash) {
      // putBlob trusts a blob of the right size without reading it: a damaged one of that size
      // would never be rewritten, and every build would miss. Gone, the next put writes it again.
      // (Should another build just have renamed good bytes into place, they are lost: a miss, never a wrong file.)
      await rm(path, { force: true }).catch(() => {});
      return undefined;
    }
    await touch(path);
    return bytes;
  }

  /** The entry stored under `key`, or undefined when it is missing, not JSON, or not of the shape `isValid` checks. */
  async getEntry<T>(kind: string, key: string, isValid: (value: unknown) => value is T): Promise<T | undefined> {
    const path = this.entryPath(kind, key);
    let value: unknown;
    try {
      value = JSON.parse(await readFile(path, 'utf8'));
    } catch {
      return undefined;
    }
    if (!isValid(value)) return undefined;
    await touch(path);
    return value;
  }

  async putEntry(kind: string, key: string, value: unknown): Promise<void> {
    const text = `${JSON.stringify(value)}\n`;
    await writeFileAtomic(this.entryPath(kind, key), text);
    this.written += Buffer.byteLength(text);
  }

  private get usagePath(): string {
    return join(this.dir, 'usage.json');
  }

  /**
   * Removes the least recently used files until the cache holds at most `maxBytes`. An entry whose
   * blob was removed is a miss (the blob's hash is checked), so the order of removal does not matter.
   */
  async prune(maxBytes: number, now = Date.now()): Promise<void> {
    // Walking thousands of files costs more than a no-op build: the size counted last time plus
    // what this build added is enough while it stays under the limit. Concurrent builds may
    // undercount it; the daily recount corrects that.
    const usage = await readFile(this.usagePath, 'utf8')
      .then((t) => JSON.parse(t) as Usage)
      .catch(() => undefined);
    // A count from the future (a clock set back, a cache copied from another machine) is redone.
    const fresh = usage && Number.isFinite(usage.bytes) && now >= usage.counted && now - usage.counted < RECOUNT_MS;
    if (fresh && usage.bytes + this.written <= maxBytes) {
      if (this.written > 0) await writeFileAtomic(this.usagePath, JSON.stringify({ bytes: usage.bytes + this.written, counted: usage.counted }));
      this.written = 0;
      return;
    }
    const files: { path: string; size: number; used: number }[] = [];
    const walk = async (dir: string): Promise<void> => {
      for (const e of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
        const path = join(dir, e.name);
        if (e.isDirectory()) await walk(path);
        else if (path !== this.usagePath) {
          const s = await stat(path).catch(() => undefined);
          if (s) files.push({ path, size: s.size, used: s.mtimeMs });
        }
      }
    };
    await walk(this.dir);
    let total = files.reduce((n, f) => n + f.size, 0);
    // Trimmed to 90% of the limit, so that a full cache is not walked again by every build after.
    const target = total > maxBytes ? maxBytes * 0.9 : maxBytes;
    for (const f of files.sort((a, b) => a.used - b.used)) {
      if (total <= target) break;
      await rm(f.path, { force: true });
      total -= f.size;
    }
    this.written = 0;
    await writeFileAtomic(this.usagePath, JSON.stringify({ bytes: total, counted: now } satisfies Usage));
  }
}

/** Marks a file as used now, for prune(); a file another build just removed is not an error. */
async function touch(path: string): Promise<void> {
  const now = new Date();
  await utimes(path, now, now).catch(() => {});
}
