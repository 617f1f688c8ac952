// Rendering a language's localized diagrams (`<lang>/figures-dia/*.dia`) to PNG with Dia.
// Renders are cached by content, so only a changed diagram costs a dia run on the next build.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { makeTempDir } from '../util/temp-dir.js';
import { basename, dirname, join } from 'node:path';
import type { Diagnostic } from '../util/diagnostics.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { cacheDir, firstWritableDir, tempCacheDir } from '../util/cache-dir.js';
import { mapLimit } from '../util/concurrency.js';
import { whichSync } from './calibre.js';
import { APT, versionOutput, type ToolCheck } from './probe.js';
import { describeToolFailure, runTool } from './run-tool.js';
import { readBookFile } from '../util/book-file.js';
import { EnvironmentError } from '../util/diagnostics.js';

const DIA_TIMEOUT_MS = 120_000;

/** dia from `DIA`, else PATH; undefined when it is not installed. */
export function findDia(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env.DIA || whichSync('dia', env.PATH);
}

async function renderOne(dia: string, source: string, cache: string, signal?: AbortSignal): Promise<string> {
  const bytes = await readBookFile(source);
  // The file keeps the diagram's name: it becomes the image's name inside the EPUB.
  const target = join(cache, 'dia', createHash('sha256').update(bytes).digest('hex'), `${basename(source, '.dia')}.png`);
  if (existsSync(target)) return target;
  const work = await makeTempDir('progit-ebook-dia-');
  try {
    const out = join(work, 'figure.png');
    const run = await runTool(dia, ['--nosplash', `--export=${out}`, '--filter=png', source], { timeoutMs: DIA_TIMEOUT_MS, signal, env: { DISPLAY: '' } });
    if (run.exitCode !== 0 || run.timedOut || run.cancelled || !existsSync(out)) throw new EnvironmentError(describeToolFailure('dia', run, DIA_TIMEOUT_MS, 5));
    // Renamed into the cache only when complete: an interrupted build never leaves a partial PNG.
    await writeFileAtomic(target, await readFile(out));
    return target;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/**
 * PNGs for the given diagrams (stem -> `.dia` path). Without dia, or when a diagram fails to
 * render, the shared figure stays in use and a warning says so (one per language for a missing dia).
 */
export async function renderDiagrams(
  sources: ReadonlyMap<string, string>,
  options: { dia?: string; whyNoDia?: string; cache?: string; concurrency?: number; dir?: string; signal?: AbortSignal },
): Promise<{ rendered: Map<string, string>; warnings: Diagnostic[] }> {
  const rendered = new Map<string, string>();
  const warnings: Diagnostic[] = [];
  if (sources.size === 0) return { rendered, warnings };
  if (!options.dia) {
    warnings.push({
      severity: 'warning',
      file: options.dir ?? dirname([...sources.values()][0]!),
      message: `${sources.size} localized diagram${sources.size > 1 ? 's are' : ' is'} not rendered because ${options.whyNoDia ?? 'dia is not installed (sudo apt-get install dia)'}; the shared figures are used instead`,
      rule: 'figure-dia',
    });
    return { rendered, warnings };
  }
  const preferred = options.cache ?? cacheDir();
  const cache = (await firstWritableDir([preferred, tempCacheDir()], ['dia'])) ?? preferred;
  await mapLimit([...sources], options.concurrency ?? 2, async ([stem, source]) => {
    try {
      rendered.set(stem, await renderOne(options.dia!, source, cache, options.signal));
    } catch (err) {
      warnings.push({
        severity: 'warning',
        file: source,
        message: `not rendered, the shared figure is used instead: ${(err as Error).message}`,
        rule: 'figure-dia',
      });
    }
  });
  return { rendered, warnings };
}

/** doctor's check of dia, which is never required: without it the shared figures are used. */
export async function probeDia(): Promise<ToolCheck> {
  const name = 'dia';
  const path = findDia();
  const fix = `${APT} dia (optional: without it <lang>/figures-dia diagrams fall back to the shared figures)`;
  if (!path) return { name, status: 'warning', required: false, detail: 'dia not found (optional: renders <lang>/figures-dia/*.dia)', fix };
  // dia prints its version without needing a display.
  const { output, failure } = await versionOutput(path, ['--version']);
  if (failure) return { name, status: 'warning', required: false, path, detail: `${path} ${failure}`, fix };
  const version = /version ([^\s,]+)/i.exec(output)?.[1];
  return { name, status: 'ok', required: false, path, version, detail: `${version ?? 'unknown version'} at ${path}` };
}
