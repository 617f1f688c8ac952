import { epubWriter } from './epub.js';
import { htmlWriter } from './html.js';
import { mobiWriter } from './mobi.js';
import type { Writer } from './writer.js';

/** Every output format, in the order a build writes them. */
export const WRITERS: readonly Writer[] = [htmlWriter, epubWriter, mobiWriter];

export const DEFAULT_FORMATS = ['html', 'epub', 'mobi'] as const;

export function writerFor(format: string): Writer | undefined {
  return WRITERS.find((w) => w.format === format);
}
