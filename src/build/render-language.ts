// The one path from a language's sources to its document and in-process formats, shared by
// `build` (every format), `serve` (HTML, again on every change) and `check` (no format, rules on
// the tokens): figures, then the reader, then the formats that need no external tool.
import { languageMetadata, type ResolvedConfig } from '../config/metadata.js';
import { readLanguage, type ReadOptions } from '../markdown/document.js';
import type { BookLayout, LanguageSource, ReleaseLanguage } from '../model/book.js';
import type { LanguageDocument } from '../model/document.js';
import { formatDiagnostic, type Diagnostic } from '../util/diagnostics.js';
import type { FileRound } from '../util/file-bytes.js';
import { writerContext } from '../writers/context.js';
import type { Writer } from '../writers/writer.js';
import type { LanguageFigures } from './figure-dirs.js';
import type { Currency } from '../sync/currency.js';

export interface RenderRequest {
  lang: LanguageSource;
  layout: BookLayout;
  config: ResolvedConfig;
  /** Where the figures come from (figure-dirs.ts), with what finding them found. */
  figures: LanguageFigures;
  /** The publication date written into the metadata. */
  date?: string;
  /** In-process formats to render once read, when the language is to be written. */
  formats?: readonly string[];
  /** The writers those formats are looked up in (default: the built-in ones). */
  writers?: readonly Writer[];
  /** A build's round of file reads (util/file-bytes.ts); without one, every figure is checked as it is read. */
  files?: FileRound;
  /** The release's languages an HTML page links to (WriterContext.release). */
  release?: readonly ReleaseLanguage[];
  /** How current the translation is (WriterContext.currency). */
  currency?: Currency;
  /** --strict: a language with warnings is not written, so not rendered either. */
  strict?: boolean;
  /** For `check`: findings instead of the first error, and a look at every token. */
  read?: ReadOptions;
}

export interface RenderedLanguage {
  doc: LanguageDocument;
  /** The figures' findings, then the sources' (discovery's, `lang.problems`, are the caller's to show). */
  warnings: Diagnostic[];
  /** Why nothing of the language may be written; undefined when it may. */
  refused?: string;
  /** Each requested format's bytes, or its writer's failure (already caught: await it to see it). */
  artifacts: Map<string, Promise<Uint8Array>>;
  /** What the writers of those formats found. */
  writerWarnings: Diagnostic[];
  /**
   * For each format rendered, the ms from the start of its rendering until its bytes were ready.
   * The formats render side by side, so their times overlap.
   */
  renderMs: ReadonlyMap<string, number>;
}

/**
 * The one rule for "is this language written?": not with an error among its findings, not without
 * content, not with any finding under --strict. Returns the reason it is not.
 */
export function refusal(lang: LanguageSource, chapters: number | undefined, findings: readonly Diagnostic[], strict?: boolean): string | undefined {
  const errors = findings.filter((w) => w.severity === 'error').length;
  if (errors) return `${errors} error${errors > 1 ? 's' : ''} in the sources: nothing written for this language`;
  if (chapters === 0) return formatDiagnostic({ severity: 'error', file: lang.dir, message: 'the language has chapter files but no content' });
  if (strict && findings.length) return `${findings.length} warning${findings.length > 1 ? 's' : ''} with --strict: nothing written for this language`;
  return undefined;
}

export async function renderLanguage(request: RenderRequest): Promise<RenderedLanguage> {
  const { lang, layout, config, figures } = request;
  const doc = await readLanguage(lang, figures.dirs, layout.root, (first) => languageMetadata(layout, config, lang.code, first, request.date), request.read);
  const warnings = [...figures.warnings, ...doc.warnings];
  const refused = refusal(lang, doc.chapters.length, [...lang.problems, ...warnings], request.strict);
  const artifacts = new Map<string, Promise<Uint8Array>>();
  const writerWarnings: Diagnostic[] = [];
  const renderMs = new Map<string, number>();
  if (!refused && request.formats?.length) {
    const ctx = writerContext(
      {
        doc,
        tools: {},
        files: request.files,
        release: request.release,
        currency: request.currency,
        warn: (d) => writerWarnings.push({ severity: 'warning', ...d }),
      },
      artifacts,
      request.writers,
    );
    // Side by side, the EPUB started first: its text deflates while the HTML renders. Each format
    // fails on its own (a failed one has no time: its writer's failure is the caller's to report).
    const order = [...request.formats].sort((a, b) => Number(b === 'epub') - Number(a === 'epub'));
    for (const format of order) {
      const start = performance.now();
      ctx.artifact(format).then(
        () => renderMs.set(format, performance.now() - start),
        () => {},
      );
    }
    await Promise.allSettled(order.map((format) => artifacts.get(format)));
  }
  return { doc, warnings, refused, artifacts, writerWarnings, renderMs };
}
