// What MOBI and AZW3 share: calibre's ebook-convert turns this language's EPUB into the format
// named by the output file's extension, with the edition's metadata passed explicitly.
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { makeTempDir } from '../util/temp-dir.js';
import { extname, join } from 'node:path';
import type { LanguageMetadata } from '../model/book.js';
import { ebookConvert } from '../tools/calibre.js';
import { stableOrderEnv } from './calibre-stable-order.js';
import { isBookMobi, kindleStampOf, stampKindleFile } from './kindle-stamp.js';
import type { WriterContext } from './writer.js';
import { EnvironmentError } from '../util/diagnostics.js';

/** Title, authors, language and cover (by default the configured file): the same in every converted format. */
function metadataArgs(meta: LanguageMetadata, cover: string | undefined = meta.cover): string[] {
  const args = ['--language', meta.lang, '--title', meta.title, '--authors', meta.authors.join(' & ')];
  if (cover) args.push('--cover', cover);
  return args;
}

/**
 * calibre's own temporary directories (`calibre_<version>_tmp_*`, megabytes each) go inside the
 * conversion's: calibre removes them at exit, but not when it is killed (a timeout, Ctrl-C), and
 * the conversion's directory is removed on every path. calibre takes CALIBRE_TEMP_DIR before
 * TMPDIR; Python's tempfile and Qt take TMPDIR.
 */
async function calibreTempEnv(dir: string): Promise<Record<string, string>> {
  const tmp = join(dir, 'tmp');
  await mkdir(tmp);
  return { TMPDIR: tmp, CALIBRE_TEMP_DIR: tmp };
}

/**
 * Writes the language's EPUB (and its cover) to a fresh temporary directory, runs
 * `ebook-convert book.epub book.<extension> <metadata> <formatArgs>` there and returns the
 * output's bytes. The directory, with calibre's temporary files in it, is removed whether the
 * conversion succeeds, fails, times out or is interrupted.
 *
 * The paths handed to calibre are relative and the same on every run: calibre's output (the
 * order of a MOBI's images and index records) changes with the length of its input's path, so
 * an absolute path under a random temporary directory would make every build differ.
 */
async function convertEpub(ctx: WriterContext, extension: string, formatArgs: readonly string[], options: { stableOrder?: boolean } = {}): Promise<Uint8Array> {
  const epub = await ctx.artifact('epub');
  const tool = ctx.tools['ebook-convert'];
  if (!tool) throw new EnvironmentError(`${extension} needs ebook-convert, which was not found`);
  const dir = await makeTempDir('progit-ebook-');
  try {
    const { meta } = ctx.doc;
    const output = `book.${extension}`;
    await writeFile(join(dir, 'book.epub'), epub);
    const cover = meta.cover ? `cover${extname(meta.cover).toLowerCase()}` : undefined;
    if (meta.cover && cover) await copyFile(meta.cover, join(dir, cover));
    const env = { ...(options.stableOrder ? await stableOrderEnv(dir) : {}), ...(await calibreTempEnv(dir)) };
    await ebookConvert(tool, 'book.epub', output, [...formatArgs, ...metadataArgs(meta, cover)], {
      timeoutMs: ctx.timeoutMs,
      signal: ctx.signal,
      cwd: dir,
      env,
    });
    return await readFile(join(dir, output));
  } finally {
    // maxRetries: a worker of a killed calibre may still be writing there for a moment.
    await rm(dir, { recursive: true, force: true, maxRetries: 3 });
  }
}

/**
 * A MOBI or AZW3 of this language whose bytes depend only on the EPUB and the edition: calibre
 * numbers the book's files in a fixed order (calibre-stable-order.ts), and its clock- and
 * random-derived header fields are set from the build date and the book's UUID (kindle-stamp.ts).
 */
export async function convertKindle(ctx: WriterContext, extension: 'mobi' | 'azw3', formatArgs: readonly string[]): Promise<Uint8Array> {
  const converted = await convertEpub(ctx, extension, formatArgs, { stableOrder: true });
  const stamped = stampKindleFile(converted, kindleStampOf(ctx.doc.meta));
  // Only a real PalmDB file deserves the warning; anything else is not a calibre output at all.
  if (stamped.problem && isBookMobi(converted)) {
    ctx.warn({
      message: `calibre's ${extension} is not laid out as expected (${stamped.problem}); it is kept as calibre wrote it, with the conversion time and random IDs, so it is not reproducible`,
      rule: 'reproducible',
    });
  }
  return stamped.bytes;
}

/**
 * Options for both Kindle formats: the Paperwhite profile (what current Kindles are), and a
 * localized title for the table of contents calibre appends.
 */
export function kindleArgs(meta: LanguageMetadata): string[] {
  return ['--output-profile', 'kindle_pw3', '--toc-title', meta.tocTitle];
}
