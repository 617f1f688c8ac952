// The formats made from another format's bytes (MOBI and AZW3 from the EPUB, PDF from the HTML page): taken from the
// conversion cache when the same input was converted before, else converted in one of the plan's
// `--jobs` slots. They run beside the next language, all of a language's at once.
import { BuildInterrupted } from '../util/cancellation.js';
import type { Diagnostic } from '../util/diagnostics.js';
import { isConversion } from '../writers/registry.js';
import type { Writer } from '../writers/writer.js';
import type { BuildPlan } from './build-plan.js';
import type { LanguageLog } from './language-log.js';
import type { Ready } from './language-stages.js';
import { produce, type Made, type Written } from './write-format.js';

/** What converting a format reads of the plan: the conversion cache and `--force`, the `--jobs` slots, the sinks. */
type ConvertPlan = Pick<BuildPlan, 'caches' | 'limits' | 'sinks'>;

/** Each format converted (convert), then written (produce: `inputs` for the path, `validate` whether it is staged). */
export async function convertFormats(
  plan: Pick<BuildPlan, 'inputs' | 'formats' | 'caches' | 'limits' | 'sinks' | 'validate'>,
  log: LanguageLog,
  ready: Ready,
): Promise<Written[]> {
  const written = await Promise.all(plan.formats.writers.filter(isConversion).map((w) => produce(plan, log, ready.doc, w, () => convert(plan, log, ready, w))));
  return written.filter((w): w is Written => w !== undefined);
}

/** Its time is the work (the cache's look-up, the conversion, remembering it), its wait for a slot apart. */
async function convert(plan: ConvertPlan, log: LanguageLog, { ctx }: Ready, writer: Writer): Promise<Made> {
  const { signal, progress } = plan.sinks;
  const t0 = performance.now();
  const source = await ctx.artifact(writer.from);
  const cache = plan.caches.conversion;
  const key = await cache?.key(source, writer.format, writer.requires, ctx.doc.meta);
  const hit = cache && key && !plan.caches.force ? await cache.restore(key) : undefined;
  if (hit) {
    for (const w of hit.warnings) ctx.warn(w);
    return { bytes: hit.bytes, cached: true, ms: performance.now() - t0, waitMs: 0 };
  }
  progress({ lang: log.lang.code, format: writer.format, state: 'queued' });
  const own: Diagnostic[] = [];
  const queued = performance.now();
  let waitMs = 0;
  const bytes = await plan.limits.convertSlot(async () => {
    waitMs = performance.now() - queued;
    if (signal?.aborted) throw new BuildInterrupted(signal.reason);
    progress({ lang: log.lang.code, format: writer.format, state: 'running' });
    return writer.render({ ...ctx, warn: (d) => (own.push({ severity: 'warning', ...d }), ctx.warn(d)) });
  });
  if (cache && key && !signal?.aborted) await cache.remember(key, { bytes, warnings: own });
  return { bytes, cached: false, ms: performance.now() - t0 - waitMs, waitMs };
}
