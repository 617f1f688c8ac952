// build(): plan, then every language takes its turn (build-language.ts), then the index page and the manifest.
import { acquireOutputLock } from '../util/output-lock.js';
import { BuildInterrupted } from '../util/cancellation.js';
import { mapLimit } from '../util/concurrency.js';
import { planBuild } from './build-plan.js';
import { guardCallbacks } from './callbacks.js';
import type { BuildOptions, BuildReport } from './build-types.js';
import { takeTurn } from './build-language.js';
import { unlinkMissingPages } from './language-links.js';
import { previousRecord, recordRelease } from './release-record.js';

export type * from './build-types.js';

/**
 * Builds the requested languages and formats. Throws UserError only for problems that stop
 * everything, BuildInterrupted when `options.signal` was aborted (whatever else went wrong then),
 * and the error of a `log` or `progress` callback that threw, once the build is over (callbacks.ts).
 */
export async function build(options: BuildOptions = {}): Promise<BuildReport> {
  const callbacks = guardCallbacks(options);
  let report: BuildReport | undefined;
  try {
    report = await runBuild({ ...options, log: callbacks.log, progress: callbacks.progress });
  } catch (err) {
    if (!options.signal?.aborted) throw callbacks.failure() ?? err;
  }
  if (options.signal?.aborted || !report) throw new BuildInterrupted(options.signal?.reason);
  const failure = callbacks.failure();
  if (failure) throw failure;
  return report;
}

async function runBuild(options: BuildOptions): Promise<BuildReport> {
  const started = performance.now();
  const plan = await planBuild(options);
  const { inputs, formats, sinks } = plan;
  const lock = await acquireOutputLock(inputs.outDir, {
    signal: sinks.signal,
    waitMs: plan.limits.lockWaitMs,
    onWait: (holder, path) => sinks.log('warn', `waiting for ${holder} to finish (it holds ${path})`),
  });
  try {
    const previous = await previousRecord(plan);
    // Neither a turn nor its report rejects: once they are all in, nothing of this build is still
    // writing, interrupted or not.
    const turns = await mapLimit(inputs.languages, plan.limits.languages, (lang) => takeTurn(plan, lang));
    const languages = await unlinkMissingPages(plan, await Promise.all(turns.map((turn) => turn.report)));
    const report: BuildReport = {
      ok: languages.every((r) => r.ok),
      book: inputs.bookDir,
      out: inputs.outDir,
      formats: formats.writers.map((w) => w.format),
      skipped: [...formats.skipped],
      warnings: inputs.config.warnings,
      languages,
      calibre: plan.tools.calibre?.version,
      ms: Math.round(performance.now() - started),
    };
    // Interrupted too: the files finished before the signal are recorded, or the next build would
    // find them changed since the old record and drop them from the manifest and the index.
    const manifest = await recordRelease(plan, previous, report, options.index === false);
    if (sinks.signal?.aborted) return report;
    await plan.caches.store?.prune(cacheLimitBytes()).catch(() => {});
    return { ...report, manifest };
  } finally {
    plan.tools.epubcheck?.close();
    await lock.release();
  }
}

/** `PROGIT_EBOOK_CACHE_MAX_MB` (default 2048): the build cache is trimmed to this after each build. */
function cacheLimitBytes(env: NodeJS.ProcessEnv = process.env): number {
  const mb = Number(env.PROGIT_EBOOK_CACHE_MAX_MB);
  return (mb > 0 ? mb : 2048) * 1024 * 1024;
}
