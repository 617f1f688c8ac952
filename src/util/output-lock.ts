// One build at a time per output directory: `<out>/.progit-ebook.lock`, created with O_EXCL and
// naming its holder (lock-holder.ts: pid, host, boot, PID namespace), whose mtime the holder keeps
// fresh. Atomic renames already keep every file whole; the lock keeps two builds (two CI jobs, a
// watch loop and a manual run, builds in two containers sharing a volume) from interleaving their
// files and from racing over the leftovers of a build that died.
import { randomBytes } from 'node:crypto';
import { readFileSync, unlinkSync } from 'node:fs';
import { open, readdir, rm, stat, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { stagedFileOwner } from './atomic-write.js';
import { UserError } from './diagnostics.js';
import { describeHolder, formatRecord, HEARTBEAT_MS, holderIsGone, isProcessAlive, ownIdentity, parseRecord, type LockRecord } from './lock-holder.js';
import { makeDirectory } from './make-dir.js';
import { describeWriteError } from './write-errors.js';

export const LOCK_NAME = '.progit-ebook.lock';

/** A lock with no pid yet is being written by its creator; one that stays empty that long was left by a crash. */
const EMPTY_LOCK_STALE_MS = 5_000;

export interface OutputLock {
  path: string;
  release(): Promise<void>;
}

export interface LockOptions {
  /** How long to wait for another build before giving up (default: 30 minutes). */
  waitMs?: number;
  pollMs?: number;
  signal?: AbortSignal;
  /** Told once per other build waited for, with who it is ("the build with pid 4242"). */
  onWait?: (holder: string, lockPath: string) => void;
}

function outputError(outDir: string, what: string, err: unknown): UserError {
  return new UserError({ file: outDir, message: `${what}: ${describeWriteError(err)}`, rule: 'output' }, 1);
}

/** Creates the lock holding `record`, left open for the heartbeat; undefined when it already exists. */
async function tryCreate(path: string, outDir: string, record: LockRecord): Promise<FileHandle | undefined> {
  let handle;
  try {
    handle = await open(path, 'wx');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return undefined;
    throw outputError(outDir, 'cannot write to the output directory', err);
  }
  try {
    await handle.writeFile(formatRecord(record));
  } catch (err) {
    await handle.close().catch(() => {});
    await unlink(path).catch(() => {});
    throw outputError(outDir, 'cannot write to the output directory', err);
  }
  return handle;
}

type Holder = { record: LockRecord; heartbeatAgeMs: number } | { empty: true; ageMs: number } | { gone: true };

async function readHolder(path: string): Promise<Holder> {
  let handle;
  try {
    // The mtime through the open file: on NFS, opening revalidates what a bare stat may take from its cache.
    handle = await open(path, 'r');
    const [text, info] = [await handle.readFile('utf8'), await handle.stat()];
    const record = parseRecord(text);
    const ageMs = Date.now() - info.mtimeMs;
    return record ? { record, heartbeatAgeMs: ageMs } : { empty: true, ageMs };
  } catch {
    return { gone: true };
  } finally {
    await handle?.close().catch(() => {});
  }
}

function isStale(holder: Holder): boolean {
  if ('gone' in holder) return false;
  return 'record' in holder ? holderIsGone(holder.record, holder.heartbeatAgeMs) : holder.ageMs > EMPTY_LOCK_STALE_MS;
}

function sameHolder(a: Holder, b: Holder): boolean {
  if (!('record' in a)) return 'empty' in a && 'empty' in b;
  return 'record' in b && a.record.pid === b.record.pid && a.record.token === b.record.token && a.record.host === b.record.host;
}

/**
 * Removes a dead build's lock. Two builds may find the same dead lock at once: a second lock file,
 * also O_EXCL, lets only one of them remove it, after checking it is still the dead one (not the
 * fresh lock the other has just created in its place).
 */
async function removeStale(path: string, seen: Holder): Promise<boolean> {
  const guard = `${path}.takeover`;
  let handle;
  try {
    handle = await open(guard, 'wx');
  } catch {
    // Someone else is taking over; a guard this old belongs to a build that died doing it.
    const info = await stat(guard).catch(() => undefined);
    if (info && Date.now() - info.mtimeMs > EMPTY_LOCK_STALE_MS) await rm(guard, { force: true });
    return false;
  }
  try {
    await handle.close();
    // Still the lock found gone, and still gone: not a fresh one in its place, nor a heartbeat since.
    const now = await readHolder(path);
    if (sameHolder(now, seen) && isStale(now)) await rm(path, { force: true });
  } finally {
    await rm(guard, { force: true });
  }
  return true;
}

/** Staged files of builds that died (SIGKILL, power loss): never renamed into place, never removed. */
async function removeDeadStagedFiles(outDir: string): Promise<void> {
  for (const name of await readdir(outDir).catch(() => [] as string[])) {
    const owner = stagedFileOwner(name);
    if (owner !== undefined && owner !== process.pid && !isProcessAlive(owner)) await rm(join(outDir, name), { force: true }).catch(() => {});
  }
}

/** Waits for our turn: creates the lock, or waits while a live build holds it, or takes over one that is gone. */
async function takeTurn(path: string, outDir: string, record: LockRecord, options: LockOptions): Promise<FileHandle> {
  const waitMs = options.waitMs ?? 30 * 60_000;
  const pollMs = options.pollMs ?? 250;
  const deadline = Date.now() + waitMs;
  let announced: string | undefined;
  for (;;) {
    const handle = await tryCreate(path, outDir, record);
    if (handle) return handle;
    options.signal?.throwIfAborted();
    const holder = await readHolder(path);
    if ('gone' in holder) continue;
    if (isStale(holder)) {
      if (!(await removeStale(path, holder))) await sleep(20, undefined, { signal: options.signal });
      continue;
    }
    const who = 'record' in holder ? describeHolder(holder.record) : 'another build';
    if ('record' in holder && announced !== who) {
      announced = who;
      options.onWait?.(who, path);
    }
    if (Date.now() > deadline) {
      throw new UserError(
        {
          file: outDir,
          message: `${who} is still writing here after ${Math.round(waitMs / 1000)} s: wait for it, or remove ${path} if no build is running`,
          rule: 'output-locked',
        },
        1,
      );
    }
    await sleep(pollMs, undefined, { signal: options.signal });
  }
}

/**
 * Takes `<outDir>/.progit-ebook.lock`, creating outDir. Waits while a live build holds it; takes
 * over the lock of a build that is gone. Fails with a UserError naming the directory when it cannot
 * be written (read-only, full, a file in the way) or the wait runs out. While held, the lock's
 * mtime is refreshed every HEARTBEAT_MS, through its own descriptor: never a lock that replaced it.
 */
export async function acquireOutputLock(outDir: string, options: LockOptions = {}): Promise<OutputLock> {
  try {
    await makeDirectory(outDir);
  } catch (err) {
    throw outputError(outDir, 'cannot create the output directory', err);
  }
  const path = join(outDir, LOCK_NAME);
  const token = randomBytes(8).toString('hex');
  const handle = await takeTurn(path, outDir, { pid: process.pid, ...ownIdentity(), token }, options);
  const heartbeat = setInterval(() => {
    const now = new Date();
    handle.utimes(now, now).catch(() => {});
  }, HEARTBEAT_MS).unref();

  // Also on process.exit() (a second Ctrl-C), where no promise gets to run.
  const releaseSync = () => {
    clearInterval(heartbeat);
    try {
      if (parseRecord(readFileSync(path, 'utf8'))?.token === token) unlinkSync(path);
    } catch {
      // already gone
    }
  };
  process.once('exit', releaseSync);
  await removeDeadStagedFiles(outDir);
  return {
    path,
    async release() {
      process.off('exit', releaseSync);
      releaseSync();
      await handle.close().catch(() => {});
    },
  };
}
