// The one interface every output format implements. Adding a format means adding a file that
// exports a Writer and listing it in registry.ts: the build derives the rest from `from`.
import type { Currency } from '../sync/currency.js';
import type { ReleaseLanguage } from '../model/book.js';
import type { LanguageDocument } from '../model/document.js';
import type { Diagnostic } from '../util/diagnostics.js';
import type { FileRound } from '../util/file-bytes.js';

export type ExternalTool = 'ebook-convert' | 'chromium';

export interface WriterContext {
  doc: LanguageDocument;
  /** The bytes of another format of the same language, rendered at most once per language. */
  artifact(format: string): Promise<Uint8Array>;
  /** Absolute paths of the external tools this build found. */
  tools: Partial<Record<ExternalTool, string>>;
  /** How long one external conversion may take (BuildOptions.timeoutSeconds). */
  timeoutMs?: number;
  /** Aborted when the build is interrupted: external tools are ended. */
  signal?: AbortSignal;
  /** Findings to show the user without failing the format. */
  warn(diagnostic: Omit<Diagnostic, 'severity'>): void;
  /** The build's round of file reads (util/file-bytes.ts), for a writer that reads the book's files. */
  files?: FileRound;
  /** The languages of the release, this one among them, that an HTML page links to; none for a language built alone. */
  release?: readonly ReleaseLanguage[];
  /** How current this translation is (status/currency.ts), when the book has history; the HTML page says it. */
  currency?: Currency;
}

export interface Writer {
  /** Name used on the command line (`--format epub`). */
  format: string;
  /** Output file extension: `<out>/<name>.<lang>.<extension>`. */
  extension: string;
  /**
   * What it is made from: `document`, the language's document (rendered in-process, in the
   * language's turn to read), or another format's bytes (`epub` for MOBI and AZW3, `html` for PDF): a
   * conversion, which runs beside the next language, is cached by its input's bytes, and waits for
   * that input's validation before its file replaces the old one.
   */
  from: 'document' | (string & {});
  /** An external program this format cannot be produced without. */
  requires?: ExternalTool;
  render(ctx: WriterContext): Promise<Uint8Array>;
}
