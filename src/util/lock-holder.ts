// Who holds the output lock, as its file says, and whether that build can still be running. A pid
// alone means nothing outside its PID namespace: builds in two containers (or on two machines)
// sharing a volume each see the other's pid as dead, or as some unrelated process of their own.
// So the lock names its holder's host, boot and PID namespace as well; a holder in this very
// namespace is judged by its pid, any other by its heartbeat (the lock's mtime, which a live
// holder refreshes every few seconds).
import { readFileSync, readlinkSync } from 'node:fs';
import { hostname } from 'node:os';

/** How often a holder refreshes its lock's mtime. */
export const HEARTBEAT_MS = 5_000;
/** A lock from another namespace whose mtime is this old belongs to a build that is gone. */
const HEARTBEAT_STALE_MS = 60_000;

export interface Identity {
  host: string;
  /** The kernel's boot id: the same host name after a reboot (or in another VM) is another system. */
  boot: string;
  /** The PID namespace (`pid:[4026531836]`): containers on one kernel share the boot id, not this. */
  pidns: string;
}

export interface LockRecord extends Partial<Identity> {
  pid: number;
  /** Unique per acquisition: a release removes only the lock it made. */
  token?: string;
}

function firstLine(read: () => string): string {
  try {
    return read().trim().split('\n', 1)[0]!;
  } catch {
    return '';
  }
}

let own: Identity | undefined;

/** This process's host, boot and PID namespace ('' where the system does not tell: not Linux). */
export function ownIdentity(): Identity {
  own ??= {
    host: hostname(),
    boot: firstLine(() => readFileSync('/proc/sys/kernel/random/boot_id', 'utf8')),
    pidns: firstLine(() => readlinkSync('/proc/self/ns/pid')),
  };
  return own;
}

/** The lock's text: the pid on the first line (what older versions wrote and read), then `key value` lines. */
export function formatRecord(record: LockRecord): string {
  const lines = [String(record.pid)];
  for (const key of ['host', 'boot', 'pidns', 'token'] as const) if (record[key] !== undefined) lines.push(`${key} ${record[key]}`);
  return `${lines.join('\n')}\n`;
}

/** The record a lock's text holds; undefined when it holds no pid (yet). */
export function parseRecord(text: string): LockRecord | undefined {
  const [first = '', ...rest] = text.split('\n');
  const pid = Number.parseInt(first, 10);
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  const record: LockRecord = { pid };
  for (const line of rest) {
    const m = /^(host|boot|pidns|token) (.*)$/.exec(line);
    if (m) record[m[1] as 'host' | 'boot' | 'pidns' | 'token'] = m[2]!;
  }
  return record;
}

/** Whether the record's pid is one of this PID namespace (a lock without an identity was written by an older version, here). */
function inThisNamespace(record: LockRecord, me: Identity = ownIdentity()): boolean {
  if (record.host === undefined) return true;
  return record.host === me.host && record.boot === me.boot && record.pidns === me.pidns;
}

/** True while a process with this pid exists (EPERM: it exists, owned by another user). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Whether the build that wrote the record is gone: here, its pid is dead (or is this process's,
 * which did not write it: a container restarted with the same pid); elsewhere, its heartbeat stopped.
 */
export function holderIsGone(record: LockRecord, heartbeatAgeMs: number): boolean {
  if (inThisNamespace(record)) return record.pid === process.pid || !isProcessAlive(record.pid);
  return heartbeatAgeMs > HEARTBEAT_STALE_MS;
}

/** "the build with pid 4242", and for another namespace where it runs. */
export function describeHolder(record: LockRecord): string {
  const who = `the build with pid ${record.pid}`;
  if (inThisNamespace(record)) return who;
  const me = ownIdentity();
  const where =
    record.host !== me.host ? `on host ${record.host}` : record.boot !== me.boot ? `on another system named ${record.host}` : 'in another container';
  return `${who} ${where}`;
}
