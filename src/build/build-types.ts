// What build() takes and what it reports: the programmatic API's types, used by the CLI, the
// manifest and the tests.
import type { Diagnostic } from '../util/diagnostics.js';
import type { Writer } from '../writers/writer.js';
import type { Shard } from './shard.js';

export interface BuildOptions {
  /** Book directory (default: the current directory). */
  book?: string;
  /** Output directory (default: `./dist`). */
  out?: string;
  /** Language codes to build (default: all). */
  languages?: string[];
  /** Build only the languages of shard `index` of `total` (a CI matrix job's share; see shard.ts); none is not an error. */
  shard?: Shard;
  /** Formats to build, `all` for every one (default: html, epub, mobi; mobi is skipped with a warning when calibre is missing). */
  formats?: string[];
  /**
   * The writers this build knows, in the order it writes them (default: WRITERS, the built-in
   * ones): `[...WRITERS, myWriter]` adds a format, for this build only.
   */
  writers?: readonly Writer[];
  /** Explicit configuration file instead of `<book>/book.json`. */
  config?: string;
  /** Path of calibre's ebook-convert. */
  ebookConvert?: string;
  /** Path of dia for `<lang>/figures-dia/*.dia` (default: $DIA, then PATH); `false`: use the shared figures. */
  dia?: string | false;
  /** Treat warnings as errors: a language with warnings fails. */
  strict?: boolean;
  /** Run epubcheck on every EPUB written; an epubcheck error fails the language. */
  validate?: boolean;
  /** With `validate`: DAISY Ace after epubcheck on every EPUB; a serious or critical violation fails the language too. */
  a11y?: boolean;
  /**
   * `--jobs`: how many ebook-convert conversions (MOBI, AZW3, PDF of any language) run at once
   * (default: the number of CPUs); languages are read and written one at a time.
   */
  concurrency?: number;
  /** Rebuild every language and reconvert every format, ignoring (and refreshing) the cache. */
  force?: boolean;
  /** The build cache's directory (default: `$PROGIT_EBOOK_CACHE/builds`, see cache/store.ts); `false`: no cache. */
  cache?: string | false;
  /** Structured progress, per language and format (the CLI draws it). */
  progress?: (event: ProgressEvent) => void;
  /** How long one ebook-convert run may take before it is ended and its format fails (default: 15 minutes). */
  timeoutSeconds?: number;
  /** How long to wait for another build writing to the same `out` (default: 30 minutes). */
  lockWaitSeconds?: number;
  /**
   * Stops the build: external tools are ended, no new work starts, staged files are removed and
   * nothing more is renamed into place; build() then rejects with BuildInterrupted.
   */
  signal?: AbortSignal;
  /** `false` (`--no-index`): write no `index.html`; the manifest is still written, kept across builds. */
  index?: boolean;
  /** Progress lines for a human (the CLI prints them to stderr). */
  log?: (level: 'info' | 'warn' | 'error', message: string) => void;
}

export interface OutputReport {
  format: string;
  path: string;
  bytes: number;
  sha256: string;
  /**
   * The work that made the file: rendering (HTML, EPUB) or converting (MOBI, AZW3, PDF), and
   * writing it; for a file from the cache, restoring it.
   */
  ms: number;
  /** How long a conversion waited for one of the `--jobs` slots before it started (0 for the others). */
  waitMs: number;
  /** Taken from the build cache rather than built. */
  cached: boolean;
}

/** A language (no `format`) or one of its formats changing state. */
export interface ProgressEvent {
  lang: string;
  format?: string;
  state: 'running' | 'queued' | 'done' | 'cached' | 'failed';
}

export interface FailureReport {
  /** Absent when the language failed before any format was written. */
  format?: string;
  message: string;
}

/** epubcheck's verdict on a written EPUB (with `validate`). */
export interface ValidationReport {
  path: string;
  errors: number;
  warnings: number;
  ms: number;
}

export interface LanguageReport {
  lang: string;
  ok: boolean;
  chapters: number;
  validation?: ValidationReport;
  outputs: OutputReport[];
  failures: FailureReport[];
  warnings: Diagnostic[];
  ms: number;
}

export interface BuildReport {
  ok: boolean;
  book: string;
  out: string;
  formats: string[];
  /** Default formats left out, and why (e.g. calibre is not installed). */
  skipped: { format: string; reason: string }[];
  /** Findings about the whole book (book.json), not one language. */
  warnings: Diagnostic[];
  languages: LanguageReport[];
  /** calibre's version, when a format needed ebook-convert and its version could be read. */
  calibre?: string;
  /** `<out>/manifest.json`, written by every build that was not interrupted. */
  manifest?: string;
  ms: number;
}
