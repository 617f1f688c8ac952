import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { FigureDirs } from '../model/book.js';

const MEDIA_TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.svg': 'image/svg+xml',
  '.webp': 'image/webp',
};

export function mediaTypeOf(path: string): string | undefined {
  return MEDIA_TYPES[extname(path).toLowerCase()];
}

/** `18333fig0101.png` -> `18333fig0101-tn.png`: Pro Git keeps its figures as thumbnails. */
function thumbnailName(name: string): string {
  const ext = extname(name);
  return `${name.slice(0, name.length - ext.length)}-tn${ext}`;
}

/** Stems a diagram for `NAME` may have: `18333fig0301.png` -> `18333fig0301`, `fig0301` (no publisher prefix). */
function diagramStems(name: string): string[] {
  const stem = name.slice(0, name.length - extname(name).length);
  return [...new Set([stem, stem.replace(/^\d+/, '')])];
}

/** Where in `dir` a figure called `name` may be: under its name, then its thumbnail name. */
function candidates(dir: string | undefined, name: string): string[] {
  return dir ? [name, thumbnailName(name)].map((candidate) => join(dir, candidate)) : [];
}

/**
 * The file an `Insert NAME` directive shows: the language's own figure (under the exact name or
 * its `-tn` thumbnail name), then its rendered localized diagram, then the shared figure.
 */
export function resolveFigure(name: string, dirs: FigureDirs): string | undefined {
  // A directive names a file, never a path: refuse anything that could escape the figure directories.
  if (name.includes('/') || name.includes('\\') || name.startsWith('.')) return undefined;
  const diagram = diagramStems(name)
    .map((s) => dirs.diagrams?.get(s))
    .find(Boolean);
  return candidates(dirs.language, name).find((p) => existsSync(p)) ?? diagram ?? candidates(dirs.shared, name).find((p) => existsSync(p));
}

/** Every file resolveFigure looks for on disk: when it found none, any of them appearing changes what it resolves to. */
export function figureCandidates(name: string, dirs: FigureDirs): string[] {
  return [...candidates(dirs.language, name), ...candidates(dirs.shared, name)];
}

/** The Dia sources in `<lang>/figures-dia`, keyed by file stem (`fig0301`). */
export async function diagramSources(dir: string | undefined): Promise<Map<string, string>> {
  const sources = new Map<string, string>();
  if (!dir) return sources;
  for (const file of (await readdir(dir)).sort()) {
    const m = /^(.+)\.dia$/i.exec(file);
    if (m) sources.set(m[1]!, join(dir, file));
  }
  return sources;
}

/**
 * Whether `<lang>/figures` already holds an image for diagram `stem` under any name a directive
 * resolves to (`fig0301.png`, `18333fig0301-tn.png`): that image wins, so the diagram is not needed.
 */
export function hasLanguageImage(languageFiles: readonly string[], stem: string): boolean {
  const escaped = stem.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(`^\\d*${escaped}(?:-tn)?\\.(?:png|jpe?g|gif|svg|webp)$`, 'i');
  return languageFiles.some((f) => pattern.test(f));
}
