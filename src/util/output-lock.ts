// One build at a time per output directory: `<out>/.progit-ebook.lock`, created with O_EXCL and
// holding the builder's pid. Atomic renames already keep every file whole; the lock keeps two
// builds (two CI jobs, a watch loop and a manual run) from interleaving their files and from
// racing over the leftovers of a build that died.
import { readFileSync, unlinkSync } from 'node:fs';
import { open, readdir, readFile, rm, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { stagedFileOwner } from './atomic-write.js';
import { UserError } from './diagnostics.js';
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
  /** Told once per other build waited for. */
  onWait?: (pid: number, lockPath: string) => void;
}

/** True while a process with this pid exists (EPERM: it exists, owned by another user). */
function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function outputError(outDir: string, what: string, err: unknown): UserError {
  return new UserError({ file: outDir, message: `${what}: ${describeWriteError(err)}`, rule: 'output' }, 1);
}

/** Creates the lock with our pid; false when it already exists. */
async function tryCreate(path: string, outDir: string): Promise<boolean> {
  let handle;
  try {
    handle = await open(path, 'wx');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw outputError(outDir, 'cannot write to the output directory', err);
  }
  try {
    await handle.writeFile(`${process.pid}\n`);
    await handle.close();
  } catch (err) {
    await handle.close().catch(() => {});
    await unlink(path).catch(() => {});
    throw outputError(outDir, 'cannot write to the output directory', err);
  }
  return true;
}

type Holder = { pid: number } | { empty: true; ageMs: number } | { gone: true };

async function readHolder(path: string): Promise<Holder> {
  try {
    const [text, info] = await Promise.all([readFile(path, 'utf8'), stat(path)]);
    const pid = Number.parseInt(text, 10);
    return Number.isInteger(pid) && pid > 0 ? { pid } : { empty: true, ageMs: Date.now() - info.mtimeMs };
  } catch {
    return { gone: true };
  }
}

function sameHolder(a: Holder, b: Holder): boolean {
  return 'pid' in a ? 'pid' in b && a.pid === b.pid : 'empty' in a && 'empty' in b;
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
    if (sameHolder(await readHolder(path), seen)) await rm(path, { force: true });
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

/**
 * Takes `<outDir>/.progit-ebook.lock`, creating outDir. Waits while a live build holds it; takes
 * over the lock of a build that is gone. Fails with a UserError naming the directory when it cannot
 * be written (read-only, full, a file in the way) or the wait runs out.
 */
export async function acquireOutputLock(outDir: string, options: LockOptions = {}): Promise<OutputLock> {
  const waitMs = options.waitMs ?? 30 * 60_000;
  const pollMs = options.pollMs ?? 250;
  try {
    await makeDirectory(outDir);
  } catch (err) {
    throw outputError(outDir, 'cannot create the output directory', err);
  }
  const path = join(outDir, LOCK_NAME);
  const deadline = Date.now() + waitMs;
  let announced: number | undefined;
  while (!(await tryCreate(path, outDir))) {
    options.signal?.throwIfAborted();
    const holder = await readHolder(path);
    if ('gone' in holder) continue;
    // A lock naming this very process was not made by it: a container restarted with the same pid.
    const stale = 'pid' in holder ? holder.pid === process.pid || !isProcessAlive(holder.pid) : holder.ageMs > EMPTY_LOCK_STALE_MS;
    if (stale) {
      if (!(await removeStale(path, holder))) await sleep(20, undefined, { signal: options.signal });
      continue;
    }
    if ('pid' in holder && announced !== holder.pid) {
      announced = holder.pid;
      options.onWait?.(holder.pid, path);
    }
    if (Date.now() > deadline) {
      const who = 'pid' in holder ? `the build with pid ${holder.pid}` : 'another build';
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

  // Also on process.exit() (a second Ctrl-C), where no promise gets to run.
  const releaseSync = () => {
    try {
      if (Number.parseInt(readFileSync(path, 'utf8'), 10) === process.pid) unlinkSync(path);
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
    },
  };
}
