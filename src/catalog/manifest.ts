// `<out>/manifest.json`, the one definition: its type, its reader and its writer. `build` writes it
// (build/manifest.ts fills it from a build's report), `index` updates or writes it, and
// `index --merge` joins sharded builds' manifests (merge.ts). The reader is typed and tolerant: a
// manifest is user-editable data that outlives the build that wrote it, so an entry that is not what
// this tool writes (null, a number for a title, a name with a path) is dropped with a warning, and
// the directory's files are then read again for what it no longer records (index-directory.ts).
// Read by hand rather than with zod: the manifest is read at the end of every build, and loading zod
// costs more than the rest.
import { join } from 'node:path';
import { writeFileAtomic } from '../util/atomic-write.js';
import { NotARegularFile, readBookFile } from '../util/book-file.js';
import type { Currency } from '../sync/currency.js';
import { UserError } from '../util/diagnostics.js';

export const MANIFEST_NAME = 'manifest.json';
export const INDEX_NAME = 'index.html';
export const SUMS_NAME = 'SHA256SUMS';

/** One ebook file of the directory, as a manifest records it. */
export interface RecordedFile {
  lang: string;
  format: string;
  /** File name inside the directory. */
  file: string;
  bytes: number;
  sha256: string;
  /** The file's modification time when it was recorded: the same size and time need no rehashing. */
  mtimeMs?: number;
}

/** A file as recorded with how it was made (zeros and `kept` for a file `index` found without a build's facts). */
export interface ManifestArtifact extends RecordedFile {
  /** The work that made the file (OutputReport.ms). */
  ms: number;
  /** A conversion's wait for a slot before that work (OutputReport.waitMs); 0 for the others. */
  waitMs: number;
  /** `cached`: taken from the build cache; `built`: made by this build; `kept`: made by an earlier build and still there unchanged. */
  status: 'cached' | 'built' | 'kept';
  /** How many warnings its language has (listed under `languages`). */
  warnings: number;
}

/** A language's facts for the index page, recorded by the build that made its files. */
export interface LanguageFacts {
  lang: string;
  /** The book's title in this language. */
  title?: string;
  /** The language's name as book.json gives it (`languages.<code>.name`), if it does. */
  name?: string;
  /** Chapters the language has (of the reference's `of`). */
  chapters?: number;
  of?: number;
  /** Percent of the reference's prose translated (src/markdown/translation-estimate.ts, as `status`). */
  translated?: number;
  /** How current the translation is, when the book had history (src/status/currency.ts). */
  currency?: Currency;
}

/** A language as recorded: its facts, and the build's outcome when a build recorded it (not `index` over bare files). */
export interface ManifestLanguage extends LanguageFacts {
  ok?: boolean;
  warnings?: string[];
  failures?: string[];
  /** The CI shard that builds it (`index --merge --shards N`). */
  shard?: number;
}

/** How a manifest lists the index page. */
export interface RecordedIndex {
  file: string;
  bytes: number;
  sha256: string;
}

/** A shard's part of a merged manifest (`index --merge`). */
interface ManifestShard {
  manifest: string;
  languages: string[];
  ms: number;
}

export interface Manifest {
  tool: { name: 'progit-ebook'; version: string };
  node?: string;
  /** calibre's version, when a format needed it (or a kept file was converted with it); null otherwise or when unknown. */
  calibre: string | null;
  /** The build date, from the sources (reproducibility.md). */
  date?: string;
  /** The book's name, the `<name>` of every file (`<name>.<lang>.<ext>`): one book a directory. */
  book?: string;
  /** The formats this build made. */
  formats: string[];
  artifacts: ManifestArtifact[];
  languages: ManifestLanguage[];
  /** The index page, when one was written with this manifest (not with `--no-index`). */
  index: RecordedIndex | null;
  ms: number;
  /** The shards a merged manifest was made of. */
  shards?: ManifestShard[];
}

/** A manifest as read: what could be used, a warning for each part that could not, and whether any file's record was lost. */
export interface ManifestRead {
  manifest: Manifest;
  warnings: string[];
  /** Some file records could not be used: the directory's files are looked at again for them. */
  damaged: boolean;
}

