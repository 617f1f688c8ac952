// build(): discover -> read each language once -> every writer -> atomic files -> report.
import { createHash } from 'node:crypto';
import { basename, join, relative, resolve } from 'node:path';
import { buildDate, languageMetadata, resolveConfig } from '../config/metadata.js';
import { discoverBook, languageFiguresDir } from '../layout/discover.js';
import type { LanguageSource } from '../model/book.js';
import { readLanguage } from '../markdown/document.js';
import { EBOOK_CONVERT_INSTALL_HINTS, findEbookConvert } from '../tools/calibre.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { UserError, formatDiagnostic, type Diagnostic } from '../util/diagnostics.js';
import { mapLimit } from '../util/concurrency.js';
import { DEFAULT_FORMATS, WRITERS, writerFor } from '../writers/registry.js';
import type { ExternalTool, Writer, WriterContext } from '../writers/writer.js';

export interface BuildOptions {
  /** Book directory (default: the current directory). */
  book?: string;
  /** Output directory (default: `./dist`). */
  out?: string;
  /** Language codes to build (default: all). */
  languages?: string[];
  /** Formats to build (default: html, epub, mobi; mobi is skipped with a warning when calibre is missing). */
  formats?: string[];
  /** Explicit configuration file instead of `<book>/book.json`. */
  config?: string;
  /** Path of calibre's ebook-convert. */
  ebookConvert?: string;
  /** Treat warnings as errors: a language with warnings fails. */
  strict?: boolean;
  /** How many languages to build at once (default: 2). */
  concurrency?: number;
  /** Progress lines for a human (the CLI prints them to stderr). */
  log?: (level: 'info' | 'warn' | 'error', message: string) => void;
}

export interface OutputReport {
  format: string;
  path: string;
  bytes: number;
  sha256: string;
  ms: number;
}

export interface FailureReport {
  /** Absent when the language failed before any format was written. */
  format?: string;
  message: string;
}

export interface LanguageReport {
  lang: string;
  ok: boolean;
  chapters: number;
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
  languages: LanguageReport[];
  ms: number;
}

function selectLanguages(all: LanguageSource[], wanted: string[] | undefined, root: string): LanguageSource[] {
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

function selectWriters(formats: string[] | undefined): { writers: Writer[]; explicit: boolean } {
  const names = formats && formats.length ? [...new Set(formats)] : [...DEFAULT_FORMATS];
  const unknown = names.filter((f) => !writerFor(f));
  if (unknown.length) {
    throw new UserError({ message: `unknown format${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}; available: ${WRITERS.map((w) => w.format).join(', ')}`, rule: 'usage' }, 2);
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

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Builds the requested languages and formats. Throws UserError only for problems that stop everything. */
export async function build(options: BuildOptions = {}): Promise<BuildReport> {
  const started = performance.now();
  const log = options.log ?? (() => {});
  const bookDir = resolve(options.book ?? '.');
  const outDir = resolve(options.out ?? 'dist');
  const outInsideBook = relative(bookDir, outDir);
  const exclude = outInsideBook && !outInsideBook.startsWith('..') ? [outInsideBook.split(/[\\/]/)[0]!] : [];

  const layout = await discoverBook(bookDir, { exclude });
  const languages = selectLanguages(layout.languages, options.languages, bookDir);
  const selected = selectWriters(options.formats);
  const config = await resolveConfig(layout, options.config);
  const skipped: BuildReport['skipped'] = [];
  const { writers, tools } = locateTools(selected.writers, selected.explicit, options, skipped);
  for (const s of skipped) log('warn', `warning: skipping ${s.format}: ${s.reason}`);
  const date = buildDate();

  const buildLanguage = async (lang: LanguageSource): Promise<LanguageReport> => {
    const t0 = performance.now();
    const report: LanguageReport = { lang: lang.code, ok: true, chapters: 0, outputs: [], failures: [], warnings: [], ms: 0 };
    const fail = (message: string, format?: string) => {
      report.ok = false;
      report.failures.push({ format, message });
      log('error', `${lang.code}${format ? ` ${format}` : ''}: ${message}`);
    };
    try {
      const figureDirs = { language: await languageFiguresDir(lang), shared: layout.sharedFigures };
      const doc = await readLanguage(lang, figureDirs, layout.root, (first) => languageMetadata(layout, config, lang.code, first, date));
      report.chapters = doc.chapters.length;
      report.warnings.push(...doc.warnings);
      for (const w of doc.warnings) log('warn', formatDiagnostic(w));
      if (doc.chapters.length === 0) throw new UserError({ file: lang.dir, message: 'the language has chapter files but no content' });
      if (options.strict && doc.warnings.length) {
        fail(`${doc.warnings.length} warning${doc.warnings.length > 1 ? 's' : ''} with --strict: nothing written for this language`);
        return report;
      }
      const rendered = new Map<string, Promise<Uint8Array>>();
      const ctx: WriterContext = {
        doc,
        tools,
        artifact: (format) => {
          const writer = writerFor(format);
          if (!writer) return Promise.reject(new Error(`no writer for ${format}`));
          let bytes = rendered.get(format);
          if (!bytes) rendered.set(format, (bytes = writer.render(ctx)));
          return bytes;
        },
        warn: (d) => {
          const full: Diagnostic = { severity: 'warning', ...d };
          report.warnings.push(full);
          log('warn', formatDiagnostic(full));
        },
      };
      for (const writer of writers) {
        const t1 = performance.now();
        try {
          const bytes = await ctx.artifact(writer.format);
          const path = join(outDir, `${doc.meta.name}.${lang.code}.${writer.extension}`);
          await writeFileAtomic(path, bytes);
          const output: OutputReport = {
            format: writer.format,
            path,
            bytes: bytes.byteLength,
            sha256: createHash('sha256').update(bytes).digest('hex'),
            ms: Math.round(performance.now() - t1),
          };
          report.outputs.push(output);
          log('info', `${lang.code} ${writer.format}: ${relative(process.cwd(), path) || basename(path)} (${output.bytes} bytes, ${output.ms} ms)`);
        } catch (err) {
          fail(errorMessage(err), writer.format);
        }
      }
    } catch (err) {
      fail(errorMessage(err));
    } finally {
      report.ms = Math.round(performance.now() - t0);
    }
    return report;
  };

  const reports = await mapLimit(languages, Math.max(1, options.concurrency ?? 2), buildLanguage);
  return {
    ok: reports.every((r) => r.ok),
    book: bookDir,
    out: outDir,
    formats: writers.map((w) => w.format),
    skipped,
    languages: reports,
    ms: Math.round(performance.now() - started),
  };
}
