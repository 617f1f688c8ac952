// `progit-ebook index <dir>`: the index page of what a directory holds, for a directory put together
// after the builds (CI merges its shards' files). With a manifest.json, the files it records that are
// there unchanged; without one, every `<name>.<lang>.<ext>` file, hashed, and a manifest is written
// for them. Either way the manifest then lists the index page.
import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { toolVersion } from '../cache/keys.js';
import { resolveConfig } from '../config/metadata.js';
import { discoverBook } from '../layout/discover.js';
import { DEFAULT_REFERENCE } from '../layout/reference.js';
import { NotARegularFile, readBookFile } from '../util/book-file.js';
import { UserError } from '../util/diagnostics.js';
import { bookFront, type BookFront } from './book-front.js';
import { bareFiles, hashFiles, presentFiles, type BareFile } from './directory-state.js';
import {
  INDEX_NAME,
  MANIFEST_NAME,
  readManifest,
  SUMS_NAME,
  writeManifest,
  type LanguageFacts,
  type Manifest,
  type ManifestArtifact,
  type ManifestRead,
  type RecordedFile,
  type RecordedIndex,
} from './manifest.js';
import { pageLanguages, writeIndexFile } from './write-index.js';

const NEUTRAL_TITLE = 'Ebooks';

export interface IndexOptions {
  /** The directory of ebooks. */
  dir: string;
  /** The book's directory, for its cover, titles and book.json's language names (optional). */
  book?: string;
  /** Explicit configuration file instead of `<book>/book.json`. */
  config?: string;
  log?: (level: 'info' | 'warn', message: string) => void;
}

export interface IndexReport {
  /** The page written. */
  index: string;
  manifest: string;
  languages: string[];
  files: number;
  /** Files missing, changed, not recorded or not named like an ebook: each left out. */
  warnings: string[];
  ms: number;
}

/** `hash  name` lines (sha256sum's text and binary modes); a FIFO or device in its place is refused (reading it would block). */
async function readSums(dir: string): Promise<Map<string, string> | undefined> {
  let text: string;
  try {
    text = (await readBookFile(join(dir, SUMS_NAME))).toString('utf8');
  } catch (err) {
    if (err instanceof NotARegularFile) throw new UserError({ file: err.path, message: err.reason, rule: 'index' });
    return undefined;
  }
  return new Map([...text.matchAll(/^([0-9a-f]{64}) [ *](.+)$/gm)].map((m) => [m[2]!, m[1]!]));
}

/**
 * The books whose files the directory holds (`<name>` of `<name>.<lang>.<ext>`). A build refuses to
 * mix two books in one directory; a directory put together by hand may, and then no book's title is
 * the page's: it is neutral, and no language entry carries a book's title.
 */
function bookNames(files: readonly RecordedFile[]): string[] {
  return [...new Set(files.map((f) => f.file.split('.').slice(0, -2).join('.')))].sort();
}

const listed = (names: readonly string[]) => `${names.slice(0, 3).join(', ')}${names.length > 3 ? ` and ${names.length - 3} more` : ''}`;

/** The directory's ebooks: those the manifest records, there unchanged; without a usable record, the bare files, hashed. */
async function directoryEbooks(
  dir: string,
  read: ManifestRead | undefined,
  warn: (m: string) => void,
): Promise<{ present: ManifestArtifact[]; found: RecordedFile[] }> {
  const recorded = read?.manifest.artifacts ?? [];
  const bare = await bareFiles(dir, new Set(recorded.map((a) => a.file)), warn);
  const trusted = read && !read.damaged;
  if (trusted) for (const b of bare) warn(`${b.file}: not recorded in ${MANIFEST_NAME}, so not known to be this tool's; left out of the index`);
  const unrecorded = trusted ? [] : bare.map(({ file, lang, format }: BareFile) => ({ file, lang, format }));
  const [present, found] = await Promise.all([presentFiles(dir, recorded, warn), hashFiles(dir, unrecorded, await readSums(dir), warn)]);
  return { present, found };
}

/** The directory's own problem (missing, not a directory) before any about its contents. */
async function readableDirectory(dir: string): Promise<void> {
  const st = await stat(dir).catch((err: NodeJS.ErrnoException) => err);
  if (!(st instanceof Error) && st.isDirectory()) return;
  const why = st instanceof Error ? (st.code === 'ENOENT' ? 'there is no such directory' : st.message) : 'it is not a directory';
  throw new UserError({ file: dir, message: `cannot read the directory: ${why}`, rule: 'index' });
}

