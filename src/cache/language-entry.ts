// A cached language: its artifacts (by sha256), the warnings it had, the images outside the
// hashed figure directories it embedded or left out as bad, and the images it looked for and did not find. Restoring
// one writes nothing that is already in place.
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { stageFile } from '../util/atomic-write.js';
import type { Diagnostic } from '../util/diagnostics.js';
import { isCount, isDiagnostic, isFileName, isObject, isString } from './shapes.js';
import { sha256, type BuildCache } from './store.js';
import { readBookFile } from '../util/book-file.js';

interface CachedArtifact {
  /** File name in the output directory. */
  file: string;
  sha256: string;
  bytes: number;
}

export interface LanguageEntry {
  lang: string;
  chapters: number;
  warnings: Diagnostic[];
  validation?: { errors: number; warnings: number; ms: number };
  artifacts: Record<string, CachedArtifact>;
  /** Images the chapters point at outside the figure directories the key already covers (embedded, or left out as bad). */
  assets: { path: string; sha256: string }[];
  /**
   * Files in the book an image or figure was looked for at and not found (LanguageDocument.missing).
   * Entries written before this field existed lack it: they fail isLanguageEntry and are rebuilt.
   */
  missing: string[];
}

export interface RestoredArtifact extends CachedArtifact {
  format: string;
  path: string;
  ms: number;
}

/** True when the file at `path` already holds exactly these bytes (then nothing is written). */
async function alreadyThere(path: string, artifact: CachedArtifact): Promise<boolean> {
  const s = await stat(path).catch(() => undefined);
  if (!s || s.size !== artifact.bytes) return false;
  return sha256(await readFile(path)) === artifact.sha256;
}

/**
 * Whether the images the key does not cover are as the entry found them: every one it embedded
 * from elsewhere in the book still has the same bytes, and every one it looked for is still missing.
 */
export async function imagesUnchanged(entry: LanguageEntry): Promise<boolean> {
  if (entry.missing.some((path) => existsSync(path))) return false;
  for (const asset of entry.assets) {
    const bytes = await readBookFile(asset.path).catch(() => undefined);
    if (!bytes || sha256(bytes) !== asset.sha256) return false;
  }
  return true;
}

/** An artifact restore can write: its file name stays in the output directory. */
function isArtifact(v: unknown): v is CachedArtifact {
  return isObject(v) && isFileName(v.file) && isString(v.sha256) && isCount(v.bytes);
}

function isValidation(v: unknown): boolean {
  return v === undefined || (isObject(v) && isCount(v.errors) && isCount(v.warnings) && isCount(v.ms));
}

/** Whether a cache file has every field restoring and the next entry read, of the right type. */
export function isLanguageEntry(v: unknown): v is LanguageEntry {
  return (
    isObject(v) &&
    isCount(v.chapters) &&
    Array.isArray(v.warnings) &&
    v.warnings.every(isDiagnostic) &&
    isValidation(v.validation) &&
    isObject(v.artifacts) &&
    Object.values(v.artifacts).every(isArtifact) &&
    Array.isArray(v.assets) &&
    v.assets.every((a) => isObject(a) && isString(a.path) && isString(a.sha256)) &&
    Array.isArray(v.missing) &&
    v.missing.every(isString)
  );
}

/**
 * Puts the entry's artifacts for `formats` into `outDir` (atomically, each file whole or not at
 * all); undefined when the entry lacks a format or a blob is gone, and the language must be built.
 */
export async function restoreArtifacts(
  cache: BuildCache,
  entry: LanguageEntry,
  formats: string[],
  outDir: string,
  signal?: AbortSignal,
): Promise<RestoredArtifact[] | undefined> {
  if (!formats.every((f) => entry.artifacts[f])) return undefined;
  const restored: RestoredArtifact[] = [];
  for (const format of formats) {
    if (signal?.aborted) return undefined;
    const t0 = performance.now();
    const artifact = entry.artifacts[format]!;
    const path = join(outDir, artifact.file);
    if (!(await alreadyThere(path, artifact))) {
      const bytes = await cache.getBlob(artifact.sha256);
      if (!bytes) return undefined;
      const staged = await stageFile(path, bytes, signal);
      if (signal?.aborted) {
        await staged.discard();
        return undefined;
      }
      await staged.commit();
    }
    restored.push({ ...artifact, format, path, ms: Math.round(performance.now() - t0) });
  }
  return restored;
}
