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
import type { BuildPlan, PlanCaches, Sinks } from './build-plan.js';
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

/** What a language has to show when it is done: put in place from the cache, or built. */
export interface LanguageOutcome {
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
export function showProblems(sinks: Sinks, log: LanguageLog): boolean {
  for (const problem of log.lang.problems) warn(sinks, log, problem);
  const refused = refusal(log.lang, undefined, log.warnings);
  if (refused) fail(sinks, log, refused);
  return !refused;
}

/** Undefined when the build has no cache. */
export async function lookUpCache(caches: PlanCaches, log: LanguageLog): Promise<CacheLookup | undefined> {
  return caches.language?.lookup(log.lang);
}

/** A language whose inputs are unchanged, from the cache: not read, not rendered, not converted. */
export async function restoreFromCache(
  { inputs, formats, caches, sinks }: Pick<BuildPlan, 'inputs' | 'formats' | 'caches' | 'sinks'>,
  log: LanguageLog,
  lookup: CacheLookup | undefined,
): Promise<LanguageOutcome | undefined> {
  const entry = lookup?.entry;
  if (!caches.language || !entry || caches.force) return undefined;
  const restored = await caches.language.restore(
    entry,
    formats.writers.map((w) => w.format),
    inputs.outDir,
    sinks.signal,
  );
  if (!restored) return undefined;
  for (const w of entry.warnings) warn(sinks, log, w);
  const outputs = restored.map((r) => {
    sinks.progress({ lang: log.lang.code, format: r.format, state: 'cached' });
    sinks.log('info', `${log.lang.code} ${r.format}: ${shownPath(r.path)} (${r.bytes} bytes, cached)`);
    return { format: r.format, path: r.path, bytes: r.bytes, sha256: r.sha256, ms: r.ms, waitMs: 0, cached: true };
  });
  const validation = entry.validation && { path: restored.find((r) => r.format === 'epub')?.path ?? '', ...entry.validation };
  return { chapters: entry.chapters, outputs, validation };
}

/** Figures, then the reader and the formats made from the document, one language at a time. */
export async function render(
  { inputs, formats, tools, limits, sinks, strict }: Pick<BuildPlan, 'inputs' | 'formats' | 'tools' | 'limits' | 'sinks' | 'strict'>,
  log: LanguageLog,
): Promise<Rendered> {
  const { signal } = sinks;
  const figures = await languageFigureDirs(log.lang, inputs.layout, tools.dia, signal);
  const release = await limits.renderGate();
  let rendered;
  try {
    if (signal?.aborted) throw new BuildInterrupted(signal.reason);
    rendered = await renderLanguage({
      lang: log.lang,
      layout: inputs.layout,
      config: inputs.config,
      figures,
      date: inputs.date,
      formats: formats.documentFormats,
      writers: formats.known,
      files: inputs.files,
      release: inputs.release,
      currency: inputs.currency?.get(log.lang.code),
      strict,
    });
  } finally {
    release();
  }
  const { doc, warnings, refused, artifacts, writerWarnings, renderMs } = rendered;
  for (const w of warnings) warn(sinks, log, w);
  if (refused) {
    fail(sinks, log, refused);
    return { refused: true, doc };
  }
  const ctx = writerContext(
    {
      doc,
      tools: tools.paths,
      timeoutMs: limits.convertTimeoutMs,
      signal,
      files: inputs.files,
      release: inputs.release,
      currency: inputs.currency?.get(log.lang.code),
      warn: (d) => warn(sinks, log, { severity: 'warning', ...d }),
    },
    // A copy: what the conversions add (a format no one rendered yet) is theirs, not renderLanguage's result.
    new Map(artifacts),
    formats.known,
  );
  for (const w of writerWarnings) ctx.warn(w);
  return { refused: false, doc, ctx, renderMs };
}

/** The formats made from the document, already rendered, written in turn; each one's time is its rendering's and its writing's. */
export async function writeRendered(
  plan: Pick<BuildPlan, 'inputs' | 'formats' | 'caches' | 'sinks' | 'validate'>,
  log: LanguageLog,
  ready: Ready,
): Promise<Written[]> {
  const written: Written[] = [];
  for (const writer of plan.formats.writers.filter((w) => !isConversion(w))) {
    const file = await produce(plan, log, ready.doc, writer, async () => {
      plan.sinks.progress({ lang: log.lang.code, format: writer.format, state: 'running' });
      return { bytes: await ready.ctx.artifact(writer.format), cached: false, ms: ready.renderMs.get(writer.format) ?? 0, waitMs: 0 };
    });
    if (file) written.push(file);
  }
  return written;
}

/** Remembers a language built without failure; the cache never fails a build. */
export async function remember(
  { caches, sinks }: Pick<BuildPlan, 'caches' | 'sinks'>,
  log: LanguageLog,
  lookup: CacheLookup | undefined,
  report: LanguageReport,
  doc: LanguageDocument,
): Promise<void> {
  if (!caches.language || !lookup?.key || !report.ok || sinks.signal?.aborted) return;
  await caches.language.remember(lookup.key, lookup.entry, log.lang, report, doc).catch(() => {});
}
