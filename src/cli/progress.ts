// How a build shows its progress: a live table on a terminal, plain timestamped lines in CI or a
// log file, errors only with --quiet. Warnings and errors keep their `path:line: severity:` form
// everywhere (editors and CI problem matchers read it), printed above the live table.
import type { ProgressEvent } from '../build/build.js';

export type ProgressMode = 'live' | 'lines' | 'quiet';

/** `live` only on a terminal outside CI (`CI` set by every CI service); `quiet` wins over both. */
export function progressMode(options: { quiet: boolean; isTty: boolean; env?: NodeJS.ProcessEnv }): ProgressMode {
  if (options.quiet) return 'quiet';
  const ci = (options.env ?? process.env).CI;
  return options.isTty && !(ci && ci !== 'false' && ci !== '0') ? 'live' : 'lines';
}

export interface ProgressReporter {
  log(level: 'info' | 'warn' | 'error', message: string): void;
  progress?(event: ProgressEvent): void;
  /** Draws the final state of the live table (nothing in the other modes). */
  finish(): void;
}

/** `12:03:04.567`: the UTC time of day, enough to see where a CI build spent its time. */
function timestamp(date = new Date()): string {
  return date.toISOString().slice(11, 23);
}

const MARK: Record<ProgressEvent['state'], string> = { queued: '…', running: '▶', done: '✓', cached: '=', failed: '✗' };

export function progressReporter(
  mode: ProgressMode,
  write: (text: string) => void,
  now: () => Date = () => new Date(),
  maxRows = Math.max(4, (process.stderr.rows ?? 24) - 2),
): ProgressReporter {
  if (mode === 'quiet') {
    return { log: (level, message) => void (level === 'error' && write(`${message}\n`)), finish() {} };
  }
  if (mode === 'lines') {
    return {
      log: (level, message) => write(level === 'info' ? `[${timestamp(now())}] ${message}\n` : `${message}\n`),
      finish() {},
    };
  }
  // live: one row per language, redrawn in place; at most ten redraws a second.
  const rows = new Map<string, { state: ProgressEvent['state']; formats: Map<string, ProgressEvent['state']> }>();
  let drawn = 0;
  let drawnRows = 0;
  let timer: NodeJS.Timeout | undefined;
  const render = () => {
    let shown = [...rows];
    // Taller than the terminal, the cursor could not go back up: finished languages are then counted, not listed.
    if (shown.length > maxRows) {
      const finished = shown.filter(([, row]) => row.state === 'done');
      shown = [...shown.filter(([, row]) => row.state !== 'done').slice(0, maxRows - 1), [`${finished.length} more`, { state: 'done', formats: new Map() }]];
    }
    const lines = shown.map(([lang, row]) => `${MARK[row.state]} ${lang.padEnd(6)} ${[...row.formats].map(([f, s]) => `${MARK[s]} ${f}`).join('  ')}`);
    drawnRows = lines.length;
    return lines.map((l) => `\x1b[2K${l}\n`).join('');
  };
  const clear = () => {
    if (drawn) write(`\x1b[${drawn}A\x1b[0J`);
    drawn = 0;
  };
  const draw = () => {
    timer = undefined;
    clear();
    write(render());
    drawn = drawnRows;
  };
  const schedule = () => {
    timer ??= setTimeout(draw, 100);
  };
  return {
    log(level, message) {
      if (level === 'info') return;
      clear();
      write(`${message}\n`);
      if (rows.size) schedule();
    },
    progress(event) {
      const row = rows.get(event.lang) ?? { state: 'running' as const, formats: new Map() };
      rows.set(event.lang, row);
      if (event.format) row.formats.set(event.format, event.state);
      else row.state = event.state;
      schedule();
    },
    finish() {
      if (timer) clearTimeout(timer);
      if (rows.size) draw();
    },
  };
}
