// The stages of one language's build, each a small function over its LanguageJob:
//   problems -> restore | (read -> write -> convert -> validate -> commit) -> remember
// build.ts runs them in that order; what may run at once is the plan's (build-plan.ts).
import { basename, join, relative } from 'node:path';
import { sha256 } from '../cache/store.js';
import { aceFindings } from '../tools/ace.js';
import { stageFile, type StagedFile } from '../util/atomic-write.js';
import { BuildInterrupted } from '../util/cancellation.js';
import { formatDiagnostic, type Diagnostic } from '../util/diagnostics.js';
import { writerContext } from '../writers/context.js';
import { isConversion } from '../writers/registry.js';
import type { Writer } from '../writers/writer.js';
import type { BuildPlan } from './build-plan.js';
import type { OutputReport } from './build-types.js';
import { languageFigureDirs } from './figure-dirs.js';
import { fail, finish, warn, type LanguageJob } from './language-job.js';
import { refusal, renderLanguage } from './render-language.js';

/** What discovery could not read, shown first (a cached language has it too). False when that already fails the language. */
export function showProblems(plan: BuildPlan, job: LanguageJob): boolean {
  for (const problem of job.lang.problems) warn(plan, job, problem);
  const refused = refusal(job.lang, undefined, job.report.warnings);
  if (refused) fail(plan, job, refused);
  return !refused;
}

/** A language whose inputs are unchanged, from the cache: not read, not rendered, not converted. */
export async function restore(plan: BuildPlan, job: LanguageJob): Promise<boolean> {
  const cache = plan.languageCache;
  if (!cache) return false;
  const { key, entry } = await cache.lookup(job.lang);
  job.key = key;
  job.previous = entry;
  if (!entry || plan.options.force) return false;
  const restored = await cache.restore(
    entry,
    plan.writers.map((w) => w.format),
    plan.outDir,
    plan.options.signal,
  );
  if (!restored) return false;
  job.report.chapters = entry.chapters;
  for (const w of entry.warnings) warn(plan, job, w);
  if (entry.validation) job.report.validation = { path: restored.find((r) => r.format === 'epub')?.path ?? '', ...entry.validation };
  for (const r of restored) {
    job.report.outputs.push({ format: r.format, path: r.path, bytes: r.bytes, sha256: r.sha256, ms: r.ms, cached: true });
    plan.progress({ lang: job.lang.code, format: r.format, state: 'cached' });
    plan.log('info', `${job.lang.code} ${r.format}: ${shownPath(r.path)} (${r.bytes} bytes, cached)`);
  }
  return true;
}

/** Figures, then the reader and the formats made from the document, one language at a time. False when nothing may be written. */
export async function read(plan: BuildPlan, job: LanguageJob): Promise<boolean> {
  const { signal, strict } = plan.options;
  const figures = await languageFigureDirs(job.lang, plan.layout, plan.dia, signal);
  const release = await plan.limits.renderGate();
  try {
    if (signal?.aborted) throw new BuildInterrupted(signal.reason);
    job.rendered = await renderLanguage({
      lang: job.lang,
      layout: plan.layout,
      config: plan.config,
      figures,
      date: plan.date,
      formats: plan.documentFormats,
      strict,
    });
  } finally {
    release();
  }
  const { doc, warnings, refused, artifacts, writerWarnings } = job.rendered;
  job.report.chapters = doc.chapters.length;
  for (const w of warnings) warn(plan, job, w);
  if (refused) {
    fail(plan, job, refused);
    return false;
  }
  job.ctx = writerContext(
    { doc, tools: plan.tools, timeoutMs: plan.convertTimeoutMs, signal, warn: (d) => warn(plan, job, { severity: 'warning', ...d }) },
    artifacts,
  );
  for (const w of writerWarnings) job.ctx.warn(w);
  return true;
}

