// Running an external tool (ebook-convert, dia) so that it can always be stopped: in its own
// process group, ended with everything it started on a timeout or a cancelled build.
// execa's own `timeout`/`cancelSignal` end only the direct child; a grandchild (calibre's workers
// and Chromium, or the `sleep` of a wrapper script) would live on and keep the output pipes open,
// so the build would wait for it forever.
import { loadExeca } from '../util/load-execa.js';

export interface RunToolOptions {
  timeoutMs: number;
  signal?: AbortSignal;
  env?: Record<string, string>;
  /** Working directory of the tool; relative paths in `args` are relative to it. */
  cwd?: string;
  /** How long a tool gets to exit after SIGTERM before SIGKILL. */
  graceMs?: number;
}

export interface ToolRun {
  exitCode?: number;
  /** The signal that ended the tool, when it was not an exit. */
  signal?: string;
  signalDescription?: string;
  /** Why it could not be started at all (ENOENT, EACCES, a bad `#!` line). */
  startError?: string;
  timedOut: boolean;
  /** Stopped because the build was cancelled. */
  cancelled: boolean;
  /** stdout and stderr interleaved. */
  output: string;
}

function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // the group is already gone
  }
}

export async function runTool(file: string, args: readonly string[], options: RunToolOptions): Promise<ToolRun> {
  const grace = options.graceMs ?? 2_000;
  let timedOut = false;
  let cancelled = false;
  let forceTimer: NodeJS.Timeout | undefined;
  const { execa } = await loadExeca();
  const child = execa(file, args, { reject: false, all: true, stdin: 'ignore', detached: true, env: options.env, cwd: options.cwd });
  const pid = child.pid;
  const stop = () => {
    killGroup(pid, 'SIGTERM');
    forceTimer ??= setTimeout(() => killGroup(pid, 'SIGKILL'), grace);
  };
  const timer = setTimeout(() => {
    timedOut = true;
    stop();
  }, options.timeoutMs);
  const onAbort = () => {
    cancelled = true;
    stop();
  };
  if (options.signal?.aborted) onAbort();
  else options.signal?.addEventListener('abort', onAbort, { once: true });
  // Whatever the tool left running in its group when it exited is an orphan nobody will end.
  child.once('exit', () => killGroup(pid, 'SIGKILL'));
  try {
    const result = await child;
    const started = result.exitCode !== undefined || result.signal !== undefined;
    return {
      exitCode: result.exitCode,
      signal: result.signal,
      signalDescription: result.signalDescription,
      startError: started ? undefined : result.originalMessage || result.shortMessage,
      timedOut,
      cancelled,
      output: typeof result.all === 'string' ? result.all : '',
    };
  } finally {
    clearTimeout(timer);
    clearTimeout(forceTimer);
    options.signal?.removeEventListener('abort', onAbort);
  }
}

/** `ebook-convert timed out after 2 s`, `... was killed by SIGSEGV (Segmentation fault)`, ..., with the tail of its output. */
export function describeToolFailure(name: string, run: ToolRun, timeoutMs: number, lines = 15): string {
  const why = run.cancelled
    ? 'was stopped because the build was interrupted'
    : run.timedOut
      ? `timed out after ${formatSeconds(timeoutMs)}`
      : run.startError
        ? `could not be started: ${run.startError}`
        : run.signal
          ? `was killed by ${run.signal}${run.signalDescription ? ` (${run.signalDescription})` : ''}`
          : run.exitCode !== 0
            ? `exited with code ${run.exitCode}`
            : 'exited without writing its output file';
  const output = tail(run.output, lines);
  return `${name} ${why}${output ? `:\n${output}` : ''}`;
}

/** The last lines of a tool's output: enough to see why it failed, short enough to read. */
function tail(text: string, lines = 15): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

function formatSeconds(ms: number): string {
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
}