async function frontOf(options: IndexOptions, codes: string[], date: string | undefined): Promise<BookFront | undefined> {
  if (!options.book) return undefined;
  const layout = await discoverBook(resolve(options.book));
  return bookFront(layout, await resolveConfig(layout, options.config), codes, date ?? '');
}

export async function writeDirectoryIndex(options: IndexOptions): Promise<IndexReport> {
  const started = performance.now();
  const dir = resolve(options.dir);
  const warnings: string[] = [];
  const warn = (message: string) => {
    warnings.push(message);
    options.log?.('warn', message);
  };
  await readableDirectory(dir);
  const read = await readManifest(dir);
  for (const w of read?.warnings ?? []) warn(w);
  const { present, found } = await directoryEbooks(dir, read, warn);
  const files: RecordedFile[] = [...present, ...found];
  if (files.length === 0) {
    throw new UserError({
      file: dir,
      message: `no ebooks to index: no file named <name>.<lang>.<ext>${read && !read.damaged ? ` that ${MANIFEST_NAME} records` : ''} is there unchanged`,
      rule: 'index',
    });
  }
  const books = bookNames(files);
  const mixed = books.length > 1;
  if (mixed) warn(`the directory holds the ebooks of ${books.length} books (${listed(books)}): the page lists them all under a neutral title`);
  const state = read?.manifest;
  const codes = [...new Set(files.map((f) => f.lang))].sort();
  const front = mixed ? undefined : await frontOf(options, codes, state?.date);
  const recordedFacts = new Map(state?.languages.map((l) => [l.lang, l]));
  const facts: LanguageFacts[] = codes.map((lang) => ({ ...recordedFacts.get(lang), ...front?.facts.get(lang), lang, ...(mixed && { title: undefined }) }));
  const title = front?.title ?? facts.find((f) => f.lang === DEFAULT_REFERENCE)?.title ?? facts.find((f) => f.title)?.title ?? NEUTRAL_TITLE;
  // Without a manifest the files' maker is unknown; the manifest written for them names this tool, and the page says what the manifest says.
  const ownVersion = state?.tool.version ? undefined : (await toolVersion()).version;
  const tool = state?.tool.version || ownVersion;
  const index = await writeIndexFile(dir, {
    title,
    languages: pageLanguages(files, facts),
    cover: front?.cover,
    date: state?.date,
    tool,
    calibre: state?.calibre,
  });
  const manifest = updatedManifest(state, present, found, index, tool ?? '');
  await writeManifest(dir, manifest);
  return {
    index: join(dir, INDEX_NAME),
    manifest: join(dir, MANIFEST_NAME),
    languages: codes,
    files: files.length,
    warnings,
    ms: Math.round(performance.now() - started),
  };
}

const byName = (a: { file: string }, b: { file: string }) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0);

/**
 * The manifest as it was (its files' times as found, so the next run reads none) with the files
 * found without a record, and the page. A manifest written for bare files has no build's facts: the
 * files are `kept` with zero times, their languages only their codes.
 */
function updatedManifest(state: Manifest | undefined, present: RecordedFile[], found: RecordedFile[], index: RecordedIndex, tool: string): Manifest {
  const now = new Map(present.map((f) => [f.file, f.mtimeMs]));
  const previous = (state?.artifacts ?? []).map((a) => (now.has(a.file) ? { ...a, mtimeMs: now.get(a.file) } : a));
  const added: ManifestArtifact[] = [...found].sort(byName).map((f) => ({ ...f, ms: 0, waitMs: 0, status: 'kept', warnings: 0 }));
  const artifacts = [...previous, ...added];
  const known = new Set(state?.languages.map((l) => l.lang));
  const languages = [...(state?.languages ?? []), ...[...new Set(added.map((f) => f.lang))].filter((l) => !known.has(l)).map((lang) => ({ lang }))];
  return {
    ...(state ?? { tool: { name: 'progit-ebook', version: tool }, node: process.version, calibre: null, index: null, ms: 0 }),
    tool: { name: 'progit-ebook', version: state?.tool.version || tool },
    formats: [...new Set([...(state?.formats ?? []), ...artifacts.map((f) => f.format)])],
    artifacts,
    languages,
    index,
  };
}
