// AZW3 (KF8 only) for sideloading to current Kindles over USB, converted from this language's
// EPUB by calibre. Smaller than the combined MOBI and without its MOBI 6 fallback.
import { convertKindle, kindleArgs } from './calibre-conversion.js';
import type { Writer } from './writer.js';

export const azw3Writer: Writer = {
  format: 'azw3',
  extension: 'azw3',
  from: 'epub',
  requires: 'ebook-convert',
  render: (ctx) => convertKindle(ctx, 'azw3', kindleArgs(ctx.doc.meta)),
};
