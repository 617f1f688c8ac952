// The end of a build: the directory's record (manifest.json, kept across builds) and its index page.
// What an earlier build recorded and this one did not make is kept when its file is still there
// unchanged (catalog/directory-state.ts); a file missing or changed since is dropped with a warning.
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { bookFront } from '../catalog/book-front.js';
import { presentFiles } from '../catalog/directory-state.js';
import { readManifestJson, recordedState, type LanguageFacts } from '../catalog/recorded.js';
import { pageLanguages, writeIndexFile } from '../catalog/write-index.js';
import type { BuildPlan } from './build-plan.js';
import type { BuildReport } from './build-types.js';
import { languageCompleteness } from './language-facts.js';
import { builtArtifacts, manifestOf, writeManifest, type ManifestArtifact, type ManifestExtras, type ManifestLanguage } from './manifest.js';

/** The previous manifest's files that this build did not make and that are still there unchanged, with their languages' entries. */
async function keptRecord(plan: BuildPlan, made: ReadonlySet<string>, building: ReadonlySet<string>): Promise<ManifestExtras['kept']> {
  const raw = await readManifestJson(plan.outDir);
  if (raw instanceof Error) plan.log('warn', `${plan.outDir}/manifest.json cannot be read (${raw.message}); this build's files alone are recorded`);
  if (!raw || raw instanceof Error) return { artifacts: [], languages: [] };
  const state = recordedState(raw);
  const present = await presentFiles(
    plan.outDir,
    state.files.filter((f) => !made.has(f.file)),
    (message) => plan.log('warn', message),
  );
  const previous = Array.isArray(raw.artifacts) ? (raw.artifacts as Partial<ManifestArtifact>[]) : [];
  // A manifest `index` wrote for bare files has no build's facts: none are made up but zeros.
  const artifacts = present.map((f) => ({
    ms: 0,
    waitMs: 0,
    warnings: 0,
    ...previous.find((a) => a.file === f.file),
    ...f,
    status: 'kept' as const,
  }));
  const langs = new Set(artifacts.map((a) => a.lang));
  const languages = (Array.isArray(raw.languages) ? (raw.languages as ManifestLanguage[]) : []).filter((l) => langs.has(l.lang) && !building.has(l.lang));
  return { artifacts, languages, calibre: artifacts.length ? state.calibre : undefined };
}

/** Writes the index page (unless `noIndex`) and the manifest; returns the manifest's path. */
export async function recordRelease(plan: BuildPlan, report: BuildReport, noIndex: boolean): Promise<string> {
  const outputs = report.languages.flatMap((l) => l.outputs);
  // A file gone since it was written has no time; whoever reads the manifest next hashes it, and finds it missing.
  const mtimes = new Map(await Promise.all(outputs.map(async (o) => [basename(o.path), (await stat(o.path).catch(() => undefined))?.mtimeMs] as const)));
  const building = new Set(report.languages.map((l) => l.lang));
  const kept = await keptRecord(plan, new Set(mtimes.keys()), building);
  const files = [...builtArtifacts(report, mtimes), ...kept.artifacts];
  const codes = [...new Set(files.map((f) => f.lang))].sort();
  const front = await bookFront(plan.layout, plan.config, codes, plan.date);
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
      : await writeIndexFile(plan.outDir, {
          title: front.title,
          languages: pageLanguages(files, pageFacts),
          cover: front.cover,
          date: plan.date,
          tool: plan.tool.version,
          calibre,
        });
  return writeManifest(plan.outDir, manifestOf(report, { tool: plan.tool.version, calibre: report.calibre }, { date: plan.date, mtimes, facts, kept, index }));
}
