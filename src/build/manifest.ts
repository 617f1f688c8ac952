// `<out>/manifest.json`: what a build left in its output directory, for release scripts and CI.
// Everything in it but the `ms` and `waitMs` fields is a function of the sources, the options and the tools.
import { basename, join } from 'node:path';
import { writeFileAtomic } from '../util/atomic-write.js';
import { formatDiagnostic } from '../util/diagnostics.js';
import type { BuildReport } from './build.js';

export const MANIFEST_NAME = 'manifest.json';

interface ManifestArtifact {
  lang: string;
  format: string;
  /** File name inside the output directory. */
  file: string;
  bytes: number;
  sha256: string;
  /** The work that made the file (OutputReport.ms). */
  ms: number;
  /** A conversion's wait for a slot before that work (OutputReport.waitMs); 0 for the others. */
  waitMs: number;
  /** `cached`: taken from the build cache; `built`: made by this build. */
  status: 'cached' | 'built';
  /** How many warnings its language has (listed under `languages`). */
  warnings: number;
}

export interface Manifest {
  tool: { name: 'progit-ebook'; version: string };
  node: string;
  /** calibre's version, when a format needed it; null otherwise or when unknown. */
  calibre: string | null;
  formats: string[];
  artifacts: ManifestArtifact[];
  languages: { lang: string; ok: boolean; warnings: string[]; failures: string[] }[];
  ms: number;
}

export function manifestOf(report: BuildReport, versions: { tool: string; calibre?: string }): Manifest {
  const order = (format: string) => report.formats.indexOf(format);
  const languages = [...report.languages].sort((a, b) => (a.lang < b.lang ? -1 : a.lang > b.lang ? 1 : 0));
  return {
    tool: { name: 'progit-ebook', version: versions.tool },
    node: process.version,
    calibre: versions.calibre ?? null,
    formats: report.formats,
    artifacts: languages.flatMap((l) =>
      [...l.outputs]
        .sort((a, b) => order(a.format) - order(b.format))
        .map((o) => ({
          lang: l.lang,
          format: o.format,
          file: basename(o.path),
          bytes: o.bytes,
          sha256: o.sha256,
          ms: o.ms,
          waitMs: o.waitMs,
          status: o.cached ? ('cached' as const) : ('built' as const),
          warnings: l.warnings.length,
        })),
    ),
    languages: languages.map((l) => ({
      lang: l.lang,
      ok: l.ok,
      warnings: l.warnings.map(formatDiagnostic),
      failures: l.failures.map((f) => `${f.format ? `${f.format}: ` : ''}${f.message}`),
    })),
    ms: report.ms,
  };
}

/** Written whole or not at all, like every other output file. */
export async function writeManifest(outDir: string, manifest: Manifest): Promise<string> {
  const path = join(outDir, MANIFEST_NAME);
  await writeFileAtomic(path, `${JSON.stringify(manifest, null, 2)}\n`);
  return path;
}
