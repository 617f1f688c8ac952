// One language's build, in two phases. In its turn (one of the plan's language slots) it is
// checked, restored from the cache or rendered, and its rendered formats written; then, beside the
// next language, its conversions and epubcheck run, its files are committed and it is remembered.
// The first phase's result is a promise of the second's: the language's report, made once at the end.
import type { LanguageSource } from '../model/book.js';
import type { BuildPlan, Sinks } from './build-plan.js';
import type { LanguageReport, OutputReport } from './build-types.js';
import { convertFormats } from './convert-formats.js';
import { fail, newLog, type LanguageLog } from './language-log.js';
import {
  lookUpCache,
  remember,
  render,
  restoreFromCache,
  showProblems,
  writeRendered,
  type CacheLookup,
  type LanguageOutcome,
  type Ready,
} from './language-stages.js';
import { validateEpub } from './validate-epub.js';
import { commitStaged, type Written } from './write-format.js';

/** A language whose turn is over. Wrapped, so that awaiting the turn does not await the rest. */
export interface LanguageTurn {
  /** Its report, once everything it started is done; never rejects. */
  report: Promise<LanguageReport>;
}

const NOTHING: LanguageOutcome = { chapters: 0, outputs: [] };

/** Never rejects: a failure is the language's, in its report. */
export async function takeTurn(plan: BuildPlan, lang: LanguageSource): Promise<LanguageTurn> {
  const { sinks } = plan;
  sinks.progress({ lang: lang.code, state: 'running' });
  const log = newLog(lang);
  const started = performance.now();
  const done = (outcome: LanguageOutcome) => ({ report: Promise.resolve(finish(sinks, log, started, outcome)) });
  if (sinks.signal?.aborted) return { report: Promise.resolve(reportOf(log, NOTHING, 0)) };
  let chapters = 0;
  try {
    if (!showProblems(sinks, log)) return done(NOTHING);
    const lookup = await lookUpCache(plan.caches, log);
    const restored = await restoreFromCache(plan, log, lookup);
    if (restored) return done(restored);
    const rendered = await render(plan, log);
    chapters = rendered.doc.chapters.length;
    if (rendered.refused) return done({ chapters, outputs: [] });
    const written = await writeRendered(plan, log, rendered);
    return { report: afterTurn(plan, log, started, lookup, rendered, written) };
  } catch (err) {
    fail(sinks, log, err);
    return done({ chapters, outputs: [] });
  }
}

/** Conversions beside epubcheck, then (with --validate) the EPUB's verdict on every file, then the cache entry. */
async function afterTurn(
  plan: BuildPlan,
  log: LanguageLog,
  started: number,
  lookup: CacheLookup | undefined,
  ready: Ready,
  written: Written[],
): Promise<LanguageReport> {
  const { sinks } = plan;
  const chapters = ready.doc.chapters.length;
  try {
    const verdict = plan.validate ? validateEpub(plan, log, ready, written) : undefined;
    const all = [...written, ...(await convertFormats(plan, log, ready))];
    const checked = verdict && (await verdict);
    const outputs = checked ? await commitStaged(sinks, log, all, checked.passed) : all.map((w) => w.output);
    const order = (o: OutputReport) => plan.formats.writers.findIndex((w) => w.format === o.format);
    const report = finish(sinks, log, started, {
      chapters,
      outputs: outputs.sort((a, b) => order(a) - order(b)),
      validation: checked ? checked.report : undefined,
    });
    await remember(plan, log, lookup, report, ready.doc);
    return report;
  } catch (err) {
    fail(sinks, log, err);
    return finish(sinks, log, started, { chapters, outputs: [] });
  }
}

function finish(sinks: Sinks, log: LanguageLog, started: number, outcome: LanguageOutcome): LanguageReport {
  const report = reportOf(log, outcome, Math.round(performance.now() - started));
  if (report.ok) sinks.progress({ lang: log.lang.code, state: 'done' });
  return report;
}

function reportOf(log: LanguageLog, { chapters, outputs, validation }: LanguageOutcome, ms: number): LanguageReport {
  const report: LanguageReport = {
    lang: log.lang.code,
    ok: log.failures.length === 0,
    chapters,
    outputs,
    failures: [...log.failures],
    warnings: [...log.warnings],
    ms,
  };
  // Absent rather than undefined, as the report always had it.
  if (validation) report.validation = validation;
  return report;
}
