// What a manifest.json records that the index page and the next build need: each file with its
// checksum, size and modification time, and each language's facts. Read by hand rather than with
// zod: the index is written at the end of every build, and loading zod costs more than the rest.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

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
  currency?: { reference: string; pending: number; chapters: number; oldest: string | null };
}

export interface RecordedState {
  tool?: string;
  calibre?: string | null;
  date?: string;
  files: RecordedFile[];
  languages: LanguageFacts[];
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

function recordedFile(v: unknown): RecordedFile | undefined {
  if (!isRecord(v)) return undefined;
  const [lang, format, file, sha256, bytes] = [str(v.lang), str(v.format), str(v.file), str(v.sha256), num(v.bytes)];
  // A name with a path in it would let a manifest link outside the directory.
  if (!lang || !format || !file || !sha256 || bytes === undefined || /[/\\]/.test(file) || file.startsWith('.')) return undefined;
  return { lang, format, file, bytes, sha256, mtimeMs: num(v.mtimeMs) };
}

function languageFacts(v: unknown): LanguageFacts | undefined {
  if (!isRecord(v) || !str(v.lang)) return undefined;
  const c = isRecord(v.currency) ? v.currency : undefined;
  const [reference, pending, chapters] = [str(c?.reference), num(c?.pending), num(c?.chapters)];
  const currency = reference && pending !== undefined && chapters !== undefined ? { reference, pending, chapters, oldest: str(c?.oldest) ?? null } : undefined;
  return { lang: str(v.lang)!, title: str(v.title), name: str(v.name), chapters: num(v.chapters), of: num(v.of), translated: num(v.translated), currency };
}

/** The raw manifest at `<dir>/manifest.json`: undefined when there is none, an Error when it cannot be read. */
export async function readManifestJson(dir: string): Promise<Record<string, unknown> | undefined | Error> {
  let text: string;
  try {
    text = await readFile(join(dir, MANIFEST_NAME), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    return err as Error;
  }
  try {
    const data: unknown = JSON.parse(text);
    return isRecord(data) ? data : new Error('not a JSON object');
  } catch (err) {
    return err as Error;
  }
}

/** What a manifest records; entries it cannot use (another shape, a name with a path) are dropped. */
export function recordedState(manifest: Record<string, unknown>): RecordedState {
  const list = (v: unknown) => (Array.isArray(v) ? (v as unknown[]) : []);
  const tool = isRecord(manifest.tool) ? str(manifest.tool.version) : undefined;
  const calibre = manifest.calibre === null ? null : str(manifest.calibre);
  return {
    tool,
    calibre,
    date: str(manifest.date),
    files: list(manifest.artifacts).flatMap((a) => recordedFile(a) ?? []),
    languages: list(manifest.languages).flatMap((l) => languageFacts(l) ?? []),
  };
}
