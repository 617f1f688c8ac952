// `<out>/manifest.json`: what the output directory holds from builds of this tool, for the index
// page, release scripts and CI. It is kept across builds: this build's files, and the files an
// earlier build recorded that are still there unchanged (`status: kept`, with that build's facts),
// so `--format html,epub` then `--format pdf` into one directory records all three.
// Everything in it but `ms`, `waitMs` and `mtimeMs` is a function of the sources, the options and the tools.
import { basename, join } from 'node:path';
import type { RecordedIndex } from '../catalog/write-index.js';
import { MANIFEST_NAME, type LanguageFacts, type RecordedFile } from '../catalog/recorded.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { formatDiagnostic } from '../util/diagnostics.js';
import type { BuildReport } from './build.js';

/** A file as recorded (RecordedFile: lang, format, file, bytes, sha256, mtimeMs) with how it was made. */
export interface ManifestArtifact extends RecordedFile {
  /** The work that made the file (OutputReport.ms). */
  ms: number;
  /** A conversion's wait for a slot before that work (OutputReport.waitMs); 0 for the others. */
  waitMs: number;
  /** `cached`: taken from the build cache; `built`: made by this build; `kept`: made by an earlier build and still there unchanged. */
  status: 'cached' | 'built' | 'kept';
  /** How many warnings its language has (listed under `languages`). */
  warnings: number;
}

export type ManifestLanguage = Omit<LanguageFacts, 'lang'> & { lang: string; ok: boolean; warnings: string[]; failures: string[] };

export interface Manifest {
  tool: { name: 'progit-ebook'; version: string };
  node: string;
  /** calibre's version, when a format needed it (or a kept file was converted with it); null otherwise or when unknown. */
  calibre: string | null;
  /** The build date, from the sources (reproducibility.md). */
  date: string;
  /** The formats this build made. */
  formats: string[];
  artifacts: ManifestArtifact[];
  languages: ManifestLanguage[];
  /** The index page, when this build wrote one (not with `--no-index`). */
  index: RecordedIndex | null;
  ms: number;
}

/** What goes into the manifest besides the report: see release-record.ts. */
export interface ManifestExtras {
  date: string;
  mtimes: ReadonlyMap<string, number | undefined>;
  facts: readonly LanguageFacts[];
  kept: { artifacts: ManifestArtifact[]; languages: ManifestLanguage[]; calibre?: string | null };
  index: RecordedIndex | null;
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
/** This build's formats in its order, then those only kept files have. */
const rank = (formats: readonly string[], format: string) => (formats.includes(format) ? formats.indexOf(format) : formats.length);

/** This build's files, as the manifest records them. */
export function builtArtifacts(report: BuildReport, mtimes: ReadonlyMap<string, number | undefined>): ManifestArtifact[] {
  const order = (format: string) => rank(report.formats, format);
  return [...report.languages]
    .sort((a, b) => compare(a.lang, b.lang))
    .flatMap((l) =>
      [...l.outputs]
        .sort((a, b) => order(a.format) - order(b.format))
        .map((o) => ({
          lang: l.lang,
          format: o.format,
          file: basename(o.path),
          bytes: o.bytes,
          sha256: o.sha256,
          mtimeMs: mtimes.get(basename(o.path)),
          ms: o.ms,
          waitMs: o.waitMs,
          status: o.cached ? ('cached' as const) : ('built' as const),
          warnings: l.warnings.length,
        })),
    );
}

export function manifestOf(report: BuildReport, versions: { tool: string; calibre?: string }, extras: ManifestExtras): Manifest {
  const languages: ManifestLanguage[] = report.languages.map((l) => ({
    lang: l.lang,
    ...extras.facts.find((f) => f.lang === l.lang),
    ok: l.ok,
    warnings: l.warnings.map(formatDiagnostic),
    failures: l.failures.map((f) => `${f.format ? `${f.format}: ` : ''}${f.message}`),
  }));
  return {
    tool: { name: 'progit-ebook', version: versions.tool },
    node: process.version,
    calibre: versions.calibre ?? extras.kept.calibre ?? null,
    date: extras.date,
    formats: report.formats,
    artifacts: [...builtArtifacts(report, extras.mtimes), ...extras.kept.artifacts].sort(
      (a, b) => compare(a.lang, b.lang) || rank(report.formats, a.format) - rank(report.formats, b.format) || compare(a.file, b.file),
    ),
    languages: [...languages, ...extras.kept.languages].sort((a, b) => compare(a.lang, b.lang)),
    index: extras.index,
    ms: report.ms,
  };
}

/** Written whole or not at all, like every other output file. */
export async function writeManifest(outDir: string, manifest: Manifest): Promise<string> {
  const path = join(outDir, MANIFEST_NAME);
  await writeFileAtomic(path, `${JSON.stringify(manifest, null, 2)}\n`);
  return path;
}
