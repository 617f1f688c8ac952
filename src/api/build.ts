// build(): discover -> read each language once -> every writer -> atomic files -> report.
import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { basename, join, relative, resolve } from 'node:path';
import { sourceDate } from '../config/build-date.js';
import { resolveConfig } from '../config/metadata.js';
import { discoverBook, languageDiagramsDir, languageFiguresDir } from '../layout/discover.js';
import { calibreIdentity, conversionKey, languageKey, toolVersion, type BuildInputs } from '../cache/keys.js';
import { imagesUnchanged, isLanguageEntry, restoreArtifacts, type LanguageEntry } from '../cache/language-entry.js';
import { isConversionEntry, type ConversionEntry } from '../cache/shapes.js';
import { BuildCache, sha256 } from '../cache/store.js';
import { manifestOf, writeManifest } from './manifest.js';
import type { LanguageSource } from '../model/book.js';
import type { LanguageDocument } from '../model/document.js';
import { EBOOK_CONVERT_INSTALL_HINTS, findEbookConvert } from '../tools/calibre.js';
import { findDia } from '../tools/dia.js';
import { EPUBCHECK_INSTALL_HINTS, findEpubcheck, type EpubcheckCommand } from '../tools/epubcheck.js';
import { EpubcheckPool } from '../tools/epubcheck-server.js';
import { languageFigureDirs } from './figure-dirs.js';
import { readWithFigures } from './language-document.js';
import { ReaderPool } from './read-pool.js';
import { emptyShardNote, languagesOfShard, type Shard } from './shard.js';
import { stageFile, type StagedFile } from '../util/atomic-write.js';
import { BuildInterrupted } from '../util/cancellation.js';
import { acquireOutputLock } from '../util/output-lock.js';
import { UserError, formatDiagnostic, type Diagnostic } from '../util/diagnostics.js';
import { limiter, mapLimit, semaphore } from '../util/concurrency.js';
import { fileRound } from '../util/file-bytes.js';
import { insideAny } from '../util/paths.js';
import { DEFAULT_FORMATS, WRITERS, writerFor } from '../writers/registry.js';
import { writerContext } from '../writers/context.js';
import type { ExternalTool, Writer } from '../writers/writer.js';
import { readBookFile } from '../util/book-file.js';

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
  /**
   * `--jobs`: how many ebook-convert conversions (MOBI, AZW3, PDF of any language) run at once
   * (default: the number of CPUs); languages are read and written one at a time (see readerThreads).
   */
  concurrency?: number;
  /**
   * Worker threads that read languages and render their HTML and EPUB while this thread writes the
   * files; 0 reads in this thread. Default: none on machines with 2 CPUs or fewer (measured there
   * they gained 10% at best, for 25-80% more memory), else up to `concurrency` (at most 4).
   */
  readerThreads?: number;
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
  /** Progress lines for a human (the CLI prints them to stderr). */
  log?: (level: 'info' | 'warn' | 'error', message: string) => void;
}

