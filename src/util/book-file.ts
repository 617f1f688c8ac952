// Reading a book's own files (chapters, figures, cover, CSS, book.json, diagrams). Only regular
// files, or links to them: opening a FIFO named like a chapter blocks until a writer appears, for
// ever, and a thread blocked in open() also holds up the process's exit, so not even SIGTERM ended
// the build. The file is opened without blocking and checked by its descriptor, so nothing can be
// swapped in between.
import { closeSync, constants, fstatSync, openSync, readFileSync, readSync } from 'node:fs';

/** A directory, FIFO, socket or device where a file was expected. */
export class NotARegularFile extends Error {
  readonly code: string;
  /** What is wrong and what to do, without the path. */
  readonly reason: string;
  constructor(
    readonly path: string,
    isDirectory: boolean,
  ) {
    const reason = isDirectory ? 'is a directory, not a file' : 'is not a regular file (a FIFO, socket or device): replace it with a file or remove it';
    super(`${path} ${reason}`);
    this.reason = reason;
    this.name = 'NotARegularFile';
    this.code = isDirectory ? 'EISDIR' : 'ENOTREG';
  }
}

function withRegularFile<T>(path: string, use: (fd: number) => T): T {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const info = fstatSync(fd);
    if (!info.isFile()) throw new NotARegularFile(path, info.isDirectory());
    return use(fd);
  } finally {
    closeSync(fd);
  }
}

/** The whole file; throws NotARegularFile for anything but a regular file, else the error of open() or read(). */
export function readBookFileSync(path: string): Buffer {
  return withRegularFile(path, (fd) => readFileSync(fd));
}

/** The first `length` bytes of the file (fewer when it is shorter); throws as readBookFileSync. */
export function bookFileHead(path: string, length: number): Buffer {
  return withRegularFile(path, (fd) => {
    const buf = Buffer.alloc(length);
    return buf.subarray(0, readSync(fd, buf, 0, length, 0));
  });
}

/**
 * readBookFileSync as a promise. Synchronous inside: a book file is read in microseconds, where the
 * four thread-pool round trips of readFile() each waited for the busy main thread.
 */
export function readBookFile(path: string): Promise<Buffer> {
  try {
    return Promise.resolve(readBookFileSync(path));
  } catch (err) {
    return Promise.reject(err);
  }
}
