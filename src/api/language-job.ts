// One language on its way through a build: the value every stage (language-stages.ts) takes and
// adds to, and the few ways a stage reports on it.
import type { LanguageEntry } from '../cache/language-entry.js';
import type { LanguageSource } from '../model/book.js';
import type { StagedFile } from '../util/atomic-write.js';
import { describeFailure, formatDiagnostic, type Diagnostic } from '../util/diagnostics.js';
import type { WriterContext } from '../writers/writer.js';
import type { BuildPlan } from './build-plan.js';
import type { LanguageReport } from './build-types.js';
import type { RenderedLanguage } from './render-language.js';

export interface LanguageJob {
  lang: LanguageSource;
  report: LanguageReport;
  started: number;
  /** The language's cache key and what the cache held under it. */
  key?: string;
  previous?: LanguageEntry;
  rendered?: RenderedLanguage;
  /** The writers' view of the language, once read: each format rendered at most once. */
  ctx?: WriterContext;
  /** Files written but not yet in place: with --validate they wait for the EPUB's verdict. */
  staged: StagedFile[];
  /** True once the EPUB passed epubcheck (with --validate). */
  validation?: Promise<boolean>;
}

export function newJob(plan: BuildPlan, lang: LanguageSource): LanguageJob {
  plan.progress({ lang: lang.code, state: 'running' });
  return { lang, report: { lang: lang.code, ok: true, chapters: 0, outputs: [], failures: [], warnings: [], ms: 0 }, started: performance.now(), staged: [] };
}

/** A finding to show without failing the language. */
export function warn(plan: BuildPlan, job: LanguageJob, finding: Diagnostic): void {
  job.report.warnings.push(finding);
  plan.log('warn', formatDiagnostic(finding));
}

/** The language, or one of its formats, failed: `err` is a message or what was thrown. */
export function fail(plan: BuildPlan, job: LanguageJob, err: unknown, format?: string): void {
  const message = typeof err === 'string' ? err : describeFailure(err, `${job.lang.code}${format ? ` ${format}` : ''}`);
  job.report.ok = false;
  job.report.failures.push({ format, message });
  plan.progress({ lang: job.lang.code, format, state: 'failed' });
  // After an interruption, the tools ended by it are not worth an error line each.
  if (!plan.options.signal?.aborted) plan.log('error', `${job.lang.code}${format ? ` ${format}` : ''}: ${message}`);
}

export function finish(plan: BuildPlan, job: LanguageJob): LanguageReport {
  job.report.ms = Math.round(performance.now() - job.started);
  if (job.report.ok) plan.progress({ lang: job.lang.code, state: 'done' });
  return job.report;
}