export interface OutputReport {
  format: string;
  path: string;
  bytes: number;
  sha256: string;
  ms: number;
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

export function selectLanguages(all: LanguageSource[], wanted: string[] | undefined, root: string): LanguageSource[] {
  if (all.length === 0) {
    throw new UserError({ file: root, message: 'no languages found: a language is a directory such as en/ holding chapter directories like 01-introduction/ with .markdown or .md files' }, 1);
  }
  if (!wanted || wanted.length === 0) return all;
  const unknown = wanted.filter((w) => !all.some((l) => l.code === w));
  if (unknown.length) {
    throw new UserError({ message: `unknown language${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}; available: ${all.map((l) => l.code).join(', ')}`, rule: 'usage' }, 2);
  }
  return all.filter((l) => wanted.includes(l.code));
}

export function selectWriters(formats: string[] | undefined): { writers: Writer[]; explicit: boolean } {
  // `all` stands for every registered format.
  const names = formats && formats.length ? [...new Set(formats.flatMap((f) => (f === 'all' ? WRITERS.map((w) => w.format) : [f])))] : [...DEFAULT_FORMATS];
  const unknown = names.filter((f) => !writerFor(f));
  if (unknown.length) {
    throw new UserError({ message: `unknown format${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}; available: ${WRITERS.map((w) => w.format).join(', ')}, all`, rule: 'usage' }, 2);
  }
  return { writers: WRITERS.filter((w) => names.includes(w.format)), explicit: Boolean(formats && formats.length) };
}

function locateTools(writers: Writer[], explicit: boolean, options: BuildOptions, skipped: BuildReport['skipped']): { writers: Writer[]; tools: Partial<Record<ExternalTool, string>> } {
  const tools: Partial<Record<ExternalTool, string>> = {};
  const needed = new Set(writers.map((w) => w.requires).filter((t): t is ExternalTool => Boolean(t)));
  if (needed.has('ebook-convert')) {
    const found = findEbookConvert(options.ebookConvert);
    if (found) tools['ebook-convert'] = found;
  }
  const usable = writers.filter((w) => {
    if (!w.requires || tools[w.requires]) return true;
    if (explicit) {
      throw new UserError({ message: `${w.format} needs ${w.requires}, which was not found\n${EBOOK_CONVERT_INSTALL_HINTS}`, rule: 'tool-missing' }, 1);
    }
    skipped.push({ format: w.format, reason: `${w.requires} not found (install calibre to build ${w.format})` });
    return false;
  });
  return { writers: usable, tools };
}

/** Renames a language's staged files into place once its EPUB passed epubcheck, else removes them. */
async function settleStaged(staged: StagedFile[], validation: Promise<boolean> | undefined, report: LanguageReport, signal?: AbortSignal): Promise<void> {
  const passed = (validation ? await validation : false) && !signal?.aborted;
  if (passed) {
    for (const file of staged) {
      try {
        await file.commit();
      } catch (err) {
        report.ok = false;
        report.failures.push({ message: errorMessage(err) });
      }
    }
    return;
  }
  await Promise.all(staged.map((f) => f.discard()));
  const kept = new Set(staged.map((f) => f.path));
  report.outputs = report.outputs.filter((o) => !kept.has(o.path));
}

function requireEpubcheck(writers: Writer[]): EpubcheckCommand {
  if (!writers.some((w) => w.format === 'epub')) {
    throw new UserError({ message: '--validate checks the EPUBs a build writes: add epub to --format', rule: 'usage' }, 2);
  }
  const command = findEpubcheck();
  if (!command) throw new UserError({ message: `--validate needs epubcheck, which was not found\n${EPUBCHECK_INSTALL_HINTS}`, rule: 'tool-missing' }, 1);
  return command;
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Builds the requested languages and formats. Throws UserError only for problems that stop
 * everything, and BuildInterrupted when `options.signal` was aborted (whatever else went wrong then).
 */
export async function build(options: BuildOptions = {}): Promise<BuildReport> {
  let report: BuildReport | undefined;
  const endRound = fileRound();
  try {
    report = await runBuild(options);
  } catch (err) {
    if (!options.signal?.aborted) throw err;
  } finally {
    endRound();
  }
  if (options.signal?.aborted || !report) throw new BuildInterrupted(options.signal?.reason);
  return report;
}

const MAX_TIMER_MS = 2 ** 31 - 1;

/** epubcheck names the staged file, relative or absolute as it likes (`./out/.book.en.epub.42.x.tmp.epub/OEBPS/ch01.xhtml`): the user knows the final one. */
function finalPath(file: string, staged: StagedFile): string {
  const name = basename(staged.tmp);
  const at = file.indexOf(name);
  return at < 0 ? file : staged.path + file.slice(at + name.length);
}

function timeoutMs(seconds: number | undefined): number | undefined {
  if (seconds === undefined) return undefined;
  if (!(seconds > 0)) throw new UserError({ message: `timeout must be a positive number of seconds, not ${seconds}`, rule: 'usage' }, 2);
  // Node's timers hold 2^31 - 1 ms: a longer one fires at once (every conversion "timed out").
  if (seconds * 1000 > MAX_TIMER_MS) throw new UserError({ message: `timeout must be at most ${Math.floor(MAX_TIMER_MS / 1000)} seconds (24 days), not ${seconds}`, rule: 'usage' }, 2);
  return seconds * 1000;
}

async function runBuild(options: BuildOptions): Promise<BuildReport> {
  const started = performance.now();
  const log = options.log ?? (() => {});
  const bookDir = resolve(options.book ?? '.');
  const outDir = resolve(options.out ?? 'dist');

  // Only the output directory itself: `--out book/en/dist` leaves en a language.
  const layout = await discoverBook(bookDir, { exclude: [outDir] });
  const wanted = selectLanguages(layout.languages, options.languages, bookDir);
  const languages = options.shard ? languagesOfShard(wanted, options.shard) : wanted;
  // Shown even with --quiet/--json: a CI job that uploads nothing should say why.
  if (options.shard && languages.length === 0) log('error', emptyShardNote(wanted, options.shard));
  const selected = selectWriters(options.formats);
  const config = await resolveConfig(layout, options.config);
  for (const w of config.warnings) log('warn', formatDiagnostic(w));
  const skipped: BuildReport['skipped'] = [];
  const { writers, tools } = locateTools(selected.writers, selected.explicit, options, skipped);
  for (const s of skipped) log('warn', `warning: skipping ${s.format}: ${s.reason}`);
  // From SOURCE_DATE_EPOCH, the last commit or the newest source: never the clock (reproducible
  // bytes). Started here, so that git runs while the cache is opened and the tool's code hashed;
  // the catch only keeps a usage error thrown before it is awaited from leaving it unhandled.
  const sourceDated = sourceDate(layout);
  sourceDated.catch(() => {});
  const dia = options.dia === false ? false : (options.dia ?? findDia());
  const jobs = options.concurrency ?? availableParallelism();
  if (!Number.isInteger(jobs) || jobs < 1) throw new UserError({ message: `jobs must be a whole number of at least 1, not ${jobs}`, rule: 'usage' }, 2);
  const convertTimeoutMs = timeoutMs(options.timeoutSeconds);
  const { signal } = options;
  const progress = options.progress ?? (() => {});
  const wantedThreads = options.readerThreads ?? (availableParallelism() > 2 ? Math.min(jobs, 4) : 0);
  if (!Number.isInteger(wantedThreads) || wantedThreads < 0) throw new UserError({ message: `reader threads must be a whole number, not ${options.readerThreads}`, rule: 'usage' }, 2);
  // One thread beside this idle one gains nothing; nor do threads for a single language.
  const threads = wantedThreads >= 2 && languages.length > 1 ? Math.min(wantedThreads, languages.length) : 0;
  // Two languages at a time (more with reader threads), so that one waiting for dia does not hold
  // up the others; but only as many read and write at once as there are threads to do it (one in
  // this thread: a second one held 115 MiB more for 4% on Pro Git's five languages). Conversions
  // and epubcheck hold neither.
  const languageSlots = Math.max(threads + 1, Math.min(jobs, 2));
  const renderGate = semaphore(threads || 1);
  const convertSlot = limiter(jobs);
  const epubcheckCommand = options.validate ? requireEpubcheck(writers) : undefined;
  const [date, cache, tool, calibre] = await Promise.all([
    sourceDated.then((d) => d.iso),
    options.cache === false ? undefined : BuildCache.open(options.cache),
    toolVersion(),
    tools['ebook-convert'] ? calibreIdentity(tools['ebook-convert']) : undefined,
  ]);
  // Validation does not hold a language's slot: the next language starts while epubcheck runs.
  const epubcheck = epubcheckCommand ? new EpubcheckPool(epubcheckCommand, Math.max(1, Math.floor(jobs / 2)), signal) : undefined;
  const inputs: BuildInputs = { layout, config, date, dia, strict: Boolean(options.strict), validate: Boolean(options.validate), calibre: calibre?.id };
  // Several languages are read in worker threads, while this thread writes the ones already read.
  const readers = threads > 0 ? new ReaderPool(threads, signal) : undefined;
  // The in-process formats, and the EPUB the conversions start from, are rendered by the reader.
  const inReader = WRITERS.filter((w) => !w.requires && (writers.includes(w) || (w.format === 'epub' && writers.some((x) => x.requires)))).map((w) => w.format);
  /** What each language still has running (conversions, epubcheck) after its slot is given up. */
  const finishing: Promise<void>[] = [];
  /** Cache entries being written: the report does not wait for them, the cache's size count does. */
  const remembering: Promise<void>[] = [];

  /** A language whose inputs are unchanged, from the cache: not read, not rendered, not converted. */
  const restoreLanguage = async (lang: LanguageSource, report: LanguageReport, entry: LanguageEntry): Promise<boolean> => {
    if (!cache || !(await imagesUnchanged(entry))) return false;
    const restored = await restoreArtifacts(cache, entry, writers.map((w) => w.format), outDir, signal);
    if (!restored) return false;
    report.chapters = entry.chapters;
    for (const w of entry.warnings) {
      report.warnings.push(w);
      log('warn', formatDiagnostic(w));
    }
    if (entry.validation) report.validation = { path: restored.find((r) => r.format === 'epub')?.path ?? '', ...entry.validation };
    for (const r of restored) {
      report.outputs.push({ format: r.format, path: r.path, bytes: r.bytes, sha256: r.sha256, ms: r.ms, cached: true });
      progress({ lang: lang.code, format: r.format, state: 'cached' });
      log('info', `${lang.code} ${r.format}: ${relative(process.cwd(), r.path) || basename(r.path)} (${r.bytes} bytes, cached)`);
    }
    return true;
  };

  const buildLanguage = async (lang: LanguageSource): Promise<LanguageReport> => {
    const t0 = performance.now();
    const report: LanguageReport = { lang: lang.code, ok: true, chapters: 0, outputs: [], failures: [], warnings: [], ms: 0 };
    if (signal?.aborted) return report;
    progress({ lang: lang.code, state: 'running' });
    const fail = (message: string, format?: string) => {
      report.ok = false;
      report.failures.push({ format, message });
      progress({ lang: lang.code, format, state: 'failed' });
      // After an interruption, the tools ended by it are not worth an error line each.
      if (!signal?.aborted) log('error', `${lang.code}${format ? ` ${format}` : ''}: ${message}`);
    };
    const done = () => {
      report.ms = Math.round(performance.now() - t0);
      if (report.ok) progress({ lang: lang.code, state: 'done' });
    };
    /** True when the language has an error: it fails and nothing of it is written. */
    const refuseErrors = (): boolean => {
      const errors = report.warnings.filter((w) => w.severity === 'error').length;
      if (errors) fail(`${errors} error${errors > 1 ? 's' : ''} in the sources: nothing written for this language`);
      return errors > 0;
    };
    let key: string | undefined;
    let previous: LanguageEntry | undefined;
    let releaseRender = () => {};
    try {
      // Asked before the cache, which knows nothing of what discovery could not read.
      for (const problem of lang.problems) {
        report.warnings.push(problem);
        log('warn', formatDiagnostic(problem));
      }
      if (refuseErrors()) {
        done();
        return report;
      }
      if (cache) {
        // A file that cannot be read is the reader's to report, at its path: this language is then just not cached.
        key = await languageKey(lang, inputs).catch(() => undefined);
        previous = key ? await cache.getEntry('lang', key, isLanguageEntry) : undefined;
        if (previous && !options.force && (await restoreLanguage(lang, report, previous))) {
          done();
          return report;
        }
      }
      const figures = await languageFigureDirs(lang, layout, dia, signal);
      releaseRender = await renderGate();
      if (signal?.aborted) throw new BuildInterrupted(signal.reason);
      const { doc, warnings, artifacts, failed, writerWarnings } = await readWithFigures(lang, layout, config, figures, { date, pool: readers, formats: inReader, strict: options.strict });
      report.chapters = doc.chapters.length;
      for (const w of warnings) {
        report.warnings.push(w);
        log('warn', formatDiagnostic(w));
      }
      if (doc.chapters.length === 0) throw new UserError({ file: lang.dir, message: 'the language has chapter files but no content' });
      if (refuseErrors()) {
        done();
        return report;
      }
      if (options.strict && report.warnings.length) {
        fail(`${report.warnings.length} warning${report.warnings.length > 1 ? 's' : ''} with --strict: nothing written for this language`);
        done();
        return report;
      }
      // What the reader thread already rendered (or failed to) is reused; anything else renders here, once.
      const rendered = new Map(Object.entries(artifacts).map(([format, bytes]) => [format, Promise.resolve(bytes)]));
      for (const [format, message] of Object.entries(failed)) {
        const failure = Promise.reject(new Error(message));
        failure.catch(() => {});
        rendered.set(format, failure);
      }
      const ctx = writerContext(
        {
          doc,
          tools,
          timeoutMs: convertTimeoutMs,
          signal,
          warn: (d) => {
            const full: Diagnostic = { severity: 'warning', ...d };
            report.warnings.push(full);
            log('warn', formatDiagnostic(full));
          },
        },
        rendered,
      );
      for (const w of writerWarnings) ctx.warn(w);
      /** True when the EPUB has no epubcheck error. Findings name the final path, not the staged file. */
      const validate = async (pool: EpubcheckPool, staged: StagedFile): Promise<boolean> => {
        const t2 = performance.now();
        try {
          const result = await pool.check(staged.tmp);
          report.validation = { path: staged.path, errors: result.fatals + result.errors, warnings: result.warnings, ms: Math.round(performance.now() - t2) };
          for (const raw of result.messages) {
            const finding = { ...raw, file: raw.file && finalPath(raw.file, staged) };
            if (finding.severity === 'warning') ctx.warn(finding);
            else log('error', formatDiagnostic(finding));
          }
          if (report.validation.errors === 0) {
            log('info', `${lang.code} epub: epubcheck: ${result.warnings} warning${result.warnings === 1 ? '' : 's'}, no errors (${report.validation.ms} ms)`);
            return true;
          }
          fail(`epubcheck found ${report.validation.errors} error${report.validation.errors > 1 ? 's' : ''} in ${basename(staged.path)}; this language's files were not replaced`, 'epub');
        } catch (err) {
          fail(`epubcheck: ${errorMessage(err)}; this language's files were not replaced`, 'epub');
        }
        return false;
      };
      /**
       * A MOBI, AZW3 or PDF: from the cache when calibre already converted these EPUB bytes with
       * this metadata, else converted in one of the `jobs` conversion slots.
       */
      const convert = async (writer: Writer): Promise<{ bytes: Uint8Array; cached: boolean }> => {
        const epub = await ctx.artifact('epub');
        const convKey = cache && calibre ? conversionKey(sha256(epub), writer.format, calibre, doc.meta, tool.code) : undefined;
        if (cache && convKey && !options.force) {
          const hit = await cache.getEntry('convert', convKey, isConversionEntry);
          const bytes = hit && (await cache.getBlob(hit.sha256));
          if (hit && bytes) {
            for (const w of hit.warnings) ctx.warn(w);
            return { bytes, cached: true };
          }
        }
        progress({ lang: lang.code, format: writer.format, state: 'queued' });
        const own: Diagnostic[] = [];
        const bytes = await convertSlot(async () => {
          if (signal?.aborted) throw new BuildInterrupted(signal.reason);
          progress({ lang: lang.code, format: writer.format, state: 'running' });
          return writer.render({ ...ctx, warn: (d) => (own.push({ severity: 'warning', ...d }), ctx.warn(d)) });
        });
        if (cache && convKey && !signal?.aborted) {
          await cache.putBlob(bytes).then((hash) => cache.putEntry('convert', convKey, { sha256: hash, warnings: own } satisfies ConversionEntry)).catch(() => {});
        }
        return { bytes, cached: false };
      };
      // With --validate a language's files stay staged until its EPUB passes: a failing build never
      // replaces the previous good files (the MOBI, AZW3 and PDF are made from that EPUB).
      const staged: StagedFile[] = [];
      let validation: Promise<boolean> | undefined;
      const produce = async (writer: Writer): Promise<void> => {
        if (signal?.aborted) return;
        const t1 = performance.now();
        try {
          if (!writer.requires) progress({ lang: lang.code, format: writer.format, state: 'running' });
          const { bytes, cached } = writer.requires ? await convert(writer) : { bytes: await ctx.artifact(writer.format), cached: false };
          const path = join(outDir, `${doc.meta.name}.${lang.code}.${writer.extension}`);
          const file = await stageFile(path, bytes, signal);
          if (signal?.aborted) {
            await file.discard();
            return;
          }
          if (epubcheck) staged.push(file);
          else await file.commit();
          const output: OutputReport = { format: writer.format, path, bytes: bytes.byteLength, sha256: sha256(bytes), ms: Math.round(performance.now() - t1), cached };
          if (cache) await cache.putBlob(bytes, output.sha256).catch(() => {});
          report.outputs.push(output);
          progress({ lang: lang.code, format: writer.format, state: cached ? 'cached' : 'done' });
          log('info', `${lang.code} ${writer.format}: ${relative(process.cwd(), path) || basename(path)} (${output.bytes} bytes, ${cached ? 'cached' : `${output.ms} ms`})`);
          // epubcheck runs while the other formats are converted.
          if (epubcheck && writer.format === 'epub') validation = validate(epubcheck, file);
        } catch (err) {
          fail(errorMessage(err), writer.format);
        }
      };
      // Rendered by the reader holding the gate, written after giving it up: the next language is
      // read while these bytes go to disk.
      releaseRender();
      for (const writer of writers.filter((w) => !w.requires)) await produce(writer);
      // Conversions do not hold the language's slot: the next language is read while calibre runs.
      const conversions = Promise.all(writers.filter((w) => w.requires).map(produce));
      finishing.push(
        (async () => {
          await conversions;
          if (epubcheck) await settleStaged(staged, validation, report, signal);
          const order = (format: string) => writers.findIndex((w) => w.format === format);
          report.outputs.sort((a, b) => order(a.format) - order(b.format));
          done();
          // The cache is an optimisation: failing to write it (a full disk) never fails the build.
          if (cache && key && report.ok && !signal?.aborted) remembering.push(rememberLanguage(cache, key, previous, lang, report, doc).catch(() => {}));
        })(),
      );
      return report;
    } catch (err) {
      fail(errorMessage(err));
    } finally {
      releaseRender();
    }
    done();
    return report;
  };

  /**
   * The language's entry, with the images its key does not cover: those a chapter embeds from
   * elsewhere in the book, and every one looked for and missing. The missing ones are not narrowed
   * to those outside the hashed directories: a file appearing there as a symbolic link does not
   * change the key (its tree hash counts regular files), and checking that a path is still absent
   * costs one stat.
   */
  const rememberLanguage = async (cache: BuildCache, key: string, previous: LanguageEntry | undefined, lang: LanguageSource, report: LanguageReport, doc: Pick<LanguageDocument, 'assets' | 'missing'>) => {
    const covered = [await languageFiguresDir(lang), await languageDiagramsDir(lang), layout.sharedFigures, cache.dir].filter((d): d is string => Boolean(d));
    const isCovered = insideAny(covered);
    const outside = [...doc.assets.values()].map((a) => a.path).filter((p) => !isCovered(p));
    const entry: LanguageEntry = {
      lang: lang.code,
      chapters: report.chapters,
      warnings: report.warnings,
      validation: report.validation && { errors: report.validation.errors, warnings: report.validation.warnings, ms: report.validation.ms },
      // Same key, same inputs: what an earlier build of other formats left is still right.
      artifacts: { ...previous?.artifacts, ...Object.fromEntries(report.outputs.map((o) => [o.format, { file: basename(o.path), sha256: o.sha256, bytes: o.bytes }])) },
      assets: await Promise.all(outside.map(async (path) => ({ path, sha256: sha256(await readBookFile(path)) }))),
      missing: doc.missing,
    };
    await cache.putEntry('lang', key, entry);
  };

  const lock = await acquireOutputLock(outDir, {
    signal,
    waitMs: options.lockWaitSeconds !== undefined ? options.lockWaitSeconds * 1000 : undefined,
    onWait: (pid, path) => log('warn', `waiting for the build with pid ${pid} to finish (it holds ${path})`),
  });
  let result: BuildReport;
  try {
    // With reader threads, the largest languages start first, so that no big one runs alone at the end.
    const order = readers ? await largestFirst(languages) : languages;
    const reports = (await mapLimit(order, languageSlots, buildLanguage)).sort((a, b) => languages.findIndex((l) => l.code === a.lang) - languages.findIndex((l) => l.code === b.lang));
    await Promise.all(finishing);
    result = {
      ok: reports.every((r) => r.ok),
      book: bookDir,
      out: outDir,
      formats: writers.map((w) => w.format),
      skipped,
      warnings: config.warnings,
      languages: reports,
      calibre: calibre?.version,
      ms: Math.round(performance.now() - started),
    };
    if (!signal?.aborted) {
      result.manifest = await writeManifest(outDir, manifestOf(result, { tool: tool.version, calibre: calibre?.version }));
      await Promise.all(remembering);
      await cache?.prune(cacheLimitBytes()).catch(() => {});
    }
  } finally {
    readers?.close();
    epubcheck?.close();
    // Nothing of this build is still writing once it returns, interrupted or not.
    await Promise.all(remembering);
    await lock.release();
  }
  return result;
}

async function largestFirst(languages: LanguageSource[]): Promise<LanguageSource[]> {
  const sizes = await Promise.all(languages.map(async (lang) => (await Promise.all(lang.chapters.flatMap((c) => c.files).map((f) => stat(f).then((s) => s.size, () => 0)))).reduce((a, b) => a + b, 0)));
  return languages.map((lang, i) => ({ lang, size: sizes[i]! })).sort((a, b) => b.size - a.size).map((x) => x.lang);
}

/** `PROGIT_EBOOK_CACHE_MAX_MB` (default 2048): the build cache is trimmed to this after each build. */
function cacheLimitBytes(env: NodeJS.ProcessEnv = process.env): number {
  const mb = Number(env.PROGIT_EBOOK_CACHE_MAX_MB);
  return (mb > 0 ? mb : 2048) * 1024 * 1024;
}
