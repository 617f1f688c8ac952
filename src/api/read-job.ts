// Reading one language's sources once its figures are known, and rendering the formats that need
// no external tool: plain data in, plain data out, so the same job runs in this thread or in a
// worker (read-pool.ts).
import { languageMetadata, type ResolvedConfig } from '../config/metadata.js';
import { readLanguage } from '../markdown/document.js';
import type { BookLayout, FigureDirs, LanguageSource } from '../model/book.js';
import type { LanguageDocument } from '../model/document.js';
import type { Diagnostic } from '../util/diagnostics.js';
import { writerContext } from '../writers/context.js';

export interface ReadJob {
  lang: LanguageSource;
  dirs: FigureDirs;
  layout: BookLayout;
  config: ResolvedConfig;
  /** The publication date written into the metadata. */
  date: string;
  /** In-process formats to render once read (none: the caller renders them). */
  formats?: string[];
  /** --strict: a language with warnings is not written, so not rendered either. */
  strict?: boolean;
}

export interface ReadResult {
  doc: LanguageDocument;
  /** The bytes of `job.formats`, when the language is to be written. */
  artifacts: Record<string, Uint8Array>;
  /** The formats of `job.formats` whose writer failed, with its message. */
  failed: Record<string, string>;
  /** What the writers of those formats found. */
  writerWarnings: Diagnostic[];
}

export async function runReadJob(job: ReadJob): Promise<ReadResult> {
  const doc = await readLanguage(job.lang, job.dirs, job.layout.root, (first) => languageMetadata(job.layout, job.config, job.lang.code, first, job.date));
  const artifacts: Record<string, Uint8Array> = {};
  const failed: Record<string, string> = {};
  const writerWarnings: Diagnostic[] = [];
  // What build writes nothing of (source errors, no chapters, warnings with --strict) is not rendered either.
  const written = doc.chapters.length > 0 && !doc.warnings.some((w) => w.severity === 'error') && !(job.strict && doc.warnings.length > 0);
  if (job.formats?.length && written) {
    const ctx = writerContext({ doc, tools: {}, warn: (d) => writerWarnings.push({ severity: 'warning', ...d }) });
    // Side by side, the EPUB started first: its chapters deflate on the thread pool while the
    // HTML renders in this thread. Each format fails on its own, as it does when build renders it.
    const order = [...job.formats].sort((a, b) => Number(b === 'epub') - Number(a === 'epub'));
    await Promise.all(
      order.map(async (format) => {
        try {
          artifacts[format] = await ctx.artifact(format);
        } catch (err) {
          failed[format] = err instanceof Error ? err.message : String(err);
        }
      }),
    );
  }
  return { doc, artifacts, failed, writerWarnings };
}
