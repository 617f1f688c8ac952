import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { BookLayout, LanguageMetadata } from '../model/book.js';
import { UserError, type Diagnostic } from '../util/diagnostics.js';
import { isInside } from '../util/paths.js';
import { isoSeconds, sourceDateEpoch } from './build-date.js';
import { bcp47, chapterLabelOf, labelsFor } from './labels.js';
import { loadConfig } from './load.js';
import { PROGIT_PRESET } from './progit-preset.js';
import { languageDirection, languageName } from './release.js';
import type { BookConfig } from './schema.js';

export interface ResolvedConfig {
  config: BookConfig;
  /** The file the configuration came from; undefined for the preset or defaults. */
  file?: string;
  source: 'file' | 'progit-preset' | 'defaults';
  /** Findings about the configuration that do not stop the build (unknown keys). */
  warnings: Diagnostic[];
}

/** book.json when present (or given), else the Pro Git preset for a Pro Git checkout, else defaults. */
export async function resolveConfig(layout: BookLayout, explicitPath?: string): Promise<ResolvedConfig> {
  const loaded = await loadConfig(layout.root, explicitPath);
  const resolved: ResolvedConfig = loaded.file
    ? { config: loaded.config, file: loaded.file, source: 'file', warnings: loaded.warnings }
    : layout.isProGit
      ? { config: PROGIT_PRESET, source: 'progit-preset', warnings: [] }
      : { config: {}, source: 'defaults', warnings: [] };
  if (resolved.config.name === undefined) checkDefaultName(layout.root, resolved.file);
  return resolved;
}

/**
 * The book directory's name names the ebooks when book.json does not: like a configured name it
 * must start with a letter or a digit (`.mybook` made hidden files that `index` leaves out).
 */
function checkDefaultName(root: string, file: string | undefined): void {
  const name = basename(root);
  if (/^[\p{L}\p{N}]/u.test(name)) return;
  throw new UserError({
    file: file ?? join(root, 'book.json'),
    message: `no "name" is set and the book directory's name "${name}" does not start with a letter or a digit (its ebooks would be ${name}.en.html and so on${name.startsWith('.') ? ', hidden files' : ''}): set "name" in book.json (letters, digits, ".", "_" and "-")`,
    rule: 'config',
  });
}

function asList(authors: string | string[] | undefined): string[] | undefined {
  if (authors === undefined) return undefined;
  const list = (Array.isArray(authors) ? authors : [authors]).map((a) => a.trim()).filter(Boolean);
  return list.length ? list : undefined;
}

/** A name-based UUID (RFC 4122 version 5 layout), so rebuilding an edition keeps its identifier. */
export function stableUuid(seed: string): string {
  const h = createHash('sha1').update(seed).digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/**
 * For what writes no file (check, a preview): SOURCE_DATE_EPOCH, else now. Builds date their
 * outputs with `sourceDate` (build-date.ts), which never reads the clock.
 */
export function buildDate(env: NodeJS.ProcessEnv = process.env): string {
  return sourceDateEpoch(env) ?? isoSeconds(new Date());
}

function configPath(resolved: ResolvedConfig, layout: BookLayout, key: 'cover' | 'css', value: string | undefined): string | undefined {
  if (!value) return undefined;
  const path = resolve(layout.root, value);
  if (!isInside(layout.root, path)) {
    throw new UserError({
      file: resolved.file,
      message: `${key}: ${value} is outside the book and is refused: use a file inside the book directory`,
      rule: 'config',
    });
  }
  if (existsSync(path)) return path;
  // The preset names upstream's cover; a checkout without it simply has no cover.
  if (resolved.source !== 'file') return undefined;
  throw new UserError({ file: resolved.file, message: `${key}: file not found: ${path}`, rule: 'config' });
}

/** The book's name: the `<name>` of its files (`<name>.<lang>.<ext>`). */
export function bookName(layout: BookLayout, resolved: ResolvedConfig): string {
  return resolved.config.name ?? basename(layout.root);
}

/** Merges configuration, per-language overrides and defaults into one language's metadata. */
export function languageMetadata(
  layout: BookLayout,
  resolved: ResolvedConfig,
  code: string,
  firstHeading: string | undefined,
  date: string = buildDate(),
): LanguageMetadata {
  const { config } = resolved;
  const lang = config.languages?.[code] ?? {};
  const labels = labelsFor(code);
  const name = bookName(layout, resolved);
  // A heading of only spaces or markup has no text to be a title.
  const title = lang.title ?? config.title ?? (firstHeading || name);
  return {
    name,
    lang: bcp47(code),
    dir: languageDirection(config, code),
    title,
    subtitle: lang.subtitle ?? config.subtitle,
    authors: asList(lang.authors) ?? asList(config.authors) ?? ['Unknown'],
    translators: asList(lang.translators) ?? asList(config.translators) ?? [],
    version: lang.version ?? config.version,
    languageName: languageName(config, code),
    description: lang.description ?? config.description ?? '',
    rights: lang.rights ?? config.rights ?? '',
    publisher: config.publisher ?? '',
    cover: configPath(resolved, layout, 'cover', config.cover),
    css: configPath(resolved, layout, 'css', config.css),
    figureLabel: lang.figureLabel ?? labels.figure,
    tocTitle: lang.tocTitle ?? labels.toc,
    chapterLabel: lang.chapterLabel ?? chapterLabelOf(code),
    translatorsLabel: lang.translatorsLabel ?? labels.translators,
    date,
    // The book and the language only: a corrected title or heading is still the same edition,
    // and readers keep its highlights and reading position under this identifier.
    identifier: `urn:uuid:${stableUuid(`${name}\u0000${code}`)}`,
  };
}
