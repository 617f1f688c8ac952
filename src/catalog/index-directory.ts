// `progit-ebook index <dir>`: the index page of what a directory holds, for a directory put together
// after the builds (CI merges its shards' files). With a manifest.json, the files it records that are
// there unchanged; without one, every `<name>.<lang>.<ext>` file, hashed, and a manifest is written
// for them. Either way the manifest then lists the index page.
import { readdir, readFile, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { toolVersion } from '../cache/keys.js';
import { resolveConfig } from '../config/metadata.js';
import { discoverBook } from '../layout/discover.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { mapLimit } from '../util/concurrency.js';
import { UserError } from '../util/diagnostics.js';
import { bookFront, type BookFront } from './book-front.js';
import { isQuietName, parseEbookName, presentFiles, sha256File } from './directory-state.js';
import {
  INDEX_NAME,
  MANIFEST_NAME,
  readManifestJson,
  recordedState,
  SUMS_NAME,
  type LanguageFacts,
  type RecordedFile,
  type RecordedState,
} from './recorded.js';
import { pageLanguages, writeIndexFile } from './write-index.js';

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

/** `hash  name` lines (sha256sum's text and binary modes). */
async function readSums(dir: string): Promise<Map<string, string> | undefined> {
  const text = await readFile(join(dir, SUMS_NAME), 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  return new Map([...text.matchAll(/^([0-9a-f]{64}) [ *](.+)$/gm)].map((m) => [m[2]!, m[1]!]));
}

async function hashUnrecorded(dir: string, files: { file: string; lang: string; format: string }[], warn: (m: string) => void): Promise<RecordedFile[]> {
  const sums = await readSums(dir);
  const hashed = await mapLimit(files, Math.max(2, availableParallelism()), async (f) => {
    const [sha256, st] = await Promise.all([sha256File(join(dir, f.file)), stat(join(dir, f.file))]);
    const listed = sums?.get(f.file);
    if (listed !== undefined && listed !== sha256) {
      warn(`${f.file}: its checksum is not the one ${SUMS_NAME} lists; left out of the index`);
      return undefined;
    }
    return { ...f, bytes: st.size, sha256, mtimeMs: st.mtimeMs };
  });
  return hashed.filter((f) => f !== undefined);
}

/** The directory's entries sorted into recorded files, ebooks no manifest records, and names that are no ebook's (warned). */
async function scanDirectory(dir: string, state: RecordedState | undefined, warn: (m: string) => void) {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'there is no such directory' : code === 'ENOTDIR' ? 'it is not a directory' : (err as Error).message;
    throw new UserError({ file: dir, message: `cannot read the directory: ${why}`, rule: 'index' });
  }
  const recorded = new Set(state?.files.map((f) => f.file));
  const unrecorded: { file: string; lang: string; format: string }[] = [];
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (!e.isFile() || isQuietName(e.name) || recorded.has(e.name)) continue;
    const parsed = parseEbookName(e.name);
    if ('reason' in parsed) warn(`${e.name}: ignored: ${parsed.reason}`);
    else if (state) warn(`${e.name}: not recorded in ${MANIFEST_NAME}, so not known to be this tool's; left out of the index`);
    else unrecorded.push({ file: e.name, ...parsed });
  }
  return unrecorded;
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
  const raw = await readManifestJson(dir);
  if (raw instanceof Error) warn(`${MANIFEST_NAME}: cannot be read (${raw.message}); the files are hashed instead`);
  const state = raw && !(raw instanceof Error) ? recordedState(raw) : undefined;
  const unrecorded = await scanDirectory(dir, state, warn);
  const files = state ? await presentFiles(dir, state.files, warn) : await hashUnrecorded(dir, unrecorded, warn);
  if (files.length === 0) {
    throw new UserError({
      file: dir,
      message: `no ebooks to index: no file named <name>.<lang>.<ext>${state ? ` that ${MANIFEST_NAME} records` : ''} is there unchanged`,
      rule: 'index',
    });
  }
  const codes = [...new Set(files.map((f) => f.lang))].sort();
  const front = await frontOf(options, codes, state?.date);
  const facts: LanguageFacts[] = codes.map((lang) => ({ ...state?.languages.find((l) => l.lang === lang), ...front?.facts.get(lang), lang }));
  const title = front?.title ?? facts.find((f) => f.lang === 'en')?.title ?? facts.find((f) => f.title)?.title ?? 'Ebooks';
  // Without a manifest the files' maker is unknown; the manifest written for them names this tool, and the page says what the manifest says.
  const ownVersion = state ? undefined : (await toolVersion()).version;
  const tool = state?.tool ?? ownVersion;
  const index = await writeIndexFile(dir, {
    title,
    languages: pageLanguages(files, facts),
    cover: front?.cover,
    date: state?.date,
    tool,
    calibre: state?.calibre,
  });
  const manifest = raw && !(raw instanceof Error) ? updatedManifest(raw, files, index) : newManifest(files, index, ownVersion ?? '');
  await writeFileAtomic(join(dir, MANIFEST_NAME), `${JSON.stringify(manifest, null, 2)}\n`);
  return {
    index: join(dir, INDEX_NAME),
    manifest: join(dir, MANIFEST_NAME),
    languages: codes,
    files: files.length,
    warnings,
    ms: Math.round(performance.now() - started),
  };
}

/** The manifest as it was, with the files' times as found (so the next run reads none) and the page. */
function updatedManifest(raw: Record<string, unknown>, files: RecordedFile[], index: object): Record<string, unknown> {
  const now = new Map(files.map((f) => [f.file, f.mtimeMs]));
  const artifacts = Array.isArray(raw.artifacts)
    ? (raw.artifacts as Record<string, unknown>[]).map((a) => (typeof a.file === 'string' && now.has(a.file) ? { ...a, mtimeMs: now.get(a.file) } : a))
    : raw.artifacts;
  return { ...raw, artifacts, index };
}

function newManifest(files: RecordedFile[], index: object, tool: string): Record<string, unknown> {
  const sorted = [...files].sort((a, b) => (a.file < b.file ? -1 : 1));
  return {
    tool: { name: 'progit-ebook', version: tool },
    node: process.version,
    calibre: null,
    formats: [...new Set(sorted.map((f) => f.format))],
    artifacts: sorted,
    languages: [...new Set(sorted.map((f) => f.lang))].map((lang) => ({ lang })),
    index,
    ms: 0,
  };
}
