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
}

export interface ReadResult {
  doc: LanguageDocument;
  /** The bytes of `job.formats`, when the document has chapters. */
  artifacts: Record<string, Uint8Array>;
  /** What the writers of those formats found. */
  writerWarnings: Diagnostic[];
}

export async function runReadJob(job: ReadJob): Promise<ReadResult> {
  const doc = await readLanguage(job.lang, job.dirs, job.layout.root, (first) => languageMetadata(job.layout, job.config, job.lang.code, first, job.date));
  const artifacts: Record<string, Uint8Array> = {};
  const writerWarnings: Diagnostic[] = [];
  // A language with source errors or no chapters is not written: its formats are not rendered either.
  if (job.formats?.length && doc.chapters.length && !doc.warnings.some((w) => w.severity === 'error')) {
    const ctx = writerContext({ doc, tools: {}, warn: (d) => writerWarnings.push({ severity: 'warning', ...d }) });
    for (const format of job.formats) artifacts[format] = await ctx.artifact(format);
  }
  return { doc, artifacts, writerWarnings };
}
