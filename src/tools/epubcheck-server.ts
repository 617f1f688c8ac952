// epubcheck for many EPUBs: long-lived JVMs (java/EpubcheckServer.java) fed one path at a time, so a
// build validating every language pays Java's start-up once per worker instead of once per EPUB.
// Where that cannot start (a launcher script instead of the jar, a Java without its compiler
// module) or a worker dies, EPUBs get their own `epubcheck` run instead.
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { execa as Execa, ResultPromise } from 'execa';
import { loadExeca } from '../util/load-execa.js';
import { parseEpubcheckOutput, runEpubcheck, type EpubcheckCommand, type EpubcheckResult } from './epubcheck.js';
import { EnvironmentError } from '../util/diagnostics.js';
import { packageFile } from '../util/package-root.js';

/** Run from source by `java` (a single-file program): part of the tool's identity in cache keys. */
export const SERVER_SOURCE = packageFile('src', 'tools', 'java', 'EpubcheckServer.java');
const READY = '@@epubcheck-server ready';
const DONE = /^@@epubcheck-server done (-?\d+)$/;
const START_TIMEOUT_MS = 2 * 60_000;
const PER_FILE_TIMEOUT_MS = 10 * 60_000;

class TimedOut extends Error {}

/** One JVM validating the EPUBs it is given, one after the other. */
class Worker {
  private readonly child: ResultPromise;
  private readonly ready: Promise<boolean>;
  private tail: Promise<unknown> = Promise.resolve();
  private waiting?: { lines: string[]; done: (result: { output: string; code: number } | Error) => void };
  dead = false;
  pending = 0;

  constructor(execa: typeof Execa, java: string, jar: string) {
    this.child = execa(java, ['-cp', jar, SERVER_SOURCE], { stdin: 'pipe', stdout: 'pipe', stderr: 'ignore', buffer: false, reject: false });
    let markReady: (ok: boolean) => void = () => {};
    this.ready = new Promise((resolve) => (markReady = resolve));
    const startTimer = setTimeout(() => this.child.kill(), START_TIMEOUT_MS);
    createInterface({ input: this.child.stdout! }).on('line', (line) => {
      if (line === READY) {
        clearTimeout(startTimer);
        return markReady(true);
      }
      if (!this.waiting) return;
      const done = DONE.exec(line);
      if (done) return this.waiting.done({ output: this.waiting.lines.join('\n'), code: Number(done[1]) });
      this.waiting.lines.push(line);
    });
    void this.child.then((result) => {
      clearTimeout(startTimer);
      this.dead = true;
      markReady(false);
      this.waiting?.done(new Error(`epubcheck worker exited (${result.exitCode ?? result.signal})`));
    });
  }

  check(epub: string): Promise<EpubcheckResult> {
    this.pending++;
    const run = this.tail.then(async () => {
      if (!(await this.ready) || this.dead) throw new EnvironmentError('epubcheck worker is not running');
      return new Promise<EpubcheckResult>((resolve, reject) => {
        const timer = setTimeout(() => {
          this.waiting = undefined;
          this.child.kill();
          reject(new TimedOut(`epubcheck timed out after ${PER_FILE_TIMEOUT_MS / 60_000} minutes on ${epub}`));
        }, PER_FILE_TIMEOUT_MS);
        this.waiting = {
          lines: [],
          done: (result) => {
            clearTimeout(timer);
            this.waiting = undefined;
            if (result instanceof Error) reject(result);
            else resolve(parseEpubcheckOutput(result.output, result.code, epub));
          },
        };
        this.child.stdin!.write(`${epub}\n`);
      });
    });
    this.tail = run.catch(() => {}).finally(() => this.pending--);
    return run;
  }

  close(): void {
    this.child.stdin?.end();
  }

  kill(): void {
    this.child.kill();
  }
}

export class EpubcheckPool {
  private workers: Worker[] = [];
  private jar?: string;

  /** `signal`: an interrupted build kills the workers and starts no epubcheck. */
  constructor(
    private readonly command: EpubcheckCommand,
    private readonly size = 1,
    private readonly signal?: AbortSignal,
  ) {
    const jar = command.args[0] === '-jar' ? command.args[1] : undefined;
    if (jar && existsSync(SERVER_SOURCE)) this.jar = jar;
    signal?.addEventListener('abort', () => this.kill(), { once: true });
  }

  async check(epub: string): Promise<EpubcheckResult> {
    this.signal?.throwIfAborted();
    if (!existsSync(epub)) return parseEpubcheckOutput(`File not found: ${epub}`, 1, epub);
    if (this.workers.some((w) => w.dead)) {
      // A worker that died once (crash, kill, no compiler) is not restarted: the rest run per file.
      this.jar = undefined;
      this.workers = this.workers.filter((w) => !w.dead);
    }
    if (!this.jar) return runEpubcheck(this.command, epub, this.signal);
    const { execa } = await loadExeca();
    // Decided after the await, with nothing in between: two checks never both add the last worker.
    if (this.jar && this.workers.length < this.size && this.workers.every((w) => w.pending > 0))
      this.workers.push(new Worker(execa, this.command.file, this.jar));
    if (!this.jar || this.workers.length === 0) return runEpubcheck(this.command, epub, this.signal);
    const worker = this.workers.reduce((a, b) => (b.pending < a.pending ? b : a));
    try {
      return await worker.check(epub);
    } catch (err) {
      if (err instanceof TimedOut || this.signal?.aborted) throw err;
      return runEpubcheck(this.command, epub, this.signal);
    }
  }

  /** Lets the workers exit once their current file is done. */
  close(): void {
    for (const w of this.workers) w.close();
  }

  /** Stops at once (an interrupted build). */
  kill(): void {
    for (const w of this.workers) w.kill();
  }
}