/** The formats made from the document, written in turn (already rendered by read()). */
export async function writeDocumentFormats(plan: BuildPlan, job: LanguageJob): Promise<void> {
  for (const writer of plan.writers.filter((w) => !isConversion(w))) await produce(plan, job, writer);
}

/** Conversions, then (with --validate) the EPUB's verdict on every staged file, then the cache entry. */
export async function convertAndCommit(plan: BuildPlan, job: LanguageJob): Promise<void> {
  await Promise.all(plan.writers.filter(isConversion).map((w) => produce(plan, job, w)));
  if (plan.epubcheck) await commitStaged(plan, job);
  const order = (format: string) => plan.writers.findIndex((w) => w.format === format);
  job.report.outputs.sort((a, b) => order(a.format) - order(b.format));
  finish(plan, job);
}

/** Remembers a language built without failure; the cache never fails a build. */
export async function remember(plan: BuildPlan, job: LanguageJob): Promise<void> {
  if (!plan.languageCache || !job.key || !job.rendered || !job.report.ok || plan.options.signal?.aborted) return;
  await plan.languageCache.remember(job.key, job.previous, job.lang, job.report, job.rendered.doc).catch(() => {});
}

function shownPath(path: string): string {
  return relative(process.cwd(), path) || basename(path);
}

/** One format's bytes, staged next to its final path, then in place (or waiting for --validate). */
async function produce(plan: BuildPlan, job: LanguageJob, writer: Writer): Promise<void> {
  const { signal } = plan.options;
  if (signal?.aborted) return;
  const t1 = performance.now();
  try {
    if (!isConversion(writer)) plan.progress({ lang: job.lang.code, format: writer.format, state: 'running' });
    const { bytes, cached } = isConversion(writer) ? await convert(plan, job, writer) : { bytes: await job.ctx!.artifact(writer.format), cached: false };
    const path = join(plan.outDir, `${job.ctx!.doc.meta.name}.${job.lang.code}.${writer.extension}`);
    const file = await stageFile(path, bytes, signal);
    if (signal?.aborted) return void (await file.discard());
    if (plan.epubcheck) job.staged.push(file);
    else await file.commit();
    const output: OutputReport = {
      format: writer.format,
      path,
      bytes: bytes.byteLength,
      sha256: sha256(bytes),
      ms: Math.round(performance.now() - t1),
      cached,
    };
    await plan.languageCache?.keep(bytes, output.sha256);
    job.report.outputs.push(output);
    plan.progress({ lang: job.lang.code, format: writer.format, state: cached ? 'cached' : 'done' });
    plan.log('info', `${job.lang.code} ${writer.format}: ${shownPath(path)} (${output.bytes} bytes, ${cached ? 'cached' : `${output.ms} ms`})`);
    // epubcheck runs while the other formats are converted.
    if (plan.epubcheck && writer.format === 'epub') job.validation = validate(plan, job, file);
  } catch (err) {
    fail(plan, job, err, writer.format);
  }
}

/** A format made from another's bytes: from the cache when the same input was converted before, else in a conversion slot. */
async function convert(plan: BuildPlan, job: LanguageJob, writer: Writer): Promise<{ bytes: Uint8Array; cached: boolean }> {
  const { signal, force } = plan.options;
  const ctx = job.ctx!;
  const source = await ctx.artifact(writer.from);
  const cache = plan.conversionCache;
  const key = cache?.key(source, writer.format, ctx.doc.meta);
  const hit = cache && key && !force ? await cache.restore(key) : undefined;
  if (hit) {
    for (const w of hit.warnings) ctx.warn(w);
    return { bytes: hit.bytes, cached: true };
  }
  plan.progress({ lang: job.lang.code, format: writer.format, state: 'queued' });
  const own: Diagnostic[] = [];
  const bytes = await plan.limits.convertSlot(async () => {
    if (signal?.aborted) throw new BuildInterrupted(signal.reason);
    plan.progress({ lang: job.lang.code, format: writer.format, state: 'running' });
    return writer.render({ ...ctx, warn: (d) => (own.push({ severity: 'warning', ...d }), ctx.warn(d)) });
  });
  if (cache && key && !signal?.aborted) await cache.remember(key, { bytes, warnings: own });
  return { bytes, cached: false };
}

