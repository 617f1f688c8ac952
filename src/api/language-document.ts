// Reading one language into its document, the step every consumer of a language shares:
// `build` (all formats) and `serve` (HTML in memory, again on every change).
import { languageMetadata, type ResolvedConfig } from '../config/metadata.js';
import { readLanguage } from '../markdown/document.js';
import type { BookLayout, LanguageSource } from '../model/book.js';
import type { LanguageDocument } from '../model/document.js';
import type { Diagnostic } from '../util/diagnostics.js';
import { languageFigureDirs } from './figure-dirs.js';

export interface LanguageDocumentOptions {
  /** dia for `<lang>/figures-dia`; `false` or undefined: the shared figures, with a warning. */
  dia: string | false | undefined;
  /** The publication date written into the metadata. */
  date: string;
  signal?: AbortSignal;
}

/** The language's document and every finding about it (figures first, then the sources). */
export async function readLanguageDocument(lang: LanguageSource, layout: BookLayout, config: ResolvedConfig, options: LanguageDocumentOptions): Promise<{ doc: LanguageDocument; warnings: Diagnostic[] }> {
  const figures = await languageFigureDirs(lang, layout, options.dia, options.signal);
  const doc = await readLanguage(lang, figures.dirs, layout.root, (first) => languageMetadata(layout, config, lang.code, first, options.date));
  return { doc, warnings: [...figures.warnings, ...doc.warnings] };
}
