// The built-in output formats, and what follows from a set of writers' `from` declarations: which
// formats a language renders in-process and which are conversions of another format's bytes. A
// build knows the writers it was given (BuildOptions.writers, these by default): no list here
// changes at run time, so two builds in one process each see their own.
import { azw3Writer } from './azw3.js';
import { epubWriter } from './epub.js';
import { htmlWriter } from './html.js';
import { mobiWriter } from './mobi.js';
import { pdfWriter } from './pdf.js';
import type { Writer } from './writer.js';

/** Every built-in output format, in the order a build writes them. */
export const WRITERS: readonly Writer[] = Object.freeze([htmlWriter, epubWriter, mobiWriter, azw3Writer, pdfWriter]);

export const DEFAULT_FORMATS = ['html', 'epub', 'mobi'] as const;

export function writerFor(format: string, known: readonly Writer[] = WRITERS): Writer | undefined {
  return known.find((w) => w.format === format);
}

/** A format made from another format's bytes rather than from the document. */
export function isConversion(writer: Writer): boolean {
  return writer.from !== 'document';
}

/**
 * The formats a language renders from its document, in the order of `known`: those asked for, and
 * those the asked-for conversions are made from (a MOBI alone still needs its EPUB).
 */
export function documentFormats(asked: readonly Writer[], known: readonly Writer[] = WRITERS): string[] {
  const needed = new Set<string>();
  const need = (format: string) => {
    const writer = writerFor(format, known);
    if (!writer || needed.has(format)) return;
    needed.add(format);
    if (isConversion(writer)) need(writer.from);
  };
  for (const w of asked) need(w.format);
  return known.filter((w) => !isConversion(w) && needed.has(w.format)).map((w) => w.format);
}