type Entry = Record<string, unknown>;
const isRecord = (v: unknown): v is Entry => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const strings = (v: unknown): string[] | undefined => (Array.isArray(v) && v.every((s) => typeof s === 'string') ? (v as string[]) : undefined);
const shown = (v: unknown) => (JSON.stringify(v) ?? String(v)).slice(0, 40);
const STATUSES = new Set(['cached', 'built', 'kept']);

/** A name with a path in it would let a manifest link outside the directory; a hidden one is a build's own (lock, staged file). */
const isPlainFileName = (file: string) => file !== '' && !/[/\\\0]/.test(file) && !file.startsWith('.');

function artifact(v: unknown): ManifestArtifact | string {
  if (!isRecord(v)) return `not an object (${shown(v)})`;
  const [lang, format, file, sha256, bytes] = [str(v.lang), str(v.format), str(v.file), str(v.sha256), num(v.bytes)];
  if (!lang || !format || !file || !sha256 || bytes === undefined) return `lacks lang, format, file, bytes or sha256 (${shown(v)})`;
  if (!isPlainFileName(file) || !/^[0-9a-f]{64}$/.test(sha256)) return `${shown(file)}: not a file name of the directory with its sha256`;
  const status = STATUSES.has(v.status as string) ? (v.status as ManifestArtifact['status']) : 'kept';
  return { lang, format, file, bytes, sha256, mtimeMs: num(v.mtimeMs), ms: num(v.ms) ?? 0, waitMs: num(v.waitMs) ?? 0, status, warnings: num(v.warnings) ?? 0 };
}

function currency(v: unknown): Currency | undefined {
  if (!isRecord(v)) return undefined;
  const [reference, pending, chapters, oldest] = [str(v.reference), num(v.pending), num(v.chapters), v.oldest === null ? null : str(v.oldest)];
  return reference && pending !== undefined && chapters !== undefined && oldest !== undefined ? { reference, pending, chapters, oldest } : undefined;
}

const LANGUAGE_FIELDS = {
  title: str,
  name: str,
  chapters: num,
  of: num,
  translated: num,
  currency,
  ok: (v: unknown) => (typeof v === 'boolean' ? v : undefined),
};
const FIELD_KIND: Partial<Record<string, string>> = { ok: 'boolean', title: 'string', name: 'string', currency: 'record of pending changes' };

function language(v: unknown, fieldWarning: (m: string) => void): ManifestLanguage | string {
  if (!isRecord(v) || !str(v.lang)) return `not a language's entry (${shown(v)})`;
  const entry: ManifestLanguage = { lang: str(v.lang)! };
  for (const [key, read] of Object.entries(LANGUAGE_FIELDS)) {
    if (v[key] === undefined) continue;
    const value = read(v[key]);
    if (value === undefined) fieldWarning(`languages ${entry.lang}: ${key} ${shown(v[key])} is not a ${FIELD_KIND[key] ?? 'number'}; ignored`);
    else Object.assign(entry, { [key]: value });
  }
  const [warnings, failures, shard] = [strings(v.warnings), strings(v.failures), num(v.shard)];
  return { ...entry, ...(warnings && { warnings }), ...(failures && { failures }), ...(shard !== undefined && { shard }) };
}

/** The usable entries of a list; one warning for those that are not (the first few shown). */
function entries<T>(list: unknown, name: string, read: (v: unknown) => T | string, warn: (m: string) => void): { kept: T[]; dropped: number } {
  if (list === undefined) return { kept: [], dropped: 0 };
  if (!Array.isArray(list)) {
    warn(`${MANIFEST_NAME}: ${name} is not a list; ignored`);
    return { kept: [], dropped: 1 };
  }
  const kept: T[] = [];
  const bad: string[] = [];
  list.forEach((v: unknown, i) => {
    const r = read(v);
    if (typeof r === 'string') bad.push(`${name}[${i}]: ${r}`);
    else kept.push(r);
  });
  if (bad.length)
    warn(`${MANIFEST_NAME}: ${bad.length} ${name} entr${bad.length > 1 ? 'ies' : 'y'} ignored: ${bad.slice(0, 3).join('; ')}${bad.length > 3 ? '; ...' : ''}`);
  return { kept, dropped: bad.length };
}

