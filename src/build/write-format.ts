// One format's file: its bytes staged next to the final path, then renamed into place at once, or
// with --validate left staged until the language's EPUB has its verdict (commitStaged).
import { basename, join, relative } from 'node:path';
import { sha256 } from '../cache/store.js';
import type { LanguageDocument } from '../model/document.js';
import { stageFile, type StagedFile } from '../util/atomic-write.js';
import type { Writer } from '../writers/writer.js';
import type { PlanCaches, PlanInputs, Sinks } from './build-plan.js';
import type { OutputReport } from './build-types.js';
import { fail, type LanguageLog } from './language-log.js';

/** A format's bytes, and the time it took to make them. */
export interface Made {
  bytes: Uint8Array;
  /** From the conversion cache. */
  cached: boolean;
  /** The work that made the bytes, without any wait for a slot. */
  ms: number;
  /** The wait for a conversion slot. */
  waitMs: number;
}

/** A file written: in place, or (with --validate) `staged` until the EPUB's verdict. */
export interface Written {
  output: OutputReport;
  staged?: StagedFile;
}

export function shownPath(path: string): string {
  return relative(process.cwd(), path) || basename(path);
}

/**
 * What writing a format's file reads of the plan: where (`outDir`), whether it is staged until the
 * EPUB's verdict (`validate`; not whether an epubcheck was found), the cache that keeps its bytes, the sinks.
 */
export interface WritePlan {
  readonly inputs: Pick<PlanInputs, 'outDir'>;
  readonly caches: Pick<PlanCaches, 'language'>;
  readonly sinks: Sinks;
  readonly validate: boolean;
}

/** Makes one format and writes it; undefined when it failed (named in the log) or the build was interrupted. */
export async function produce(
  plan: WritePlan,
  log: LanguageLog,
  doc: LanguageDocument,
  writer: Writer,
  make: () => Promise<Made>,
): Promise<Written | undefined> {
  if (plan.sinks.signal?.aborted) return undefined;
  try {
    return await write(plan, log, join(plan.inputs.outDir, `${doc.meta.name}.${log.lang.code}.${writer.extension}`), writer, await make());
  } catch (err) {
    fail(plan.sinks, log, err, writer.format);
    return undefined;
  }
}

async function write(plan: WritePlan, log: LanguageLog, path: string, writer: Writer, made: Made): Promise<Written | undefined> {
  const { signal, progress } = plan.sinks;
  const t0 = performance.now();
  const { bytes, cached } = made;
  const file = await stageFile(path, bytes, signal);
  if (signal?.aborted) return void (await file.discard());
  if (!plan.validate) await file.commit();
  const output: OutputReport = {
    format: writer.format,
    path,
    bytes: bytes.byteLength,
    sha256: sha256(bytes),
    ms: Math.round(made.ms + performance.now() - t0),
    waitMs: Math.round(made.waitMs),
    cached,
  };
  await plan.caches.language?.keep(bytes, output.sha256);
  progress({ lang: log.lang.code, format: writer.format, state: cached ? 'cached' : 'done' });
  plan.sinks.log('info', `${log.lang.code} ${writer.format}: ${shownPath(path)} (${output.bytes} bytes, ${cached ? 'cached' : `${output.ms} ms`})`);
  return { output, staged: plan.validate ? file : undefined };
}

/**
 * With --validate: renames a language's staged files into place once its EPUB passed, else removes
 * them (keeping the previous ones). Returns the outputs that are in place.
 */
export async function commitStaged(sinks: Sinks, log: LanguageLog, written: readonly Written[], passed: boolean): Promise<OutputReport[]> {
  if (passed && !sinks.signal?.aborted) {
    for (const { staged } of written) {
      try {
        await staged?.commit();
      } catch (err) {
        fail(sinks, log, err);
      }
    }
    return written.map((w) => w.output);
  }
  await Promise.all(written.map((w) => w.staged?.discard()));
  return written.filter((w) => !w.staged).map((w) => w.output);
}
