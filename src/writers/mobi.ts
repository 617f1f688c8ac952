// MOBI for Kindles, converted from this language's EPUB by calibre.
import { convertKindle, kindleArgs } from './calibre-conversion.js';
import type { Writer } from './writer.js';

export const mobiWriter: Writer = {
  format: 'mobi',
  extension: 'mobi',
  from: 'epub',
  requires: 'ebook-convert',
  render: (ctx) =>
    convertKindle(ctx, 'mobi', [
      // Both the old MOBI 6 and KF8 sections: legacy Kindles read one, newer ones the other.
      '--mobi-file-type',
      'both',
      ...kindleArgs(ctx.doc.meta),
    ]),
};
