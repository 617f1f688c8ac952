// A build's `<out>/manifest.json` from its report (the type, reader and writer: catalog/manifest.ts):
// what the output directory holds from builds of this tool, for the index
// page, release scripts and CI. It is kept across builds: this build's files, and the files an
// earlier build recorded that are still there unchanged (`status: kept`, with that build's facts),
// so `--format html,epub` then `--format pdf` into one directory records all three.
// Everything in it but `ms`, `waitMs` and `mtimeMs` is a function of the sources, the options and the tools.
import { basename } from 'node:path';
import type { LanguageFacts, Manifest, ManifestArtifact, ManifestLanguage, RecordedIndex } from '../catalog/manifest.js';
import { formatDiagnostic } from '../util/diagnostics.js';
import type { BuildReport } from './build.js';

/** What goes into the manifest besides the report: see release-record.ts. */
export interface ManifestExtras {
  /** The book's name, the `<name>` of its files. */
  book: string;
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
    book: extras.book,
    formats: report.formats,
    artifacts: [...builtArtifacts(report, extras.mtimes), ...extras.kept.artifacts].sort(
      (a, b) => compare(a.lang, b.lang) || rank(report.formats, a.format) - rank(report.formats, b.format) || compare(a.file, b.file),
    ),
    languages: [...languages, ...extras.kept.languages].sort((a, b) => compare(a.lang, b.lang)),
    index: extras.index,
    ms: report.ms,
  };
}
