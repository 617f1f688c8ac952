// The stages of one language's build that hold its turn, each taking what the one before returned:
//   showProblems -> lookUpCache -> restoreFromCache | render -> writeRendered
// then, beside the next language, convertFormats (convert-formats.ts), validateEpub
// (validate-epub.ts), commitStaged (write-format.ts) and remember. build-language.ts runs them in
// that order; what may run at once is the plan's (build-plan.ts).
import type { LanguageEntry } from '../cache/language-entry.js';
import type { LanguageDocument } from '../model/document.js';
import { BuildInterrupted } from '../util/cancellation.js';
import { writerContext } from '../writers/context.js';
import { isConversion } from '../writers/registry.js';
import type { WriterContext } from '../writers/writer.js';
import type { BuildPlan } from './build-plan.js';
import type { LanguageReport, OutputReport, ValidationReport } from './build-types.js';
import { languageFigureDirs } from './figure-dirs.js';
import { fail, warn, type LanguageLog } from './language-log.js';
import { refusal, renderLanguage } from './render-language.js';
import { produce, shownPath, type Written } from './write-format.js';

/** The language's cache key (none when a file could not be read: the reader reports it) and what the cache held under it. */
export interface CacheLookup {
  key?: string;
  entry?: LanguageEntry;
}

/** A language put in place from the cache. */
export interface Restored {
  chapters: number;
  outputs: OutputReport[];
  validation?: ValidationReport;
}

/** A language read, and the formats made from its document rendered; or refused, nothing of it to be written (the reason is in its log). */
export type Rendered =
  | { refused: true; doc: LanguageDocument }
  | {
      refused: false;
      doc: LanguageDocument;
      /** The writers' view of the language: the rendered formats' bytes, and each other format rendered at most once. */
      ctx: WriterContext;
      /** How long each rendered format took (render-language.ts). */
      renderMs: ReadonlyMap<string, number>;
    };

export type Ready = Extract<Rendered, { refused: false }>;

/** What discovery could not read, shown first (a cached language has it too). False when that already fails the language. */
export function showProblems(plan: BuildPlan, log: LanguageLog): boolean {
  for (const problem of log.lang.problems) warn(plan, log, problem);
  const refused = refusal(log.lang, undefined, log.warnings);
  if (refused) fail(plan, log, refused);
  return !refused;
}

/** Undefined when the build has no cache. */
export async function lookUpCache(plan: BuildPlan, log: LanguageLog): Promise<CacheLookup | undefined> {
  return plan.languageCache?.lookup(log.lang);
}

/** A language whose inputs are unchanged, from the cache: not read, not rendered, not converted. */
export async function restoreFromCache(plan: BuildPlan, log: LanguageLog, lookup: CacheLookup | undefined): Promise<Restored | undefined> {
  const entry = lookup?.entry;
  if (!plan.languageCache || !entry || plan.force) return undefined;
  const restored = await plan.languageCache.restore(
    entry,
    plan.writers.map((w) => w.format),
    plan.outDir,
    plan.signal,
  );
  if (!restored) return undefined;
  for (const w of entry.warnings) warn(plan, log, w);
  const outputs = restored.map((r) => {
    plan.progress({ lang: log.lang.code, format: r.format, state: 'cached' });
    plan.log('info', `${log.lang.code} ${r.format}: ${shownPath(r.path)} (${r.bytes} bytes, cached)`);
    return { format: r.format, path: r.path, bytes: r.bytes, sha256: r.sha256, ms: r.ms, waitMs: 0, cached: true };
  });
  const validation = entry.validation && { path: restored.find((r) => r.format === 'epub')?.path ?? '', ...entry.validation };
  return { chapters: entry.chapters, outputs, validation };
}

/** Figures, then the reader and the formats made from the document, one language at a time. */
export async function render(plan: BuildPlan, log: LanguageLog): Promise<Rendered> {
  const { signal } = plan;
  const figures = await languageFigureDirs(log.lang, plan.layout, plan.dia, signal);
  const release = await plan.limits.renderGate();
  let rendered;
  try {
    if (signal?.aborted) throw new BuildInterrupted(signal.reason);
    rendered = await renderLanguage({
      lang: log.lang,
      layout: plan.layout,
      config: plan.config,
      figures,
      date: plan.date,
      formats: plan.documentFormats,
      writers: plan.known,
      files: plan.files,
      release: plan.release,
      currency: plan.currency?.get(log.lang.code),
      strict: plan.strict,
    });
  } finally {
    release();
  }
  const { doc, warnings, refused, artifacts, writerWarnings, renderMs } = rendered;
  for (const w of warnings) warn(plan, log, w);
  if (refused) {
    fail(plan, log, refused);
    return { refused: true, doc };
  }
  const ctx = writerContext(
    {
      doc,
      tools: plan.tools,
      timeoutMs: plan.convertTimeoutMs,
      signal,
      files: plan.files,
      release: plan.release,
      currency: plan.currency?.get(log.lang.code),
      warn: (d) => warn(plan, log, { severity: 'warning', ...d }),
    },
    // A copy: what the conversions add (a format no one rendered yet) is theirs, not renderLanguage's result.
    new Map(artifacts),
    plan.known,
  );
  for (const w of writerWarnings) ctx.warn(w);
  return { refused: false, doc, ctx, renderMs };
}

/** The formats made from the document, already rendered, written in turn; each one's time is its rendering's and its writing's. */
export async function writeRendered(plan: BuildPlan, log: LanguageLog, ready: Ready): Promise<Written[]> {
  const written: Written[] = [];
  for (const writer of plan.writers.filter((w) => !isConversion(w))) {
    const file = await produce(plan, log, ready.doc, writer, async () => {
      plan.progress({ lang: log.lang.code, format: writer.format, state: 'running' });
      return { bytes: await ready.ctx.artifact(writer.format), cached: false, ms: ready.renderMs.get(writer.format) ?? 0, waitMs: 0 };
    });
    if (file) written.push(file);
  }
  return written;
}

/** Remembers a language built without failure; the cache never fails a build. */
export async function remember(
  plan: BuildPlan,
  log: LanguageLog,
  lookup: CacheLookup | undefined,
  report: LanguageReport,
  doc: LanguageDocument,
): Promise<void> {
  if (!plan.languageCache || !lookup?.key || !report.ok || plan.signal?.aborted) return;
  await plan.languageCache.remember(lookup.key, lookup.entry, log.lang, report, doc).catch(() => {});
}