function recordedIndex(v: unknown): RecordedIndex | null {
  if (!isRecord(v)) return null;
  const [file, bytes, sha256] = [str(v.file), num(v.bytes), str(v.sha256)];
  return file && bytes !== undefined && sha256 ? { file, bytes, sha256 } : null;
}

function shardsOf(v: unknown): ManifestShard[] | undefined {
  if (!Array.isArray(v)) return undefined;
  return v.flatMap((s: unknown) => {
    if (!isRecord(s) || !str(s.manifest)) return [];
    return [{ manifest: str(s.manifest)!, languages: strings(s.languages) ?? [], ms: num(s.ms) ?? 0 }];
  });
}

/** What a manifest's JSON records, as this tool writes it; see ManifestRead. */
export function parseManifest(data: unknown): ManifestRead {
  const warnings: string[] = [];
  const warn = (m: string) => warnings.push(m);
  if (!isRecord(data)) {
    warn(`${MANIFEST_NAME}: not a JSON object; its files are looked at again`);
    data = {};
  }
  const m = data as Entry;
  const artifacts = entries(m.artifacts, 'artifacts', artifact, warn);
  const languages = entries(m.languages, 'languages', (v) => language(v, (w) => warn(`${MANIFEST_NAME}: ${w}`)), warn);
  const tool = isRecord(m.tool) ? str(m.tool.version) : undefined;
  if (m.tool !== undefined && tool === undefined) warn(`${MANIFEST_NAME}: tool ${shown(m.tool)} is not {name, version}; ignored`);
  for (const key of ['date', 'book', 'node'] as const) {
    if (m[key] !== undefined && str(m[key]) === undefined) warn(`${MANIFEST_NAME}: ${key} ${shown(m[key])} is not a string; ignored`);
  }
  const manifest: Manifest = {
    tool: { name: 'progit-ebook', version: tool ?? '' },
    node: str(m.node),
    calibre: str(m.calibre) ?? null,
    date: str(m.date),
    book: str(m.book),
    formats: strings(m.formats) ?? [...new Set(artifacts.kept.map((a) => a.format))],
    artifacts: artifacts.kept,
    languages: languages.kept,
    index: recordedIndex(m.index),
    ms: num(m.ms) ?? 0,
    shards: shardsOf(m.shards),
  };
  return { manifest, warnings, damaged: artifacts.dropped > 0 || !isRecord(data) || (m.artifacts !== undefined && !Array.isArray(m.artifacts)) };
}

/**
 * The manifest at `<dir>/manifest.json`: undefined when there is none. One that is not JSON is a
 * warning and read as empty (damaged); one that is not a regular file (a FIFO would block the read
 * for ever) is refused.
 */
export async function readManifest(dir: string): Promise<ManifestRead | undefined> {
  const path = join(dir, MANIFEST_NAME);
  let text: string;
  try {
    text = (await readBookFile(path)).toString('utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    if (err instanceof NotARegularFile)
      throw new UserError({ file: path, message: `${err.reason}; it is this tool's record of the directory`, rule: 'manifest' });
    return {
      manifest: parseManifest({}).manifest,
      warnings: [`${MANIFEST_NAME}: cannot be read (${(err as Error).message}); its files are looked at again`],
      damaged: true,
    };
  }
  try {
    return parseManifest(JSON.parse(text));
  } catch (err) {
    return {
      manifest: parseManifest({}).manifest,
      warnings: [`${MANIFEST_NAME}: not JSON (${(err as Error).message}); its files are looked at again`],
      damaged: true,
    };
  }
}

/** Written whole or not at all, like every other output file; fields without a value are left out. */
export async function writeManifest(dir: string, manifest: Manifest): Promise<string> {
  const path = join(dir, MANIFEST_NAME);
  await writeFileAtomic(path, `${JSON.stringify(manifest, null, 2)}\n`);
  return path;
}
