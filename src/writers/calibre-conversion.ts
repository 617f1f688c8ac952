// What MOBI, AZW3 and PDF share: calibre's ebook-convert turns this language's EPUB into the
// format named by the output file's extension, with the edition's metadata passed explicitly.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LanguageMetadata } from '../model/book.js';
import { ebookConvert } from '../tools/calibre.js';
import type { WriterContext } from './writer.js';

/** Title, authors, language and cover: the same in every converted format. */
export function metadataArgs(meta: LanguageMetadata): string[] {
  const args = ['--language', meta.lang, '--title', meta.title, '--authors', meta.authors.join(' & ')];
  if (meta.cover) args.push('--cover', meta.cover);
  return args;
}

/**
 * Writes the language's EPUB to a fresh temporary directory, runs
 * `ebook-convert book.epub book.<extension> <metadata> <formatArgs>` and returns the output's bytes.
 * The directory is removed whether the conversion succeeds, fails, times out or is interrupted.
 */
export async function convertEpub(ctx: WriterContext, extension: string, formatArgs: readonly string[]): Promise<Uint8Array> {
  const epub = await ctx.artifact('epub');
  const tool = ctx.tools['ebook-convert'];
  if (!tool) throw new Error(`${extension} needs ebook-convert, which was not found`);
  const dir = await mkdtemp(join(tmpdir(), 'progit-ebook-'));
  try {
    const input = join(dir, 'book.epub');
    const output = join(dir, `book.${extension}`);
    await writeFile(input, epub);
    await ebookConvert(tool, input, output, [...formatArgs, ...metadataArgs(ctx.doc.meta)], { timeoutMs: ctx.timeoutMs, signal: ctx.signal });
    return await readFile(output);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Options for both Kindle formats: the Paperwhite profile (what current Kindles are), and a
 * localized title for the table of contents calibre appends.
 */
export function kindleArgs(meta: LanguageMetadata): string[] {
  return ['--output-profile', 'kindle_pw3', '--toc-title', meta.tocTitle];
}
