// One language's build, in two phases. In its turn (one of the plan's language slots) it is
// checked, restored from the cache or rendered, and its rendered formats written; then, beside the
// next language, its conversions and epubcheck run, its files are committed and it is remembered.
// The first phase's result is a promise of the second's: the language's report, made once at the end.
import type { LanguageSource } from '../model/book.js';
import type { BuildPlan } from './build-plan.js';
import type { LanguageReport, OutputReport, ValidationReport } from './build-types.js';
import { convertFormats } from './convert-formats.js';
import { fail, newLog, type LanguageLog } from './language-log.js';
import { lookUpCache, remember, render, restoreFromCache, showProblems, writeRendered, type CacheLookup, type Ready } from './language-stages.js';
import { validateEpub } from './validate-epub.js';
import { commitStaged, type Written } from './write-format.js';

/** A language whose turn is over. Wrapped, so that awaiting the turn does not await the rest. */
export interface LanguageTurn {
  /** Its report, once everything it started is done; never rejects. */
  report: Promise<LanguageReport>;
}

/** What a language has to show when it is done. */
interface Outcome {
  chapters: number;
  outputs: OutputReport[];
  validation?: ValidationReport;
}

const NOTHING: Outcome = { chapters: 0, outputs: [] };

/** Never rejects: a failure is the language's, in its report. */
export async function takeTurn(plan: BuildPlan, lang: LanguageSource): Promise<LanguageTurn> {
  plan.progress({ lang: lang.code, state: 'running' });
  const log = newLog(lang);
  const started = performance.now();
  const done = (outcome: Outcome) => ({ report: Promise.resolve(finish(plan, log, started, outcome)) });
  if (plan.signal?.aborted) return { report: Promise.resolve(reportOf(log, NOTHING, 0)) };
  let chapters = 0;
  try {
    if (!showProblems(plan, log)) return done(NOTHING);
    const lookup = await lookUpCache(plan, log);
    const restored = await restoreFromCache(plan, log, lookup);
    if (restored) return done(restored);
    const rendered = await render(plan, log);
    chapters = rendered.doc.chapters.length;
    if (rendered.refused) return done({ chapters, outputs: [] });
    const written = await writeRendered(plan, log, rendered);
    return { report: afterTurn(plan, log, started, lookup, rendered, written) };
  } catch (err) {
    fail(plan, log, err);
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
  const chapters = ready.doc.chapters.length;
  try {
    const verdict = plan.epubcheck && validateEpub(plan, plan.epubcheck, log, ready, written);
    const all = [...written, ...(await convertFormats(plan, log, ready))];
    const checked = verdict && (await verdict);
    const outputs = checked ? await commitStaged(plan, log, all, checked.passed) : all.map((w) => w.output);
    const order = (o: OutputReport) => plan.writers.findIndex((w) => w.format === o.format);
    const report = finish(plan, log, started, {
      chapters,
      outputs: outputs.sort((a, b) => order(a) - order(b)),
      validation: checked ? checked.report : undefined,
    });
    await remember(plan, log, lookup, report, ready.doc);
    return report;
  } catch (err) {
    fail(plan, log, err);
    return finish(plan, log, started, { chapters, outputs: [] });
  }
}

function finish(plan: BuildPlan, log: LanguageLog, started: number, outcome: Outcome): LanguageReport {
  const report = reportOf(log, outcome, Math.round(performance.now() - started));
  if (report.ok) plan.progress({ lang: log.lang.code, state: 'done' });
  return report;
}

function reportOf(log: LanguageLog, { chapters, outputs, validation }: Outcome, ms: number): LanguageReport {
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
