// The end of a build: the directory's record (manifest.json, kept across builds) and its index page.
// What an earlier build recorded and this one did not make is kept when its file is still there
// unchanged (catalog/directory-state.ts); a file missing or changed since is dropped with a warning.
import { stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { bookFront } from '../catalog/book-front.js';
import { bareFiles, hashFiles, parseEbookName, presentFiles } from '../catalog/directory-state.js';
import {
  INDEX_NAME,
  MANIFEST_NAME,
  readManifest,
  SUMS_NAME,
  writeManifest,
  type LanguageFacts,
  type ManifestArtifact,
  type ManifestRead,
} from '../catalog/manifest.js';
import { pageLanguages, writeIndexFile } from '../catalog/write-index.js';
import { bookName } from '../config/metadata.js';
import { UserError } from '../util/diagnostics.js';
import { refuseUnreplaceable } from '../util/atomic-write.js';
import type { BuildPlan } from './build-plan.js';
import type { BuildReport } from './build-types.js';
import { languageCompleteness } from './language-facts.js';
import { builtArtifacts, manifestOf, type ManifestExtras } from './manifest.js';

/**
 * What the output directory records, read before anything is built: a manifest.json or SHA256SUMS
 * that is a FIFO or device (reading it would block, renaming over it would destroy it), or a record
 * of another book's ebooks (its index page would mix two books under one title), stops the build
 * with the directory untouched.
 */
export async function previousRecord({ inputs, sinks }: Pick<BuildPlan, 'inputs' | 'sinks'>): Promise<ManifestRead | undefined> {
  const { outDir } = inputs;
  for (const own of [MANIFEST_NAME, INDEX_NAME, SUMS_NAME]) await refuseUnreplaceable(join(outDir, own), '--out');
  const read = await readManifest(outDir);
  for (const w of read?.warnings ?? []) sinks.log('warn', `${outDir}/${w}`);
  const name = bookName(inputs.layout, inputs.config);
  const names = (read?.manifest.artifacts ?? []).map((a) => parseEbookName(a.file)).map((p) => ('name' in p ? p.name : undefined));
  const other = read?.manifest.book ?? names.find((n) => n !== undefined && n !== name);
  if (other !== undefined && other !== name) {
    throw new UserError({
      file: outDir,
      message: `holds the ebooks of the book "${other}" (${MANIFEST_NAME} records them), and this book is "${name}": one directory holds one book's ebooks; choose another --out, or remove ${MANIFEST_NAME} and those files first`,
      rule: 'output',
    });
  }
  return read;
}

/** The previous manifest's files that this build did not make and that are still there unchanged, with their languages' entries. */
async function keptRecord(
  { inputs, sinks }: Pick<BuildPlan, 'inputs' | 'sinks'>,
  read: ManifestRead | undefined,
  made: ReadonlySet<string>,
  building: ReadonlySet<string>,
): Promise<ManifestExtras['kept']> {
  if (!read) return { artifacts: [], languages: [] };
  const { outDir } = inputs;
  const warn = (message: string) => sinks.log('warn', message);
  const recorded = read.manifest.artifacts.filter((f) => !made.has(f.file));
  const present = await presentFiles(outDir, recorded, warn);
  // A damaged manifest lost some records: this book's files it no longer records are hashed again, not lost.
  const name = bookName(inputs.layout, inputs.config);
  const lost = read.damaged ? (await bareFiles(outDir, new Set([...made, ...recorded.map((f) => f.file)]), () => {})).filter((b) => b.name === name) : [];
  const found = await hashFiles(
    outDir,
    lost.map(({ file, lang, format }) => ({ file, lang, format })),
  );
  const artifacts: ManifestArtifact[] = [
    ...present.map((f) => ({ ...f, status: 'kept' as const })),
    ...found.map((f) => ({ ...f, ms: 0, waitMs: 0, warnings: 0, status: 'kept' as const })),
  ];
  const langs = new Set(artifacts.map((a) => a.lang));
  const languages = read.manifest.languages.filter((l) => langs.has(l.lang) && !building.has(l.lang));
  const known = new Set(languages.map((l) => l.lang));
  for (const lang of langs) if (!building.has(lang) && !known.has(lang)) languages.push({ lang });
  return { artifacts, languages, calibre: artifacts.length ? read.manifest.calibre : undefined };
}

/** Writes the index page (unless `noIndex`) and the manifest; returns the manifest's path. */
export async function recordRelease(
  plan: Pick<BuildPlan, 'inputs' | 'tools' | 'caches' | 'sinks'>,
  previous: ManifestRead | undefined,
  report: BuildReport,
  noIndex: boolean,
): Promise<string> {
  const outputs = report.languages.flatMap((l) => l.outputs);
  // A file gone since it was written has no time; whoever reads the manifest next hashes it, and finds it missing.
  const mtimes = new Map(await Promise.all(outputs.map(async (o) => [basename(o.path), (await stat(o.path).catch(() => undefined))?.mtimeMs] as const)));
  const building = new Set(report.languages.map((l) => l.lang));
  const kept = await keptRecord(plan, previous, new Set(mtimes.keys()), building);
  const files = [...builtArtifacts(report, mtimes), ...kept.artifacts];
  const codes = [...new Set(files.map((f) => f.lang))].sort();
  const { inputs } = plan;
  const front = await bookFront(inputs.layout, inputs.config, codes, inputs.date);
  const completeness = await languageCompleteness(
    plan,
    codes.filter((c) => building.has(c)),
  );
  const facts: LanguageFacts[] = completeness.map((c) => ({ ...front.facts.get(c.lang), ...c }));
  const pageFacts = [...facts, ...kept.languages];
  const calibre = report.calibre ?? kept.calibre;
  // A build that made and kept nothing (an empty shard) has nothing to list.
  const index =
    noIndex || files.length === 0
      ? null
      : await writeIndexFile(inputs.outDir, {
          title: front.title,
          languages: pageLanguages(files, pageFacts),
          cover: front.cover,
          date: inputs.date,
          tool: plan.tools.self.version,
          calibre,
        });
  return writeManifest(
    inputs.outDir,
    manifestOf(
      report,
      { tool: plan.tools.self.version, calibre: report.calibre },
      { book: bookName(inputs.layout, inputs.config), date: inputs.date, mtimes, facts, kept, index },
    ),
  );
}
