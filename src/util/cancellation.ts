// A build stopped from outside (SIGINT, SIGTERM, or an API caller's AbortSignal): not a failure of
// the book, so it is reported apart from the build's errors, without a stack trace.

export class BuildInterrupted extends Error {
  /** The abort reason; the CLI uses the signal's name (`SIGINT`, `SIGTERM`). */
  readonly reason: unknown;
  constructor(reason: unknown) {
    super(`build interrupted${typeof reason === 'string' ? ` by ${reason}` : ''}`);
    this.name = 'BuildInterrupted';
    this.reason = reason;
  }
}
