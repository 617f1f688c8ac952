// Languages read side by side: reading a language (marked's lexing, rendering) and writing its
// HTML and EPUB take one core for most of a build, so a book of several languages does both in
// worker threads (read-job.ts), and this thread only stages, hashes and caches the files. Workers
// start at the first read (a build served from the cache starts none) and end with close() or an
// interruption.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { BuildInterrupted } from '../util/cancellation.js';
import { UserError, type Diagnostic } from '../util/diagnostics.js';
import type { ReadJob, ReadResult } from './read-job.js';

export type ReadReply =
  | { id: number; result: ReadResult }
  | { id: number; userError: { diagnostic: Diagnostic; exitCode: number } }
  | { id: number; crash: string };

interface Pending {
  job: ReadJob;
  resolve: (result: ReadResult) => void;
  reject: (err: Error) => void;
}

interface Slot {
  worker: Worker;
  busy?: { id: number } & Pending;
}

/** Next to this module: build/src/api/ unbundled, build/src/bundle/ in the bundle (a second entry point there). */
const WORKER = new URL('./read-worker.js', import.meta.url);

export class ReaderPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 0;
  private closed = false;

  private readonly onAbort = () => this.close(new BuildInterrupted(this.signal?.reason));

  constructor(
    private readonly size = Math.min(2, availableParallelism()),
    private readonly signal?: AbortSignal,
  ) {
    signal?.addEventListener('abort', this.onAbort, { once: true });
  }

  read(job: ReadJob): Promise<ReadResult> {
    if (this.closed) return Promise.reject(new BuildInterrupted(this.signal?.reason));
    return new Promise((resolve, reject) => {
      this.queue.push({ job, resolve, reject });
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.queue.length) {
      let slot = this.slots.find((s) => !s.busy);
      if (!slot && this.slots.length < this.size) slot = this.spawn();
      if (!slot) return;
      const pending = this.queue.shift()!;
      slot.busy = { id: this.nextId++, ...pending };
      slot.worker.postMessage({ id: slot.busy.id, job: pending.job });
    }
  }

  private spawn(): Slot {
    const slot: Slot = { worker: new Worker(WORKER) };
    slot.worker.unref();
    slot.worker.on('message', (reply: ReadReply) => {
      const busy = slot.busy;
      if (!busy || busy.id !== reply.id) return;
      slot.busy = undefined;
      if ('result' in reply) busy.resolve(reply.result);
      else if ('userError' in reply) busy.reject(new UserError(reply.userError.diagnostic, reply.userError.exitCode));
      else busy.reject(new Error(reply.crash));
      this.dispatch();
    });
    // A worker that dies (out of memory, a crash in Node) fails its language; the others go on in a new one.
    const lost = (err: Error) => {
      const index = this.slots.indexOf(slot);
      if (index < 0) return;
      this.slots.splice(index, 1);
      slot.busy?.reject(this.closed ? new BuildInterrupted(this.signal?.reason) : new Error(`reading ${slot.busy.job.lang.code} failed: ${err.message}`));
      slot.busy = undefined;
      if (!this.closed) this.dispatch();
    };
    slot.worker.on('error', lost);
    // A reply that cannot be read back would otherwise leave its language waiting for ever.
    slot.worker.on('messageerror', (err) => {
      lost(err);
      void slot.worker.terminate();
    });
    slot.worker.on('exit', (code) => lost(new Error(`the reader thread exited with code ${code}`)));
    this.slots.push(slot);
    return slot;
  }

  /** Ends the workers; reads still waiting or running reject with `reason`. */
  close(reason: Error = new BuildInterrupted(this.signal?.reason)): void {
    if (this.closed) return;
    this.closed = true;
    this.signal?.removeEventListener('abort', this.onAbort);
    for (const pending of this.queue.splice(0)) pending.reject(reason);
    for (const slot of this.slots.splice(0)) {
      slot.busy?.reject(reason);
      slot.busy = undefined;
      void slot.worker.terminate();
    }
  }
}
