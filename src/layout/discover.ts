// The one place that knows how a book is laid out on disk:
//   <root>/<lang>/<NN-chapter>/<file>.markdown   chapters, in directory then file order
//   <root>/<lang>/figures/                       localized figures
//   <root>/<lang>/figures-dia/                   Dia sources of localized figures
//   <root>/figures/                              shared figures (Pro Git: 18333figNNNN-tn.png)
//   <root>/book.json                             optional configuration
import { lstat, readdir, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { BookLayout, ChapterSource, LanguageSource } from '../model/book.js';
import { UserError, type Diagnostic } from '../util/diagnostics.js';
import { byName } from './by-name.js';

/** Directories at the book root that hold assets or tooling, never a language. */
const NON_LANGUAGE_DIRS = new Set([
  'figures',
  'figures-dia',
  'figures-source',
  'ebooks',
  'epub',
  'latex',
  'couchapp',
  'node_modules',
  'dist',
  'build',
  'scripts',
  'test',
  'src',
  'bin',
]);

/** `en`, `zh-tw`, `pt-br`, `no-nb`, `es-ni`, `sr_Latn`: a language tag as a directory name. */
const LANGUAGE_DIR = /^[a-z]{2,3}(?:[-_][a-z0-9]{2,8})*$/i;
/** `01-introduction`, `9_internals`: chapters are numbered directories. */
const CHAPTER_DIR = /^\d+(?:[-_.]|$)/;

/** The chapter number a directory name stands for (`02-git-basics` -> 2), or undefined for any other name. */
export function chapterNumberOf(dirName: string): number | undefined {
  return CHAPTER_DIR.test(dirName) ? Number.parseInt(dirName, 10) : undefined;
}
const CHAPTER_FILE = /\.(?:markdown|md)$/i;

async function isDir(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

/**
 * A directory's entries; none when it is gone or is not a directory. Any other failure (permission
 * denied, an I/O error) is thrown: an unreadable directory taken for an empty one dropped a chapter
 * or a whole language without a word.
 */
async function listDir(path: string): Promise<import('node:fs').Dirent[]> {
  try {
    return await readdir(path, { withFileTypes: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return [];
    throw err;
  }
}

/** Node's own message ("EACCES: permission denied, scandir '...'") says nothing of what to do. */
const LIST_CAUSES: Record<string, string> = {
  EACCES: 'permission denied: make it readable',
  EPERM: 'operation not permitted: make it readable',
  EIO: 'input/output error (a failing disk or network file system)',
  ELOOP: 'too many levels of symbolic links: fix the link',
  EMFILE: 'too many open files: raise the limit (ulimit -n)',
};

function unreadableDir(dir: string, what: string, err: unknown): Diagnostic {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const cause = (code && LIST_CAUSES[code]) ?? (err instanceof Error ? err.message : String(err));
  return { severity: 'error', file: dir, message: `cannot read the ${what} directory: ${cause}`, rule: 'io' };
}

/**
 * Node's readdir decodes names as UTF-8 and puts U+FFFD for bytes that are not: such a path does
 * not exist as written, and the reader would only say "no such file". A name really spelled with
 * U+FFFD does exist.
 */
async function isMangledName(parent: string, name: string): Promise<boolean> {
  if (!name.includes('\uFFFD')) return false;
  return lstat(join(parent, name)).then(
    () => false,
    () => true,
  );
}

function mangledName(path: string, what: string): Diagnostic {
  return { severity: 'error', file: path, message: `${what} name is not valid UTF-8: rename it`, rule: 'encoding' };
}

async function isDirEntry(parent: string, entry: import('node:fs').Dirent): Promise<boolean> {
  return entry.isDirectory() || (entry.isSymbolicLink() && (await isDir(join(parent, entry.name))));
}

interface Listing {
  chapters: ChapterSource[];
  problems: Diagnostic[];
}

async function discoverChapters(langDir: string, skip: ReadonlySet<string>): Promise<Listing> {
  // Filtered before sorting: other names (README.md) would need the collator (see by-name.ts).
  const entries = (await listDir(langDir)).filter((e) => CHAPTER_DIR.test(e.name) && !skip.has(join(langDir, e.name))).sort((a, b) => byName(a.name, b.name));
  // Listed side by side, kept in order.
  const listed = await Promise.all(
    entries.map(async (entry): Promise<{ chapter?: ChapterSource; problems: Diagnostic[] }> => {
      const dir = join(langDir, entry.name);
      if ((entry.isDirectory() || entry.isSymbolicLink()) && (await isMangledName(langDir, entry.name)))
        return { problems: [mangledName(dir, 'chapter directory')] };
      if (!(await isDirEntry(langDir, entry))) return { problems: [] };
      let names: import('node:fs').Dirent[];
      try {
        names = await listDir(dir);
      } catch (err) {
        return { problems: [unreadableDir(dir, 'chapter', err)] };
      }
      const problems: Diagnostic[] = [];
      const files: string[] = [];
      for (const f of names.filter((f) => CHAPTER_FILE.test(f.name) && !f.name.startsWith('.') && !f.isDirectory()).sort((a, b) => byName(a.name, b.name))) {
        if (await isMangledName(dir, f.name)) problems.push(mangledName(join(dir, f.name), 'file'));
        else files.push(join(dir, f.name));
      }
      return { chapter: files.length > 0 ? { dir: entry.name, number: Number.parseInt(entry.name, 10), files } : undefined, problems };
    }),
  );
  return {
    chapters: listed.flatMap((l) => (l.chapter ? [l.chapter] : [])),
    problems: listed.flatMap((l) => l.problems),
  };
}

export interface DiscoverOptions {
  /**
   * Directories never read, wherever they sit (the output directory: a previous build's files
   * there are not a language or a chapter). Only these: their parents are read as usual.
   */
  exclude?: string[];
}

/** Finds the languages, chapters and figure directories of the book at `root`. */
export async function discoverBook(root: string, options: DiscoverOptions = {}): Promise<BookLayout> {
  const absRoot = resolve(root);
  if (!(await isDir(absRoot))) {
    throw new UserError({ file: root, message: 'book directory not found: pass the directory that holds the language directories (en/, zh/, ...)' }, 2);
  }
  const skip = new Set((options.exclude ?? []).map((p) => resolve(p)));
  const candidates = (await listBookDir(absRoot, 'book')).filter(
    (e) => !e.name.startsWith('.') && !NON_LANGUAGE_DIRS.has(e.name) && !skip.has(join(absRoot, e.name)) && LANGUAGE_DIR.test(e.name),
  );
  const found = await Promise.all(
    candidates
      .sort((a, b) => byName(a.name, b.name))
      .map(async (entry): Promise<LanguageSource | undefined> => {
        if (!(await isDirEntry(absRoot, entry))) return undefined;
        const dir = join(absRoot, entry.name);
        let listing: Listing;
        try {
          listing = await discoverChapters(dir, skip);
        } catch (err) {
          // Kept as a language that fails: whether it holds chapters cannot be known, and leaving it
          // out made `-l zh` answer "unknown language" for a directory right there.
          listing = { chapters: [], problems: [unreadableDir(dir, 'language', err)] };
        }
        return listing.chapters.length > 0 || listing.problems.length > 0 ? { code: entry.name, dir, ...listing } : undefined;
      }),
  );
  const languages = found.filter((l): l is LanguageSource => l !== undefined);
  const sharedDir = join(absRoot, 'figures');
  const sharedFigures = (await isDir(sharedDir)) ? sharedDir : undefined;
  const isProGit = sharedFigures !== undefined && (await listBookDir(sharedDir, 'shared figures')).some((f) => f.name.startsWith('18333fig'));
  return { root: absRoot, languages, sharedFigures, isProGit };
}

/**
 * The language directory that is `path` or holds it, as the book would have it were nothing
 * excluded; undefined for a path outside every language (the book's root itself, `<root>/dist`).
 * An output directory there would be left out of the language it sits in (all of it, for
 * `--out <root>/en`) or would mix the build's files with the language's chapters.
 */
export async function languageDirHolding(layout: BookLayout, path: string): Promise<string | undefined> {
  const inside = relative(layout.root, resolve(path));
  const first = inside.split(sep)[0]!;
  if (!inside || first === '..' || isAbsolute(inside)) return undefined;
  const dir = join(layout.root, first);
  if (layout.languages.some((l) => l.dir === dir)) return dir;
  if (first.startsWith('.') || NON_LANGUAGE_DIRS.has(first) || !LANGUAGE_DIR.test(first) || !(await isDir(dir))) return undefined;
  try {
    const listing = await discoverChapters(dir, new Set());
    return listing.chapters.length > 0 || listing.problems.length > 0 ? dir : undefined;
  } catch {
    return dir;
  }
}

/** The book root and shared figures serve every language: when they cannot be read, nothing can be built. */
async function listBookDir(dir: string, what: string): Promise<import('node:fs').Dirent[]> {
  try {
    return await listDir(dir);
  } catch (err) {
    throw new UserError(unreadableDir(dir, what, err), 1);
  }
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
