// A worker thread of read-pool.ts: reads the languages it is sent, one at a time.
import { parentPort } from 'node:worker_threads';
import { UserError } from '../util/diagnostics.js';
import { runReadJob, type ReadJob } from './read-job.js';
import type { ReadReply } from './read-pool.js';

parentPort?.on('message', async ({ id, job }: { id: number; job: ReadJob }) => {
  let reply: ReadReply;
  try {
    reply = { id, result: await runReadJob(job) };
  } catch (err) {
    // A source error crosses as its diagnostic, to be shown as one line like any other; anything
    // else as its message, as build reports an error of this thread.
    reply = err instanceof UserError
      ? { id, userError: { diagnostic: err.diagnostic, exitCode: err.exitCode } }
      : { id, crash: err instanceof Error ? err.message : String(err) };
  }
  // The rendered files move to the main thread instead of being copied; a Buffer that shares
  // Node's pool with others is copied.
  const moved = 'result' in reply ? Object.values(reply.result.artifacts).filter((b) => b.byteOffset === 0 && b.byteLength === b.buffer.byteLength).map((b) => b.buffer as ArrayBuffer) : [];
  parentPort!.postMessage(reply, moved);
});
