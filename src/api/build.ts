// build(): plan, then every language through its stages (language-stages.ts), then the manifest.
import { acquireOutputLock } from '../util/output-lock.js';
import { BuildInterrupted } from '../util/cancellation.js';
import { mapLimit } from '../util/concurrency.js';
import { fileRound } from '../util/file-bytes.js';
import type { LanguageSource } from '../model/book.js';
import { planBuild, type BuildPlan } from './build-plan.js';
import type { BuildOptions, BuildReport, LanguageReport } from './build-types.js';
import { fail, finish, newJob } from './language-job.js';
import { convertAndCommit, read, remember, restore, showProblems, writeDocumentFormats } from './language-stages.js';
import { manifestOf, writeManifest } from './manifest.js';

export type * from './build-types.js';

/**
 * Builds the requested languages and formats. Throws UserError only for problems that stop
 * everything, and BuildInterrupted when `options.signal` was aborted (whatever else went wrong then).
 */
export async function build(options: BuildOptions = {}): Promise<BuildReport> {
  let report: BuildReport | undefined;
  const endRound = fileRound();
  try {
    report = await runBuild(options);
  } catch (err) {
    if (!options.signal?.aborted) throw err;
  } finally {
    endRound();
  }
  if (options.signal?.aborted || !report) throw new BuildInterrupted(options.signal?.reason);
  return report;
}

async function runBuild(options: BuildOptions): Promise<BuildReport> {
  const started = performance.now();
  const plan = await planBuild(options);
  const lock = await acquireOutputLock(plan.outDir, {
    signal: options.signal,
    waitMs: options.lockWaitSeconds !== undefined ? options.lockWaitSeconds * 1000 : undefined,
    onWait: (pid, path) => plan.log('warn', `waiting for the build with pid ${pid} to finish (it holds ${path})`),
  });
  /** What each language still does after giving up its slot: conversions, epubcheck, its cache entry. */
  const finishing: Promise<void>[] = [];
  try {
    const reports = await mapLimit(plan.languages, plan.limits.languages, (lang) => buildLanguage(plan, lang, finishing));
    await Promise.all(finishing);
    const report: BuildReport = {
      ok: reports.every((r) => r.ok),
      book: plan.bookDir,
      out: plan.outDir,
      formats: plan.writers.map((w) => w.format),
      skipped: plan.skipped,
      warnings: plan.config.warnings,
      languages: reports,
      calibre: plan.calibre?.version,
      ms: Math.round(performance.now() - started),
    };
    if (!options.signal?.aborted) {
      report.manifest = await writeManifest(plan.outDir, manifestOf(report, { tool: plan.tool.version, calibre: plan.calibre?.version }));
      await plan.store?.prune(cacheLimitBytes()).catch(() => {});
    }
    return report;
  } finally {
    plan.epubcheck?.close();
    // Nothing of this build is still writing once it returns, interrupted or not.
    await Promise.allSettled(finishing);
    await lock.release();
  }
}

/**
 * One language, while it holds a slot: problems -> restore | read -> write; its conversions,
 * validation and cache entry go on after (`finishing`), beside the next language.
 */
async function buildLanguage(plan: BuildPlan, lang: LanguageSource, finishing: Promise<void>[]): Promise<LanguageReport> {
  const job = newJob(plan, lang);
  if (plan.options.signal?.aborted) return job.report;
  try {
    if (!showProblems(plan, job) || (await restore(plan, job)) || !(await read(plan, job))) return finish(plan, job);
    await writeDocumentFormats(plan, job);
    finishing.push(convertAndCommit(plan, job).then(() => remember(plan, job)));
  } catch (err) {
    fail(plan, job, err);
    return finish(plan, job);
  }
  return job.report;
}

/** `PROGIT_EBOOK_CACHE_MAX_MB` (default 2048): the build cache is trimmed to this after each build. */
function cacheLimitBytes(env: NodeJS.ProcessEnv = process.env): number {
  const mb = Number(env.PROGIT_EBOOK_CACHE_MAX_MB);
  return (mb > 0 ? mb : 2048) * 1024 * 1024;
}
