// What one language found and where it failed, in the order it happened: the stages of its build
// add to it as they go (conversions and epubcheck side by side), and it is read once, into the
// language's report, when every stage is done. It is the language's own: never returned by a stage.
import type { LanguageSource } from '../model/book.js';
import { describeFailure, formatDiagnostic, type Diagnostic } from '../util/diagnostics.js';
import type { Sinks } from './build-plan.js';
import type { FailureReport } from './build-types.js';

export interface LanguageLog {
  readonly lang: LanguageSource;
  readonly warnings: Diagnostic[];
  readonly failures: FailureReport[];
}

export function newLog(lang: LanguageSource): LanguageLog {
  return { lang, warnings: [], failures: [] };
}

/** A finding to show without failing the language. */
export function warn(sinks: Sinks, log: LanguageLog, finding: Diagnostic): void {
  log.warnings.push(finding);
  sinks.log('warn', formatDiagnostic(finding));
}

/** The language, or one of its formats, failed: `err` is a message or what was thrown. */
export function fail(sinks: Sinks, log: LanguageLog, err: unknown, format?: string): void {
  const code = log.lang.code;
  const message = typeof err === 'string' ? err : describeFailure(err, `${code}${format ? ` ${format}` : ''}`);
  log.failures.push({ format, message });
  sinks.progress({ lang: code, format, state: 'failed' });
  // After an interruption, the tools ended by it are not worth an error line each.
  if (!sinks.signal?.aborted) sinks.log('error', `${code}${format ? ` ${format}` : ''}: ${message}`);
}
