// The one place that knows how a book is laid out on disk:
//   <root>/<lang>/<NN-chapter>/<file>.markdown   chapters, in directory then file order
//   <root>/<lang>/figures/                       localized figures
//   <root>/<lang>/figures-dia/                   Dia sources of localized figures
//   <root>/figures/                              shared figures (Pro Git: 18333figNNNN-tn.png)
//   <root>/book.json                             optional configuration
import { readdir, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type { BookLayout, ChapterSource, LanguageSource } from '../model/book.js';
import { UserError } from '../util/diagnostics.js';
import { byName } from './by-name.js';

/** Directories at the book root that hold assets or tooling, never a language. */
export const NON_LANGUAGE_DIRS = new Set([
  'figures', 'figures-dia', 'figures-source', 'ebooks', 'epub', 'latex', 'couchapp',
  'node_modules', 'dist', 'build', 'scripts', 'test', 'src', 'bin',
]);

/** `en`, `zh-tw`, `pt-br`, `no-nb`, `es-ni`, `sr_Latn`: a language tag as a directory name. */
const LANGUAGE_DIR = /^[a-z]{2,3}(?:[-_][a-z0-9]{2,8})*$/i;
/** `01-introduction`, `9_internals`: chapters are numbered directories. */
const CHAPTER_DIR = /^\d+(?:[-_.]|$)/;
const CHAPTER_FILE = /\.(?:markdown|md)$/i;

async function isDir(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

async function listDir(path: string): Promise<import('node:fs').Dirent[]> {
  try {
    return await readdir(path, { withFileTypes: true });
  } catch {
    return [];
  }
}

async function isDirEntry(parent: string, entry: import('node:fs').Dirent): Promise<boolean> {
  return entry.isDirectory() || (entry.isSymbolicLink() && (await isDir(join(parent, entry.name))));
}

async function discoverChapters(langDir: string): Promise<ChapterSource[]> {
  // Filtered before sorting: other names (README.md) would need the collator (see by-name.ts).
  const entries = (await listDir(langDir)).filter((e) => CHAPTER_DIR.test(e.name)).sort((a, b) => byName(a.name, b.name));
  // Listed side by side, kept in order.
  const chapters = await Promise.all(
    entries.map(async (entry): Promise<ChapterSource | undefined> => {
      if (!(await isDirEntry(langDir, entry))) return undefined;
      const dir = join(langDir, entry.name);
      const files = (await listDir(dir))
        .filter((f) => CHAPTER_FILE.test(f.name) && !f.name.startsWith('.') && !f.isDirectory())
        .map((f) => f.name)
        .sort(byName)
        .map((name) => join(dir, name));
      return files.length > 0 ? { dir: entry.name, number: Number.parseInt(entry.name, 10), files } : undefined;
    }),
  );
  return chapters.filter((c): c is ChapterSource => c !== undefined);
}

export interface DiscoverOptions {
  /** Directory names to skip besides the built-in ones (e.g. the output directory). */
  exclude?: string[];
}

/** Finds the languages, chapters and figure directories of the book at `root`. */
export async function discoverBook(root: string, options: DiscoverOptions = {}): Promise<BookLayout> {
  const absRoot = resolve(root);
  if (!(await isDir(absRoot))) {
    throw new UserError({ file: root, message: 'book directory not found: pass the directory that holds the language directories (en/, zh/, ...)' }, 2);
  }
  const exclude = new Set([...NON_LANGUAGE_DIRS, ...(options.exclude ?? [])]);
  const candidates = (await listDir(absRoot)).filter((e) => !e.name.startsWith('.') && !exclude.has(e.name) && LANGUAGE_DIR.test(e.name));
  const found = await Promise.all(
    candidates.sort((a, b) => byName(a.name, b.name)).map(async (entry): Promise<LanguageSource | undefined> => {
      if (!(await isDirEntry(absRoot, entry))) return undefined;
      const dir = join(absRoot, entry.name);
      const chapters = await discoverChapters(dir);
      return chapters.length > 0 ? { code: entry.name, dir, chapters } : undefined;
    }),
  );
  const languages = found.filter((l): l is LanguageSource => l !== undefined);
  const sharedDir = join(absRoot, 'figures');
  const sharedFigures = (await isDir(sharedDir)) ? sharedDir : undefined;
  const isProGit = sharedFigures !== undefined && (await listDir(sharedDir)).some((f) => f.name.startsWith('18333fig'));
  return { root: absRoot, languages, sharedFigures, isProGit };
}

/** The language directory's own `figures/`, if it has one. */
export async function languageFiguresDir(lang: LanguageSource): Promise<string | undefined> {
  const dir = join(lang.dir, 'figures');
  return (await isDir(dir)) ? dir : undefined;
}

/** The language directory's `figures-dia/` (Dia sources of localized figures), if it has one. */
export async function languageDiagramsDir(lang: LanguageSource): Promise<string | undefined> {
  const dir = join(lang.dir, 'figures-dia');
  return (await isDir(dir)) ? dir : undefined;
}

export function bookDirName(layout: BookLayout): string {
  return basename(layout.root);
}
