// Shared test helpers: temporary books, reading EPUBs, locating real tools and the Pro Git data.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import JSZip from 'jszip';
import { readFile } from 'node:fs/promises';
import { findEbookConvert, whichSync } from '../src/tools/calibre.js';
import { packageRoot } from '../src/util/package-root.js';
import { findEpubcheck, type EpubcheckCommand } from '../src/tools/epubcheck.js';
import { findAce, findBrowser, type AceTools } from '../src/tools/ace.js';

/** The repository root (tests run from lib/test/...). */
export const REPO_ROOT = packageRoot(import.meta.url);
export const CLI = join(REPO_ROOT, 'bin', 'progit-ebook.js');
export const SAMPLE_BOOK = join(REPO_ROOT, 'book');

export const PROGIT_DIR = resolve(process.env.PROGIT_DIR ?? join(REPO_ROOT, '..', 'shared', 'progit'));

/** `false` when the Pro Git checkout is present, else the reason the test is skipped. */
export function progitSkip(): false | string {
  if (existsSync(join(PROGIT_DIR, 'en'))) return false;
  return `Pro Git sources not found at ${PROGIT_DIR} (set PROGIT_DIR to a progit checkout)`;
}

/** In CI a missing tool is a failed setup, not a reason to skip. */
export function missingTool(what: string): string {
  if (process.env.CI) throw new Error(`${what} is not installed, but CI must have it: npm run setup installs it`);
  return `${what} is not installed (npm run setup installs it)`;
}

export function ebookConvertOrSkip(): { path?: string; skip: false | string } {
  const path = findEbookConvert();
  return path ? { path, skip: false } : { skip: missingTool("calibre's ebook-convert") };
}

export function epubcheckOrSkip(): { command?: EpubcheckCommand; skip: false | string } {
  const command = findEpubcheck();
  return command ? { command, skip: false } : { skip: missingTool('epubcheck (with Java)') };
}

/** Debian's Chromium, which playwright-core drives for the browser tests. */
export const CHROMIUM = '/usr/bin/chromium';

export function chromiumOrSkip(): false | string {
  return existsSync(CHROMIUM) ? false : missingTool(`Chromium (${CHROMIUM})`);
}

/** DAISY Ace and a browser for it (npm ci and npm run setup bring both). */
export function aceOrSkip(): { tools?: AceTools; skip: false | string } {
  const ace = findAce();
  const browser = findBrowser();
  return ace && browser ? { tools: { ace, browser }, skip: false } : { skip: missingTool(ace ? 'Chromium (for DAISY Ace)' : 'DAISY Ace (@daisy/ace-cli)') };
}

/** poppler-utils' pdftotext; pdffonts and pdftohtml come in the same package, beside it. */
export function pdftotextOrSkip(): { path?: string; skip: false | string } {
  const path = whichSync('pdftotext');
  return path ? { path, skip: false } : { skip: missingTool('pdftotext (poppler-utils)') };
}

/** Creates a book in a fresh temporary directory from a map of relative paths to contents. */
export async function makeBook(files: Record<string, string | Uint8Array>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'progit-ebook-test-'));
  for (const [rel, content] of Object.entries(files)) {
    const path = join(root, rel);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, content);
  }
  return root;
}

export async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'progit-ebook-out-'));
}

export async function openEpub(path: string): Promise<JSZip> {
  return JSZip.loadAsync(await readFile(path));
}

export async function zipText(zip: JSZip, name: string): Promise<string> {
  const file = zip.file(name);
  if (!file) throw new Error(`${name} not in EPUB; it has: ${Object.keys(zip.files).join(', ')}`);
  return file.async('string');
}

/** A 1x1 PNG, for fixtures that need an image file to exist. */
export const TINY_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

/** The 33 language directories of the upstream Pro Git repository. */
export const UPSTREAM_LANGUAGES = [
  'ar',
  'az',
  'be',
  'ca',
  'cs',
  'de',
  'en',
  'eo',
  'es',
  'es-ni',
  'fa',
  'fi',
  'fr',
  'hi',
  'hu',
  'id',
  'it',
  'ja',
  'ko',
  'mk',
  'nl',
  'no-nb',
  'pl',
  'pt-br',
  'ro',
  'ru',
  'sr',
  'th',
  'tr',
  'uk',
  'vi',
  'zh',
  'zh-tw',
];
