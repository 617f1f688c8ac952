// What a failed write into the output directory means for the user, and what to do about it:
// Node's own message ("ENOSPC: no space left on device, write") names neither the file nor a way out.

const CAUSES: Record<string, string> = {
  ENOSPC: 'no space left on device: free space or choose another --out',
  EDQUOT: 'disk quota exceeded: free space or choose another --out',
  EROFS: 'read-only file system: choose another --out',
  EACCES: 'permission denied: choose another --out or make it writable',
  EPERM: 'operation not permitted: choose another --out or make it writable',
  ENOTDIR: 'a part of the path is a file, not a directory: choose another --out',
  EEXIST: 'a file is in the way of a directory: choose another --out',
  // Parents are made first: so a directory removed during the build, or a file system that refuses one (/proc).
  ENOENT: 'the directory is gone or the file system refuses to create it there: choose another --out',
  EISDIR: 'a directory is in the way of the file: remove it or choose another --out',
  ENAMETOOLONG: 'the path is too long: choose a shorter --out',
  EIO: 'input/output error (a failing disk or network file system)',
};

/**
 * The cause of a file-system error in words, with the remedy; else the error's own message. The
 * remedy names the option that chose the path: `--out` for a build's files, `--html` for status's page.
 */
export function describeWriteError(err: unknown, option = '--out'): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code && CAUSES[code]) return CAUSES[code].replace('--out', option);
  return err instanceof Error ? err.message : String(err);
}

/** Something at a path this tool writes that is not a regular file: renaming a new file over it would destroy it. */
export class NotReplaceable extends Error {
  readonly code = 'ENOTREG';
  constructor(what: string, option: string) {
    super(`${what} is there, not a regular file, and only a regular file is replaced: remove it or choose another ${option}`);
    this.name = 'NotReplaceable';
  }
}

/** A write that failed: names the file the user asked for, never the temporary one. */
export class WriteError extends Error {
  readonly code?: string;
  constructor(
    readonly path: string,
    cause: unknown,
    verb = 'cannot write',
    option = '--out',
  ) {
    super(`${verb} ${path}: ${describeWriteError(cause, option)}`, { cause });
    this.name = 'WriteError';
    this.code = (cause as NodeJS.ErrnoException | undefined)?.code;
  }
}