/** epubcheck names the staged file, relative or absolute as it likes (`./out/.book.en.epub.42.x.tmp.epub/OEBPS/ch01.xhtml`): the user knows the final one. */
function finalPath(file: string, staged: StagedFile): string {
  const name = basename(staged.tmp);
  const at = file.indexOf(name);
  return at < 0 ? file : staged.path + file.slice(at + name.length);
}

/** True when the EPUB has no epubcheck error. */
async function validate(plan: BuildPlan, job: LanguageJob, staged: StagedFile): Promise<boolean> {
  const t2 = performance.now();
  try {
    const result = await plan.epubcheck!.check(staged.tmp);
    const validation = { path: staged.path, errors: result.fatals + result.errors, warnings: result.warnings, ms: Math.round(performance.now() - t2) };
    job.report.validation = validation;
    for (const raw of result.messages) {
      const finding = { ...raw, file: raw.file && finalPath(raw.file, staged) };
      if (finding.severity === 'warning') job.ctx!.warn(finding);
      else plan.log('error', formatDiagnostic(finding));
    }
    if (validation.errors === 0) {
      plan.log('info', `${job.lang.code} epub: epubcheck: ${result.warnings} warning${result.warnings === 1 ? '' : 's'}, no errors (${validation.ms} ms)`);
      return plan.ace ? checkAccessibility(plan, job, staged) : true;
    }
    fail(
      plan,
      job,
      `epubcheck found ${validation.errors} error${validation.errors > 1 ? 's' : ''} in ${basename(staged.path)}; this language's files were not replaced`,
      'epub',
    );
  } catch (err) {
    fail(plan, job, `epubcheck: ${err instanceof Error ? err.message : String(err)}; this language's files were not replaced`, 'epub');
  }
  return false;
}

/** With --a11y, after epubcheck: DAISY Ace's violations, named on the final EPUB; a serious or critical one fails the language. */
async function checkAccessibility(plan: BuildPlan, job: LanguageJob, staged: StagedFile): Promise<boolean> {
  const { signal } = plan.options;
  try {
    const findings = await plan.limits.aceSlot(() => aceFindings(staged.tmp, { tools: plan.ace, label: staged.path, signal }));
    const errors = findings.filter((f) => f.severity === 'error');
    for (const f of findings) {
      if (f.severity === 'error') plan.log('error', formatDiagnostic(f));
      else job.ctx!.warn(f);
    }
    if (errors.length === 0) {
      plan.log('info', `${job.lang.code} epub: Ace: ${findings.length} minor finding${findings.length === 1 ? '' : 's'}, no violation`);
      return true;
    }
    fail(
      plan,
      job,
      `Ace found ${errors.length} accessibility violation${errors.length > 1 ? 's' : ''} in ${basename(staged.path)}; this language's files were not replaced`,
      'epub',
    );
  } catch (err) {
    fail(plan, job, `Ace: ${err instanceof Error ? err.message : String(err)}; this language's files were not replaced`, 'epub');
  }
  return false;
}

/** Renames a language's staged files into place once its EPUB passed epubcheck, else removes them. */
async function commitStaged(plan: BuildPlan, job: LanguageJob): Promise<void> {
  const passed = (job.validation ? await job.validation : false) && !plan.options.signal?.aborted;
  if (passed) {
    for (const file of job.staged) {
      try {
        await file.commit();
      } catch (err) {
        fail(plan, job, err);
      }
    }
    return;
  }
  await Promise.all(job.staged.map((f) => f.discard()));
  const kept = new Set(job.staged.map((f) => f.path));
  job.report.outputs = job.report.outputs.filter((o) => !kept.has(o.path));
}
