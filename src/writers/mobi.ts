// MOBI for Kindles, converted from this language's EPUB by calibre.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ebookConvert } from '../tools/calibre.js';
import type { Writer } from './writer.js';

export const mobiWriter: Writer = {
  format: 'mobi',
  extension: 'mobi',
  requires: 'ebook-convert',
  async render({ doc, artifact, tools }) {
    const epub = await artifact('epub');
    const dir = await mkdtemp(join(tmpdir(), 'progit-ebook-'));
    try {
      const input = join(dir, 'book.epub');
      const output = join(dir, 'book.mobi');
      await writeFile(input, epub);
      const args = [
        // Both the old MOBI 6 and KF8 sections: legacy Kindles read one, newer ones the other.
        '--mobi-file-type', 'both',
        '--output-profile', 'kindle_pw3',
        '--language', doc.meta.lang,
        '--title', doc.meta.title,
        '--authors', doc.meta.authors.join(' & '),
      ];
      if (doc.meta.cover) args.push('--cover', doc.meta.cover);
      await ebookConvert(tools['ebook-convert']!, input, output, args);
      return await readFile(output);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
};
