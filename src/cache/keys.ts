// Cache keys: a hash of everything that can change a build's output. A language's key is computed
// from its files without reading them as Markdown, so an unchanged language is never parsed.
import type { Currency } from '../sync/currency.js';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { readdir, readFile, stat } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ResolvedConfig } from '../config/metadata.js';
import { languageDiagramsDir, languageFiguresDir } from '../layout/discover.js';
import type { BookLayout, LanguageSource } from '../model/book.js';
import { inspectCalibre } from '../tools/calibre.js';
import { SERVER_SOURCE } from '../tools/epubcheck-server.js';
import { fileBytes, type FileRound } from '../util/file-bytes.js';
import { readBookFile } from '../util/book-file.js';

const CODE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const PACKAGE_ROOT = resolve(CODE_ROOT, '../..');
/** Defined by scripts/bundle.mjs in the bundle. */
declare const __PROGIT_EBOOK_BUNDLE__: boolean | undefined;
/**
 * The code that runs: the bundle's own directory, when this is the bundle (the launcher runs it only
 * while it is newer than every file it was made from), else every compiled module.
 */
const RUNNING_CODE = typeof __PROGIT_EBOOK_BUNDLE__ !== 'undefined' ? dirname(fileURLToPath(import.meta.url)) : CODE_ROOT;

/** Every file under `dir` (recursively), sorted, as `relative path -> contents`; empty when there is no such directory. */
async function treeHash(hash: ReturnType<typeof createHash>, dir: string | undefined, files: FileRound | undefined): Promise<void> {
  if (!dir) return;
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  const paths = entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .sort();
  hash.update(`dir ${dir} ${paths.length}\0`);
  // Through the process's file memo, in the build's round: the writers then find the figures already read.
  await hashFiles(
    hash,
    paths,
    (file) => `${relative(dir, file)}\0`,
    (file) => fileBytes(file, files),
  );
}

/** Each file's label and bytes into the hash, in order. */
async function hashFiles(
  hash: ReturnType<typeof createHash>,
  files: readonly string[],
  label: (file: string) => string,
  read: (file: string) => Promise<Buffer> = readBookFile,
): Promise<void> {
  for (const file of files) {
    hash.update(label(file));
    hash.update(await read(file));
  }
}

/**
 * The installed version of epub-gen-memory, which makes every EPUB: package.json pins it, but an
 * install that holds another (`npm install` by hand) must not reuse what the pinned one made.
 */
async function epubLibraryVersion(): Promise<string> {
  try {
    const manifest = createRequire(import.meta.url).resolve('epub-gen-memory/package.json');
    return (JSON.parse(await readFile(manifest, 'utf8')) as { version: string }).version;
  } catch {
    return 'not found';
  }
}

let toolIdentity: Promise<{ version: string; code: string }> | undefined;

/**
 * Every compiled file under `dir` by name, size and modification time: tsc and esbuild write every
 * file they emit anew, so this changes whenever the code does, without reading all of it on every
 * build.
 */
async function codeStamp(hash: ReturnType<typeof createHash>, dir: string): Promise<void> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  const files = entries
    .filter((e) => e.isFile() && /\.(c?js|java|json)$/.test(e.name))
    .map((e) => join(e.parentPath, e.name))
    .sort();
  const stats = await Promise.all(files.map((file) => stat(file)));
  files.forEach((file, i) => hash.update(`${relative(dir, file)}\0${stats[i]!.size}\0${stats[i]!.mtimeMs}\0`));
}

/**
 * The tool's version and a stamp of its compiled code and locked dependencies: a changed reader or
 * writer (also between releases, in a working copy) never reuses what older code built.
 */
export function toolVersion(codeRoot = RUNNING_CODE): Promise<{ version: string; code: string }> {
  const identify = async () => {
    const pkg = await readFile(join(PACKAGE_ROOT, 'package.json'), 'utf8');
    const hash = createHash('sha256').update(pkg);
    hash.update(await readFile(join(PACKAGE_ROOT, 'package-lock.json')).catch(() => Buffer.alloc(0)));
    await codeStamp(hash, codeRoot);
    hash.update(`epub-gen-memory\0${await epubLibraryVersion()}\0`);
    const java = await stat(SERVER_SOURCE).catch(() => undefined);
    hash.update(`epubcheck server\0${java?.size}\0${java?.mtimeMs}\0`);
    return { version: (JSON.parse(pkg) as { version: string }).version, code: hash.digest('hex') };
  };
  if (codeRoot !== RUNNING_CODE) return identify();
  toolIdentity ??= identify();
  return toolIdentity;
}

