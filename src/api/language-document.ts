// Reading one language into its document, the step every consumer of a language shares:
// `build` (all formats) and `serve` (HTML in memory, again on every change).
import type { ResolvedConfig } from '../config/metadata.js';
import type { BookLayout, LanguageSource } from '../model/book.js';
import type { LanguageDocument } from '../model/document.js';
import type { Diagnostic } from '../util/diagnostics.js';
import { languageFigureDirs, type LanguageFigures } from './figure-dirs.js';
import { runReadJob, type ReadJob, type ReadResult } from './read-job.js';
import type { ReaderPool } from './read-pool.js';

export interface LanguageDocumentOptions {
  /** dia for `<lang>/figures-dia`; `false` or undefined: the shared figures, with a warning. */
  dia: string | false | undefined;
  /** The publication date written into the metadata. */
  date: string;
  signal?: AbortSignal;
  /** Worker threads to read in (a build of several languages); default: this thread. */
  pool?: ReaderPool;
  /** In-process formats to render right after reading (in the worker, with a pool; else in this thread). */
  formats?: string[];
  /** --strict: a language with warnings is not rendered. */
  strict?: boolean;
}

/** The language's document, every finding about it (figures first, then the sources), and the formats rendered with it. */
export async function readLanguageDocument(lang: LanguageSource, layout: BookLayout, config: ResolvedConfig, options: LanguageDocumentOptions): Promise<LanguageRead> {
  return readWithFigures(lang, layout, config, await languageFigureDirs(lang, layout, options.dia, options.signal), options);
}

export type LanguageRead = Omit<ReadResult, 'doc'> & { doc: LanguageDocument; warnings: Diagnostic[] };

/** The same, once the figures are known (build renders a language's diagrams before it takes its turn to read). */
export async function readWithFigures(lang: LanguageSource, layout: BookLayout, config: ResolvedConfig, figures: LanguageFigures, options: Omit<LanguageDocumentOptions, 'dia' | 'signal'>): Promise<LanguageRead> {
  const job: ReadJob = { lang, dirs: figures.dirs, layout, config, date: options.date, formats: options.formats, strict: options.strict };
  const result = options.pool ? await options.pool.read(job) : await runReadJob(job);
  return { ...result, warnings: [...figures.warnings, ...result.doc.warnings] };
}
