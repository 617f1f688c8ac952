// doctor(): is this machine ready to build the requested formats? Each check says what it found
// and, when something is wrong, the one thing to do about it. A check is `required` when a build
// with the same --format (and --validate) would fail without it; only those make the report fail.
// The tools' probes are beside the tools (src/tools/); here are what is asked of them, Node and the
// output directory.
import { rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { DEFAULT_FONTS, FONT_PACKAGES, everyFontFamily, familiesOf, fontsFor } from '../config/fonts.js';
import { discoverBook } from '../layout/discover.js';
import { pinnedCalibreVersion, probeCalibre } from '../tools/calibre.js';
import { probeChromium } from '../tools/chromium.js';
import { probeAce } from '../tools/ace.js';
import { probeDia } from '../tools/dia.js';
import { probeEpubcheck, probeJava, requireEpubToValidate } from '../tools/epubcheck.js';
import { probeFonts } from '../tools/fontconfig.js';
import type { ToolCheck } from '../tools/probe.js';
import { describeWriteError } from '../util/write-errors.js';
import { selectLanguages } from '../layout/select.js';
import { selectWriters } from '../build/build-plan.js';

/** One row of the report: a tool's probe, or the check of Node or of the output directory. */
export type DoctorCheck = ToolCheck;
export { pinnedCalibreVersion };

export interface DoctorReport {
  /** False when a check is an error (only required ones can be). */
  ok: boolean;
  formats: string[];
  checks: DoctorCheck[];
}

export interface DoctorOptions {
  /** Formats as for build (`all` for every one); default html, epub, mobi, where mobi is only wanted. */
  formats?: string[];
  /** As build's --validate: epubcheck and Java become required. */
  validate?: boolean;
  /** As `check --epub --a11y`: DAISY Ace and a Chromium for it become required. */
  a11y?: boolean;
  /** Output directory whose writability is checked (default `./dist`); nothing is left in it. */
  out?: string;
  /** calibre's ebook-convert, as build's --ebook-convert. */
  ebookConvert?: string;
  /** A book whose languages decide which fonts PDF needs (default: every language's fonts). */
  book?: string;
  /** Languages whose PDF fonts to check (default: the book's, or all). */
  languages?: string[];
  /** The Node.js version to judge (default: the running one). */
  nodeVersion?: string;
}

const MIN_NODE_MAJOR = 20;

function checkNode(version: string): DoctorCheck {
  const major = Number(version.replace(/^v/, '').split('.')[0]);
  const detail = `v${version.replace(/^v/, '')}`;
  if (major >= MIN_NODE_MAJOR) return { name: 'node', status: 'ok', required: true, detail, version: detail };
  return {
    name: 'node',
    status: 'error',
    required: true,
    detail: `${detail} is too old (${MIN_NODE_MAJOR} or later needed)`,
    version: detail,
    fix: `install Node.js ${MIN_NODE_MAJOR} or later (https://nodejs.org, or nvm install ${MIN_NODE_MAJOR})`,
  };
}

/** The families PDF output uses for these languages (each script's own, plus the Latin ones it falls back to). */
function fontFamiliesFor(languages: string[] | undefined): string[] {
  if (!languages) return everyFontFamily();
  const families = languages.flatMap((l) => familiesOf(fontsFor(l)));
  return [...new Set([...families, ...Object.values(DEFAULT_FONTS)])];
}

/** The nearest directory that exists on the way to `path` (the build creates the rest). */
async function nearestExisting(path: string): Promise<{ dir: string; isDir: boolean }> {
  for (let p = path; ; p = dirname(p)) {
    try {
      return { dir: p, isDir: (await stat(p)).isDirectory() };
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOTDIR') continue;
      if (code !== 'ENOENT' || dirname(p) === p) throw err;
    }
  }
}

/** Writes and removes a small file where the build would write: exactly the permission, mount and space questions a build meets. */
async function checkOutput(out: string): Promise<DoctorCheck> {
  const name = 'output';
  const fix = 'choose another --out, or make it writable';
  const fileInTheWay = 'choose another --out, or move the file out of the way';
  try {
    const { dir, isDir } = await nearestExisting(out);
    if (!isDir) {
      return {
        name,
        status: 'error',
        required: true,
        detail: `${out}: ${dir === out ? 'is a file, not a directory' : `${dir} is a file, not a directory`}`,
        fix: fileInTheWay,
      };
    }
    const probe = join(dir, `.progit-ebook-doctor.${process.pid}.tmp`);
    try {
      await writeFile(probe, 'progit-ebook doctor\n');
    } finally {
      await rm(probe, { force: true });
    }
    return { name, status: 'ok', required: true, path: out, detail: dir === out ? `${out} is writable` : `${out} can be created (${dir} is writable)` };
  } catch (err) {
    return {
      name,
      status: 'error',
      required: true,
      path: out,
      detail: `cannot write to ${out}: ${describeWriteError(err).replace(/: (choose|free|remove) .*$/, '')}`,
      fix,
    };
  }
}

async function bookLanguages(options: DoctorOptions): Promise<string[] | undefined> {
  if (!options.book) return options.languages?.length ? options.languages : undefined;
  const layout = await discoverBook(options.book);
  return selectLanguages(layout.languages, options.languages, layout.root).map((l) => l.code);
}

export async function doctor(options: DoctorOptions = {}): Promise<DoctorReport> {
  const { writers, explicit } = selectWriters(options.formats);
  const formats = writers.map((w) => w.format);
  // Like build: calibre is required only for formats asked for; a default mobi is skipped without it.
  const calibreRequired = explicit && writers.some((w) => w.requires === 'ebook-convert');
  const validate = Boolean(options.validate);
  if (validate) requireEpubToValidate(formats);
  const languages = await bookLanguages(options);
  const chromiumRequired = explicit && writers.some((w) => w.requires === 'chromium');
  const [calibre, chromium, java, fonts, dia, output] = await Promise.all([
    probeCalibre(calibreRequired, options.ebookConvert, pinnedCalibreVersion()),
    probeChromium(chromiumRequired),
    probeJava(validate),
    probeFonts(formats.includes('pdf'), fontFamiliesFor(languages), languages ? `for ${languages.join(', ')}` : 'for every language', FONT_PACKAGES),
    probeDia(),
    checkOutput(resolve(options.out ?? 'dist')),
  ]);
  const [epubcheck, ace] = await Promise.all([probeEpubcheck(validate, java.status === 'ok'), probeAce(Boolean(options.a11y))]);
  const checks = [checkNode(options.nodeVersion ?? process.versions.node), calibre, chromium, java, epubcheck, ace, fonts, dia, output];
  return { ok: checks.every((c) => c.status !== 'error'), formats, checks };
}