export interface CalibreIdentity {
  /** `6.13.0`, when calibre's sources say so. */
  version?: string;
  /** Changes whenever the executable or calibre's version does. */
  id: string;
}

/** calibre as a cache key sees it: the launcher's path and bytes and the version its sources name (never by starting it). */
export async function calibreIdentity(tool: string): Promise<CalibreIdentity> {
  const { executable, launcher, version } = await inspectCalibre(tool);
  return {
    version,
    id: createHash('sha256')
      .update(`${executable}\0${version ?? ''}\0`)
      .update(launcher)
      .digest('hex'),
  };
}

/** What a language's output depends on besides its own files. */
export interface BuildInputs {
  layout: BookLayout;
  config: ResolvedConfig;
  /** Publication date written into the books. */
  date: string;
  /** dia's path, or false (`--no-dia`) or undefined (not installed). */
  dia: string | false | undefined;
  strict: boolean;
  validate: boolean;
  /** Ace ran on the EPUB (`--a11y`): its findings are part of the entry. */
  a11y?: boolean;
  /** calibre's identity when a format needs it: its MOBI/AZW3/PDF are then part of the entry. */
  calibre?: string;
  /** Chromium's identity when a format needs it (PDF). */
  chromium?: string;
  /**
   * The codes of the languages the HTML page links to (BuildPlan.release): a page is another when
   * they change, even where the language itself did not.
   */
  release?: readonly string[];
  /** How current each translation is (BuildPlan.currency): the HTML page says it. */
  currency?: ReadonlyMap<string, Currency>;
  /** The build's round of file reads (not part of the key): its writers then find the figures hashed. */
  files?: FileRound;
}

const sharedFiguresHash = new WeakMap<BookLayout, Promise<string>>();

/** The shared figures/ directory, hashed once per build for every language. */
function sharedFigures(layout: BookLayout, files: FileRound | undefined): Promise<string> {
  let hash = sharedFiguresHash.get(layout);
  if (!hash) {
    hash = (async () => {
      const h = createHash('sha256');
      await treeHash(h, layout.sharedFigures, files);
      return h.digest('hex');
    })();
    sharedFiguresHash.set(layout, hash);
  }
  return hash;
}

/**
 * The key of one language's build: the tool, the options, the date, the configuration with its
 * cover and CSS, the language's chapter files, its figures/ and figures-dia/, and the shared
 * figures. Images a chapter points at elsewhere in the book are checked by the entry (see build).
 */
export async function languageKey(lang: LanguageSource, inputs: BuildInputs): Promise<string> {
  const tool = await toolVersion();
  const { config } = inputs.config;
  const h = createHash('sha256');
  h.update(
    JSON.stringify({
      tool,
      lang: lang.code,
      dir: lang.dir,
      root: inputs.layout.root,
      isProGit: inputs.layout.isProGit,
      config,
      configSource: inputs.config.source,
      configFile: inputs.config.file,
      date: inputs.date,
      dia: inputs.dia ?? null,
      strict: inputs.strict,
      validate: inputs.validate,
      a11y: inputs.a11y ?? false,
      calibre: inputs.calibre ?? null,
      chromium: inputs.chromium ?? null,
      // The names come from the configuration (above) or from the ICU data of the Node that runs.
      release: inputs.release?.length ? { codes: inputs.release, cldr: process.versions.cldr ?? null } : null,
      currency: inputs.currency?.get(lang.code) ?? null,
    }),
  );
  for (const file of [config.cover, config.css]) {
    if (!file) continue;
    h.update(`\0${file}\0`);
    h.update(await readBookFile(resolve(inputs.layout.root, file)).catch(() => Buffer.from('(missing)')));
  }
  await hashFiles(
    h,
    lang.chapters.flatMap((c) => c.files),
    (file) => `\0${relative(lang.dir, file)}\0`,
  );
  await treeHash(h, await languageFiguresDir(lang), inputs.files);
  await treeHash(h, await languageDiagramsDir(lang), inputs.files);
  h.update(await sharedFigures(inputs.layout, inputs.files));
  return h.digest('hex');
}

/**
 * The key of one conversion: its input's bytes (the EPUB, the HTML page), the format, the tool that
 * converts (calibre, Chromium), the metadata it is given, and the cover's bytes, which it is given
 * besides its input.
 */
export function conversionKey(
  inputSha256: string,
  format: string,
  tool: { id: string },
  meta: unknown,
  code: string,
  coverSha256: string | null = null,
): string {
  return createHash('sha256')
    .update(JSON.stringify({ epubSha256: inputSha256, format, calibre: tool.id, meta, code, cover: coverSha256 }))
    .digest('hex');
}
