// Findings about the user's sources, always tied to a file (and a line when known),
// so that a broken book yields `path:line:col: severity: message` rather than a stack trace.

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
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}
