// Reading a chapter file into normalized Markdown text. Line numbers are preserved
// exactly, so that every later diagnostic can point at the line the author sees.
import { isUtf8 } from 'node:buffer';
import { readlinkSync, statSync } from 'node:fs';
import { NotARegularFile, readBookFileSync } from '../util/book-file.js';
import { UserError } from '../util/diagnostics.js';
import { removeXmlForbidden } from '../util/xml.js';
import { checkNesting } from './nesting.js';

/** Byte offset of the first invalid UTF-8 sequence, or -1 when the buffer is valid. */
function firstInvalidUtf8(buf: Uint8Array): number {
  let i = 0;
  while (i < buf.length) {
    const b = buf[i]!;
    let need: number;
    let min: number;
    if (b < 0x80) {
      i++;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else return i;
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = buf[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

/**
 * Decodes and normalizes a chapter's bytes: UTF-8 only (anything else is an error naming the line),
 * no BOM, LF line ends, and no-break spaces in indentation or after heading hashes turned into
 * plain spaces (editors insert them; Markdown would not see the indentation or the heading).
 */
/** A byte order mark for UTF-16, or NUL bytes in a quarter of the start: ASCII text saved as UTF-16. */
function looksLikeUtf16(buf: Uint8Array): boolean {
  if ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff)) return true;
  const n = Math.min(buf.length, 4096);
  let zeros = 0;
  for (let i = 0; i < n; i++) if (buf[i] === 0) zeros++;
  return n >= 4 && zeros * 4 >= n;
}

export function normalizeSource(file: string, buf: Uint8Array): string {
  if (looksLikeUtf16(buf)) {
    throw new UserError({ file, line: 1, column: 1, message: 'the file is UTF-16, not UTF-8 (byte offset 0): re-save it as UTF-8', rule: 'encoding' });
  }
  // The native check is a hundred times faster; the scan in JS only finds where a bad file goes wrong.
  const bad = isUtf8(buf) ? -1 : firstInvalidUtf8(buf);
  if (bad >= 0) {
    let line = 1;
    let lineStart = 0;
    for (let i = 0; i < bad; i++)
      if (buf[i] === 0x0a) {
        line++;
        lineStart = i + 1;
      }
    throw new UserError({
      file,
      line,
      column: bad - lineStart + 1,
      message: `invalid UTF-8 at byte offset ${bad} (byte 0x${buf[bad]!.toString(16).toUpperCase().padStart(2, '0')}${buf[bad]! >= 0xa0 ? `, "${String.fromCharCode(buf[bad]!)}" in Latin-1` : ''}): re-save the file as UTF-8`,
      rule: 'encoding',
    });
  }
  let text = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength).toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  // Each pass only where it can change something: every pass scans the whole chapter.
  if (text.includes('\r')) text = text.replace(/\r\n?/g, '\n');
  text = removeXmlForbidden(text);
  if (text.includes('\u00a0')) {
    text = text.replace(/^[ \t\u00a0]*\u00a0[ \t\u00a0]*/gm, (lead) => lead.replace(/\u00a0/g, ' '));
    text = text.replace(/^( {0,3}#{1,6})\u00a0+/gm, '$1 ');
  }
  return text;
}

/**
 * Chapter files above this size are refused before reading: a build's memory grows with its
 * largest chapter (the figures are in docs/performance.md), and real chapters are far smaller.
 */
function maxChapterBytes(env: NodeJS.ProcessEnv = process.env): number {
  const mib = Number(env.PROGIT_EBOOK_MAX_CHAPTER_MB);
  return (Number.isFinite(mib) && mib > 0 ? mib : 16) * 1024 * 1024;
}

/** Where a link that leads nowhere points; "no such file" for a file listed a moment ago reads as a bug. */
function danglingLinkTarget(file: string, err: unknown): string | undefined {
  if ((err as NodeJS.ErrnoException).code !== 'ENOENT') return undefined;
  try {
    return readlinkSync(file);
  } catch {
    return undefined;
  }
}

export async function readSource(file: string): Promise<string> {
  let buf: Buffer;
  try {
    const { size } = statSync(file);
    const limit = maxChapterBytes();
    if (size > limit) {
      const mib = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MiB`;
      throw new UserError({
        file,
        message: `chapter file is ${mib(size)}, over the ${mib(limit)} limit: split it into several files (or raise PROGIT_EBOOK_MAX_CHAPTER_MB)`,
        rule: 'too-large',
      });
    }
    buf = readBookFileSync(file);
  } catch (err) {
    if (err instanceof UserError) throw err;
    if (err instanceof NotARegularFile) throw new UserError({ file, message: `chapter file ${err.reason}`, rule: 'io' });
    const target = danglingLinkTarget(file, err);
    if (target !== undefined)
      throw new UserError({ file, message: `chapter file is a symbolic link to ${target}, which does not exist: fix the link or remove it`, rule: 'io' });
    throw new UserError({ file, message: `cannot read chapter file: ${(err as Error).message}`, rule: 'io' });
  }
  const text = normalizeSource(file, buf);
  checkNesting(file, text);
  return text;
}
