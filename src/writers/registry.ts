// Every output format, and what follows from their `from` declarations: which formats a language
// renders in-process and which are conversions of another format's bytes.
import { azw3Writer } from './azw3.js';
import { epubWriter } from './epub.js';
import { htmlWriter } from './html.js';
import { mobiWriter } from './mobi.js';
import { pdfWriter } from './pdf.js';
import type { Writer } from './writer.js';

const writers: Writer[] = [htmlWriter, epubWriter, mobiWriter, azw3Writer, pdfWriter];

/** Every output format, in the order a build writes them. */
export const WRITERS: readonly Writer[] = writers;

export const DEFAULT_FORMATS = ['html', 'epub', 'mobi'] as const;

export function writerFor(format: string): Writer | undefined {
  return WRITERS.find((w) => w.format === format);
}

/** Adds a format (a plug-in, a test); returns the function that removes it again. */
export function registerWriter(writer: Writer): () => void {
  if (writerFor(writer.format)) throw new Error(`a writer for ${writer.format} is already registered`);
  writers.push(writer);
  return () => {
    const at = writers.indexOf(writer);
    if (at >= 0) writers.splice(at, 1);
  };
}

/** A format made from another format's bytes rather than from the document. */
export function isConversion(writer: Writer): boolean {
  return writer.from !== 'document';
}

/**
 * The formats a language renders from its document, in registry order: those asked for, and
 * those the asked-for conversions are made from (a MOBI alone still needs its EPUB).
 */
export function documentFormats(asked: readonly Writer[]): string[] {
  const needed = new Set<string>();
  const need = (format: string) => {
    const writer = writerFor(format);
    if (!writer || needed.has(format)) return;
    needed.add(format);
    if (isConversion(writer)) need(writer.from);
  };
  for (const w of asked) need(w.format);
  return WRITERS.filter((w) => !isConversion(w) && needed.has(w.format)).map((w) => w.format);
}
