// doctor(): is this machine ready to build the requested formats? Each check says what it found
// and, when something is wrong, the one thing to do about it. A check is `required` when a build
// with the same --format (and --validate) would fail without it; only those make the report fail.
import { readFileSync } from 'node:fs';
import { rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { DEFAULT_FONTS, FONT_PACKAGES, everyFontFamily, fontsFor } from '../config/fonts.js';
import { discoverBook } from '../layout/discover.js';
import { findEbookConvert, whichSync } from '../tools/calibre.js';
import { ACE_INSTALL_COMMAND, aceEnvironment, findAce, findBrowser } from '../tools/ace.js';
import { findDia } from '../tools/dia.js';
import { findEpubcheck, findJava } from '../tools/epubcheck.js';
import { missingFontFamilies } from '../tools/fontconfig.js';
import { runTool } from '../tools/run-tool.js';
import { UserError } from '../util/diagnostics.js';
import { describeWriteError } from '../util/write-errors.js';
import { selectLanguages } from '../layout/select.js';
import { selectWriters } from './build-plan.js';

export type CheckStatus = 'ok' | 'warning' | 'error';

export interface DoctorCheck {
  /** `node`, `calibre`, `java`, `epubcheck`, `ace`, `fonts`, `dia`, `output`. */
  name: string;
  status: CheckStatus;
  /** Whether the requested formats cannot be built without it (a missing required check is an error). */
  required: boolean;
  /** What was found (path, version) or what is wrong. */
  detail: string;
  /** One line: what to do. Absent when there is nothing to do. */
  fix?: string;
  path?: string;
  version?: string;
}

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

export const MIN_NODE_MAJOR = 20;
const VERSION_TIMEOUT_MS = 60_000;
const APT = 'sudo apt-get install';

/** The calibre version the Docker image and `npm run setup` install: `scripts/calibre-version`. */
export function pinnedCalibreVersion(): string | undefined {
  try {
    return readFileSync(new URL('../../../scripts/calibre-version', import.meta.url), 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

/** Runs `file ...args` and returns its output, or why it did not run. */
async function versionOutput(
  file: string,
  args: string[],
  env: Record<string, string> = { QT_QPA_PLATFORM: 'offscreen' },
): Promise<{ output: string; failure?: string }> {
  const run = await runTool(file, args, { timeoutMs: VERSION_TIMEOUT_MS, env });
  if (run.startError) return { output: run.output, failure: `could not be started: ${run.startError}` };
  if (run.timedOut) return { output: run.output, failure: `did not answer within ${VERSION_TIMEOUT_MS / 1000} s` };
  if (run.signal) return { output: run.output, failure: `was killed by ${run.signal}` };
  if (run.exitCode !== 0)
    return { output: run.output, failure: `exited with code ${run.exitCode}${run.output.trim() ? `: ${run.output.trim().split('\n').slice(-1)[0]}` : ''}` };
  return { output: run.output };
}

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

async function checkCalibre(required: boolean, explicit: string | undefined, pin: string | undefined): Promise<DoctorCheck> {
  const name = 'calibre';
  const absent = required ? 'error' : 'warning';
  const installFix = `${APT} calibre (or npm run setup; macOS: brew install --cask calibre), or pass --ebook-convert PATH`;
  let path: string | undefined;
  try {
    path = findEbookConvert(explicit);
  } catch (err) {
    if (!(err instanceof UserError)) throw err;
    return {
      name,
      status: absent,
      required,
      detail: err.diagnostic.message.split('\n')[0]!,
      fix: "point --ebook-convert or EBOOK_CONVERT to calibre's ebook-convert, or unset it to search PATH",
    };
  }
  const needs = required ? 'needed for the requested formats' : 'mobi, azw3 and pdf need it; a default build skips mobi';
  if (!path) return { name, status: absent, required, detail: `ebook-convert not found (${needs})`, fix: installFix };
  const { output, failure } = await versionOutput(path, ['--version']);
  if (failure)
    return {
      name,
      status: absent,
      required,
      path,
      detail: `${path} ${failure}`,
      fix: `reinstall calibre (${APT} --reinstall calibre) or pass another --ebook-convert`,
    };
  const version = /calibre ([0-9][0-9.]*)/.exec(output)?.[1];
  if (!version)
    return {
      name,
      status: 'warning',
      required,
      path,
      detail: `${path}: cannot tell its version from "${output.trim().split('\n')[0] ?? ''}"`,
      fix: `use calibre ${pin ?? ''} (the version the Docker image pins)`.replace('  ', ' '),
    };
  if (pin && version !== pin) {
    return {
      name,
      status: 'warning',
      required,
      path,
      version,
      detail: `${version} at ${path}; the pinned version is ${pin}, so outputs may differ from the Docker image's and CI's`,
      fix: `install calibre ${pin} (scripts/calibre-version), or build with the Docker image`,
    };
  }
  return { name, status: 'ok', required, path, version, detail: `${version} at ${path}${pin ? ' (the pinned version)' : ''}` };
}

async function checkJava(required: boolean): Promise<DoctorCheck> {
  const name = 'java';
  const absent = required ? 'error' : 'warning';
  const fix = `${APT} default-jre-headless (or npm run setup), or set JAVA to a java binary`;
  const path = findJava();
  if (!path) return { name, status: absent, required, detail: `java not found (epubcheck runs on it: --validate and check --epub need it)`, fix };
  const { output, failure } = await versionOutput(path, ['-version']);
  if (failure) return { name, status: absent, required, path, detail: `${path} ${failure}`, fix };
  const version = /version "([^"]+)"/.exec(output)?.[1] ?? output.trim().split('\n')[0] ?? '';
  return { name, status: 'ok', required, path, version, detail: `${version} at ${path}` };
}

async function checkEpubcheck(required: boolean, javaOk: boolean): Promise<DoctorCheck> {
  const name = 'epubcheck';
  const absent = required ? 'error' : 'warning';
  const fix = `${APT} epubcheck default-jre-headless (or npm run setup; macOS: brew install epubcheck), or set EPUBCHECK_JAR`;
  const command = findEpubcheck();
  if (!command)
    return {
      name,
      status: absent,
      required,
      detail: `epubcheck not found${javaOk ? '' : ', or no Java to run its jar'}; --validate and check --epub need it`,
      fix,
    };
  const shown = [command.file, ...command.args].join(' ');
  const { output, failure } = await versionOutput(command.file, [...command.args, '--version']);
  const version = /EPUBCheck v?([0-9][0-9.]*)/i.exec(output)?.[1];
  if (failure && !version) return { name, status: absent, required, path: shown, detail: `${shown} ${failure}`, fix };
  return { name, status: 'ok', required, path: shown, version, detail: `${version ?? 'unknown version'} (${shown})` };
}

/** The families PDF output uses for these languages (each script's own, plus the Latin ones it falls back to). */
function fontFamiliesFor(languages: string[] | undefined): string[] {
  if (!languages) return everyFontFamily();
  const families = languages.flatMap((l) => Object.values(fontsFor(l)));
  return [...new Set([...families, ...Object.values(DEFAULT_FONTS)])];
}

async function checkFonts(required: boolean, languages: string[] | undefined): Promise<DoctorCheck> {
  const name = 'fonts';
  const families = fontFamiliesFor(languages);
  const scope = languages ? `for ${languages.join(', ')}` : 'for every language';
  if (!whichSync('fc-list')) {
    return { name, status: 'warning', required, detail: `cannot tell which fonts are installed: fc-list not found`, fix: `${APT} fontconfig` };
  }
  const missing = await missingFontFamilies(families);
  if (missing.length === 0) return { name, status: 'ok', required, detail: `the ${families.length} Noto families PDF uses ${scope} are installed` };
  return {
    name,
    status: required ? 'error' : 'warning',
    required,
    detail: `${missing.length} of the ${families.length} families PDF uses ${scope} not installed: ${missing.join(', ')}${required ? '' : ' (only PDF needs them)'}; calibre would fall back to fonts that may draw boxes`,
    fix: `${APT} ${FONT_PACKAGES.join(' ')} (or npm run setup)`,
  };
}

/** DAISY Ace (accessibility of EPUBs: `check --epub --a11y`) and the Chromium it drives. */
async function checkAce(required: boolean): Promise<DoctorCheck> {
  const name = 'ace';
  const absent = required ? 'error' : 'warning';
  const fix = `npm run setup, or ${ACE_INSTALL_COMMAND}`;
  const command = findAce();
  const browser = findBrowser();
  if (!command || !browser) {
    const missing = [command ? '' : 'DAISY Ace', browser ? '' : 'Chromium'].filter(Boolean).join(' and ');
    return { name, status: absent, required, detail: `${missing} not found; check --epub --a11y needs ${command || browser ? 'it' : 'them'}`, fix };
  }
  const shown = [command.file, ...command.args].join(' ');
  const { output, failure } = await versionOutput(command.file, [...command.args, '--version'], aceEnvironment(browser));
  const version = /([0-9]+\.[0-9][0-9.]*)/.exec(output)?.[1];
  if (failure || !version) return { name, status: absent, required, path: shown, detail: `${shown} ${failure ?? `printed no version: ${output.trim()}`}`, fix };
  return { name, status: 'ok', required, path: shown, version, detail: `${version} (${shown}), with ${browser}` };
}

async function checkDia(): Promise<DoctorCheck> {
  const name = 'dia';
  const path = findDia();
  const fix = `${APT} dia (optional: without it <lang>/figures-dia diagrams fall back to the shared figures)`;
  if (!path) return { name, status: 'warning', required: false, detail: 'dia not found (optional: renders <lang>/figures-dia/*.dia)', fix };
  // dia prints its version without needing a display.
  const { output, failure } = await versionOutput(path, ['--version']);
  if (failure) return { name, status: 'warning', required: false, path, detail: `${path} ${failure}`, fix };
  const version = /version ([^\s,]+)/i.exec(output)?.[1];
  return { name, status: 'ok', required: false, path, version, detail: `${version ?? 'unknown version'} at ${path}` };
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
  if (validate && !formats.includes('epub')) {
    throw new UserError({ message: '--validate checks the EPUBs a build writes: add epub to --format', rule: 'usage' }, 2);
  }
  const languages = await bookLanguages(options);
  const [calibre, java, fonts, dia, output] = await Promise.all([
    checkCalibre(calibreRequired, options.ebookConvert, pinnedCalibreVersion()),
    checkJava(validate),
    checkFonts(formats.includes('pdf'), languages),
    checkDia(),
    checkOutput(resolve(options.out ?? 'dist')),
  ]);
  const [epubcheck, ace] = await Promise.all([checkEpubcheck(validate, java.status === 'ok'), checkAce(Boolean(options.a11y))]);
  const checks = [checkNode(options.nodeVersion ?? process.versions.node), calibre, java, epubcheck, ace, fonts, dia, output];
  return { ok: checks.every((c) => c.status !== 'error'), formats, checks };
}
