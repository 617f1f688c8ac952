// Findings about the user's sources, always tied to a file (and a line when known),
// so that a broken book yields `path:line:col: severity: message` rather than a stack trace.
import { LineIndex } from './lines.js';

export type Severity = 'error' | 'warning';

export interface Diagnostic {
  severity: Severity;
  file?: string;
  line?: number;
  column?: number;
  message: string;
  /** Short rule name, e.g. `figure-missing`. */
  rule?: string;
}

export function formatDiagnostic(d: Diagnostic): string {
  const where = d.file ? [d.file, d.line, d.line !== undefined ? d.column : undefined].filter((p) => p !== undefined).join(':') + ': ' : '';
  return `${where}${d.severity}: ${d.message}${d.rule ? ` [${d.rule}]` : ''}`;
}

/** An error caused by the user's input or environment (not a bug): shown without a stack trace. */
export class UserError extends Error {
  readonly diagnostic: Diagnostic;
  /** Suggested process exit code: 1 for build failures, 2 for usage errors. */
  readonly exitCode: number;

  constructor(diagnostic: Omit<Diagnostic, 'severity'> & { severity?: Severity }, exitCode = 1) {
    const full: Diagnostic = { severity: 'error', ...diagnostic };
    super(formatDiagnostic(full));
    this.name = 'UserError';
    this.diagnostic = full;
    this.exitCode = exitCode;
  }
}

/** 1-based line and column of a character offset in a text. */
export function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  return new LineIndex(text).position(Math.min(offset, text.length));
}

/**
 * A failure of the environment or of an external tool (calibre exited 1, no temporary directory, a
 * file system error): its message says all the user needs, so it is shown without a stack.
 */
export class EnvironmentError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'EnvironmentError';
  }
}

/** `PROGIT_EBOOK_DEBUG=1`: every failure is shown with its stack. */
function debugging(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env.PROGIT_EBOOK_DEBUG && env.PROGIT_EBOOK_DEBUG !== '0');
}

/** Errors about the sources or the environment, not about this tool's own code. */
function isExpected(err: unknown): err is Error {
  if (!(err instanceof Error)) return false;
  if (err instanceof UserError || err instanceof EnvironmentError) return true;
  // Interrupted builds, write failures named by their file, and Node's file-system errors (an errno code).
  return ['BuildInterrupted', 'WriteError', 'NotARegularFile'].includes(err.name) || typeof (err as NodeJS.ErrnoException).code === 'string';
}

/**
 * What to say of a failure: an expected one in its own words, anything else as an internal error
 * of this tool, saying where it happened (`en epub`) with its stack, for a bug report.
 */
export function describeFailure(err: unknown, where: string): string {
  if (isExpected(err)) return debugging() && err.stack ? `${err.message}\n${err.stack}` : err.message;
  const detail = err instanceof Error ? (err.stack ?? err.message) : String(err);
  return `internal error (${where}), please report it: ${detail}`;
}
