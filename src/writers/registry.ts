import { azw3Writer } from './azw3.js';
import { epubWriter } from './epub.js';
import { htmlWriter } from './html.js';
import { mobiWriter } from './mobi.js';
import { pdfWriter } from './pdf.js';
import type { Writer } from './writer.js';

/** Every output format, in the order a build writes them. */
export const WRITERS: readonly Writer[] = [htmlWriter, epubWriter, mobiWriter, azw3Writer, pdfWriter];

export const DEFAULT_FORMATS = ['html', 'epub', 'mobi'] as const;

export function writerFor(format: string): Writer | undefined {
  return WRITERS.find((w) => w.format === format);
}
