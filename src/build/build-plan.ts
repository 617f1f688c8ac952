// Everything a build decides before the first language starts: the book, the languages, the
// writers and their tools, the date, the cache, and the one table of what may run at once.
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { sourceDate } from '../config/build-date.js';
import { readCurrency } from '../sync/currency.js';
import { resolveConfig, type ResolvedConfig } from '../config/metadata.js';
import { releaseLanguages } from '../config/release.js';
import { calibreIdentity, toolVersion, type BuildInputs, type CalibreIdentity } from '../cache/keys.js';
import { ConversionCache } from '../cache/conversion-cache.js';
import { LanguageCache } from '../cache/language-cache.js';
import { BuildCache } from '../cache/store.js';
import { discoverBook, languageDirHolding } from '../layout/discover.js';
import { selectLanguages } from '../layout/select.js';
import type { BookLayout, LanguageSource, ReleaseLanguage } from '../model/book.js';
import type { Currency } from '../sync/currency.js';
import { EBOOK_CONVERT_INSTALL_HINTS, findEbookConvert } from '../tools/calibre.js';
import { CHROMIUM_INSTALL_HINTS, chromiumIdentity, findChromium, type ChromiumIdentity } from '../tools/chromium.js';
import { findDia } from '../tools/dia.js';
import { EPUBCHECK_INSTALL_HINTS, findEpubcheck, requireEpubToValidate } from '../tools/epubcheck.js';
import { EpubcheckPool } from '../tools/epubcheck-server.js';
import { ACE_RUNS, requireAce, type AceTools } from '../tools/ace.js';
import { limiter, semaphore } from '../util/concurrency.js';
import { UserError, formatDiagnostic } from '../util/diagnostics.js';
import { fileRound, type FileRound } from '../util/file-bytes.js';
import { DEFAULT_FORMATS, documentFormats, WRITERS, writerFor } from '../writers/registry.js';
import type { ExternalTool, Writer } from '../writers/writer.js';
import type { BuildOptions, BuildReport, ProgressEvent } from './build-types.js';
import { emptyShardNote, languagesOfShard } from './shard.js';

/**
 * Every limit of the build in one place: what may run at once, and how long a conversion may take
 * or the build wait for another one's lock.
 */
interface ResourceLimits {
  /**
   * Languages in progress at once: two, so that one waiting for dia or its cache does not hold up
   * the next, but only one of them reads and renders at a time (the render gate: a second one held
   * much more memory for little time, docs/performance.md). Conversions and epubcheck hold neither.
   */
  readonly languages: number;
  readonly renderGate: () => Promise<() => void>;
  /** Conversions (ebook-convert, Chromium) of any language at once: `--jobs`. */
  readonly convertSlot: <T>(fn: () => Promise<T>) => Promise<T>;
  /** JVMs validating EPUBs (with --validate). */
  readonly epubcheckJvms: number;
  /** Ace runs at once (with --a11y): each drives a Chromium. */
  readonly aceSlot: <T>(fn: () => Promise<T>) => Promise<T>;
  /** How long one conversion may take; undefined: the tool's default. */
  readonly convertTimeoutMs?: number;
  /** How long to wait for another build's lock on `outDir`; undefined: the lock's default. */
  readonly lockWaitMs?: number;
}

/** What the build reads, and where it writes. */
export interface PlanInputs {
  readonly bookDir: string;
  readonly outDir: string;
  readonly layout: BookLayout;
  readonly config: ResolvedConfig;
  /** The languages this build builds (after --lang and --shard). */
  readonly languages: readonly LanguageSource[];
  /**
   * The languages the HTML pages link to one another: those selected, before --shard takes its
   * part, so that a sharded build writes the bytes of a whole one; none for a language alone.
   */
  readonly release: readonly ReleaseLanguage[];
  /** The date the build writes (SOURCE_DATE_EPOCH, the last commit or the newest source). */
  readonly date: string;
  /** Per translation, how current it is against `en` (status/currency.ts, the readers' line); undefined without history. */
  readonly currency?: ReadonlyMap<string, Currency>;
  /** This build's round of file reads: each figure checked once, then the same bytes for every language and format. */
  readonly files: FileRound;
}

/** The formats: which writers the build knows, which it writes, and which it left out. */
interface PlanFormats {
  /** Every writer this build knows (BuildOptions.writers): where a format's name is looked up. */
  readonly known: readonly Writer[];
  /** The writers of the formats this build writes, in the order of `known`. */
  readonly writers: readonly Writer[];
  /** The formats each language renders from its document (writers' `from`). */
  readonly documentFormats: readonly string[];
  /** Default formats left out, and why. */
  readonly skipped: readonly Readonly<BuildReport['skipped'][number]>[];
}

/** The external tools found, and this tool's own identity. */
interface PlanTools {
  /** Where each converting tool the writers need is (writers' `requires`). */
  readonly paths: Readonly<Partial<Record<ExternalTool, string>>>;
  /** dia for `<lang>/figures-dia`; false (--no-dia) or undefined (not installed): the shared figures. */
  readonly dia: string | false | undefined;
  readonly calibre?: CalibreIdentity;
  /** This tool's version (the manifest) and the hash of its code (the caches' keys). */
  readonly self: { readonly version: string; readonly code: string };
  /** The JVMs that run epubcheck, with --validate. */
  readonly epubcheck?: EpubcheckPool;
  /** Ace and its browser, with --a11y. */
  readonly ace?: AceTools;
}

/** The build cache, when the build has one. */
export interface PlanCaches {
  readonly language?: LanguageCache;
  readonly conversion?: ConversionCache;
  /** The cache's store, to trim once the build is done. */
  readonly store?: BuildCache;
  /** --force: the caches are not read (but refreshed). */
  readonly force: boolean;
}

/** Where the build reports as it goes, and what tells it to stop. */
export interface Sinks {
  readonly log: NonNullable<BuildOptions['log']>;
  readonly progress: (event: ProgressEvent) => void;
  /** Aborted when the build is interrupted: no new work starts, tools are ended. */
  readonly signal?: AbortSignal;
}

/**
 * Everything a build decided before the first language starts, in groups; each stage takes the
 * groups it reads (`Pick<BuildPlan, ...>`), so its signature says what it uses. Nothing changes after planBuild returns.
 */
export interface BuildPlan {
  readonly inputs: PlanInputs;
  readonly formats: PlanFormats;
  readonly tools: PlanTools;
  readonly caches: PlanCaches;
  readonly limits: ResourceLimits;
  readonly sinks: Sinks;
  /** --strict: a language with warnings is not written. */
  readonly strict: boolean;
  /** --validate: each language's files are staged until its EPUB's verdict (epubcheck, with --a11y Ace too). */
  readonly validate: boolean;
}

/** With no formats asked for: the default ones among the writers the build knows (a custom list may lack some). */
function defaultFormats(known: readonly Writer[]): string[] {
  const names = DEFAULT_FORMATS.filter((f) => writerFor(f, known));
  if (names.length) return names;
  throw new UserError(
    {
      message: `no format was given and none of the writers (${known.map((w) => w.format).join(', ')}) writes a default format (${DEFAULT_FORMATS.join(', ')}): pass formats`,
      rule: 'usage',
    },
    2,
  );
}

export function selectWriters(formats: string[] | undefined, known: readonly Writer[] = WRITERS): { writers: Writer[]; explicit: boolean } {
  // `all` stands for every format the build knows.
  const names = formats && formats.length ? [...new Set(formats.flatMap((f) => (f === 'all' ? known.map((w) => w.format) : [f])))] : defaultFormats(known);
  const unknown = names.filter((f) => !writerFor(f, known));
  if (unknown.length) {
    throw new UserError(
      {
        message: `unknown format${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}; available: ${known.map((w) => w.format).join(', ')}, all`,
        rule: 'usage',
      },
      2,
    );
  }
  return { writers: known.filter((w) => names.includes(w.format)), explicit: Boolean(formats && formats.length) };
}

/** The writers a build knows: the built-in ones, or those it was given, each format once. */
function knownWriters(given: readonly Writer[] | undefined): readonly Writer[] {
  if (!given) return WRITERS;
  const twice = given.find((w, i) => given.findIndex((o) => o.format === w.format) !== i);
  if (twice) throw new UserError({ message: `two writers for the format ${twice.format}`, rule: 'usage' }, 2);
  return [...given];
}

/** How each external tool is found, what installs it, and the package a reader would look for. */
const TOOL_FINDERS: Record<ExternalTool, { find: (options: BuildOptions) => string | undefined; hints: string; name: string }> = {
  'ebook-convert': { find: (options) => findEbookConvert(options.ebookConvert), hints: EBOOK_CONVERT_INSTALL_HINTS, name: 'calibre' },
  chromium: { find: () => findChromium(), hints: CHROMIUM_INSTALL_HINTS, name: 'Chromium' },
};

function locateTools(
  writers: Writer[],
  explicit: boolean,
  options: BuildOptions,
  skipped: BuildReport['skipped'],
): { writers: Writer[]; tools: Partial<Record<ExternalTool, string>> } {
  const tools: Partial<Record<ExternalTool, string>> = {};
  const needed = new Set(writers.map((w) => w.requires).filter((t): t is ExternalTool => Boolean(t)));
  for (const tool of needed) {
    const found = TOOL_FINDERS[tool].find(options);
    if (found) tools[tool] = found;
  }
  const usable = writers.filter((w) => {
    if (!w.requires || tools[w.requires]) return true;
    const finder = TOOL_FINDERS[w.requires];
    if (explicit) {
      throw new UserError({ message: `${w.format} needs ${w.requires}, which was not found\n${finder.hints}`, rule: 'tool-missing' }, 1);
    }
    skipped.push({ format: w.format, reason: `${w.requires} not found (install ${finder.name} to build ${w.format})` });
    return false;
  });
  return { writers: usable, tools };
}

/** The converting tools as the cache keys see them, for those this build uses. */
async function toolIdentities(tools: Partial<Record<ExternalTool, string>>): Promise<{ calibre?: CalibreIdentity; chromium?: ChromiumIdentity }> {
  const [calibre, chromium] = await Promise.all([
    tools['ebook-convert'] ? calibreIdentity(tools['ebook-convert']) : undefined,
    tools.chromium ? chromiumIdentity(tools.chromium) : undefined,
  ]);
  return { calibre, chromium };
}

const MAX_TIMER_MS = 2 ** 31 - 1;

function timeoutMs(seconds: number | undefined): number | undefined {
  if (seconds === undefined) return undefined;
  if (!(seconds > 0)) throw new UserError({ message: `timeout must be a positive number of seconds, not ${seconds}`, rule: 'usage' }, 2);
  // Node's timers hold 2^31 - 1 ms: a longer one fires at once (every conversion "timed out").
  if (seconds * 1000 > MAX_TIMER_MS)
    throw new UserError({ message: `timeout must be at most ${Math.floor(MAX_TIMER_MS / 1000)} seconds (24 days), not ${seconds}`, rule: 'usage' }, 2);
  return seconds * 1000;
}

function jobsOf(options: BuildOptions): number {
  const jobs = options.concurrency ?? availableParallelism();
  if (!Number.isInteger(jobs) || jobs < 1) throw new UserError({ message: `jobs must be a whole number of at least 1, not ${jobs}`, rule: 'usage' }, 2);
  return jobs;
}

function requireEpubcheck(writers: Writer[], jvms: number, signal?: AbortSignal): EpubcheckPool {
  requireEpubToValidate(writers.map((w) => w.format));
  const command = findEpubcheck();
  if (!command) throw new UserError({ message: `--validate needs epubcheck, which was not found\n${EPUBCHECK_INSTALL_HINTS}`, rule: 'tool-missing' }, 1);
  // Validation does not hold a language's slot: the next language starts while epubcheck runs.
  return new EpubcheckPool(command, jvms, signal);
}

/**
 * The book without the output directory (`<book>/dist`, `<book>/pub`); one in a language directory
 * would hide from the build what it holds, or the whole language, so it is a usage error.
 */
async function discoverAround(bookDir: string, outDir: string): Promise<BookLayout> {
  const layout = await discoverBook(bookDir, { exclude: [outDir] });
  const language = await languageDirHolding(layout, outDir);
  if (!language) return layout;
  const what = language === outDir ? 'is the language directory' : `is inside the language directory ${language}`;
  throw new UserError(
    {
      message: `the output directory ${outDir} ${what}: the build would leave out what it holds; write the ebooks outside the language directories (such as ${join(layout.root, 'dist')})`,
      rule: 'usage',
    },
    2,
  );
}

/** The date the build writes; what is wrong with where it came from (git refusing the repository) is logged. */
async function buildDate(layout: BookLayout, log: NonNullable<BuildOptions['log']>): Promise<string> {
  const date = await sourceDate(layout);
  if (date.warning) log('warn', `warning: ${date.warning}`);
  return date.iso;
}

function resourceLimits(options: BuildOptions): ResourceLimits {
  const jobs = jobsOf(options);
  return {
    languages: Math.min(jobs, 2),
    renderGate: semaphore(1),
    convertSlot: limiter(jobs),
    epubcheckJvms: Math.max(1, Math.floor(jobs / 2)),
    aceSlot: limiter(ACE_RUNS),
    convertTimeoutMs: timeoutMs(options.timeoutSeconds),
    lockWaitMs: options.lockWaitSeconds !== undefined ? options.lockWaitSeconds * 1000 : undefined,
  };
}

/** The caches of a build over `store` (none without one), keyed on what the build reads and the tools that convert. */
function planCaches(
  store: BuildCache | undefined,
  inputs: BuildInputs,
  converters: { calibre?: CalibreIdentity; chromium?: ChromiumIdentity },
  code: string,
  force: boolean,
): PlanCaches {
  return {
    language: store && new LanguageCache(store, inputs),
    conversion: store && new ConversionCache(store, { 'ebook-convert': converters.calibre, chromium: converters.chromium }, code),
    store,
    force,
  };
}

/** Which languages and formats, with what; usage errors before any work. */
export async function planBuild(options: BuildOptions): Promise<BuildPlan> {
  const log = options.log ?? (() => {});
  const bookDir = resolve(options.book ?? '.');
  const outDir = resolve(options.out ?? 'dist');
  const layout = await discoverAround(bookDir, outDir);
  const wanted = selectLanguages(layout.languages, options.languages, bookDir);
  const codes = wanted.map((l) => l.code);
  // The history for the readers' line, walked while the rest is planned (see sourceDated below).
  const currencyRead = readCurrency(layout, codes);
  currencyRead.catch(() => {});
  const languages = options.shard ? languagesOfShard(wanted, options.shard) : wanted;
  // Shown even with --quiet/--json: a CI job that uploads nothing should say why.
  if (options.shard && languages.length === 0) log('error', emptyShardNote(wanted, options.shard));
  const known = knownWriters(options.writers);
  const selected = selectWriters(options.formats, known);
  const config = await resolveConfig(layout, options.config);
  for (const w of config.warnings) log('warn', formatDiagnostic(w));
  const skipped: BuildReport['skipped'] = [];
  const { writers, tools } = locateTools(selected.writers, selected.explicit, options, skipped);
  for (const s of skipped) log('warn', `warning: skipping ${s.format}: ${s.reason}`);
  // From SOURCE_DATE_EPOCH, the last commit or the newest source: never the clock (reproducible
  // bytes). Started here, so that git runs while the cache is opened and the tool's code hashed;
  // the catch only keeps a usage error thrown before it is awaited from leaving it unhandled.
  const sourceDated = buildDate(layout, log);
  sourceDated.catch(() => {});
  const dia = options.dia === false ? false : (options.dia ?? findDia());
  const limits = resourceLimits(options);
  const validate = Boolean(options.validate);
  if (options.a11y && !validate) throw new UserError({ message: '--a11y runs DAISY Ace after epubcheck: add --validate', rule: 'usage' }, 2);
  const ace = options.a11y ? requireAce() : undefined;
  const epubcheck = validate ? requireEpubcheck(writers, limits.epubcheckJvms, options.signal) : undefined;
  const [date, store, self, converters, currency] = await Promise.all([
    sourceDated,
    options.cache === false ? undefined : BuildCache.open(options.cache),
    toolVersion(),
    toolIdentities(tools),
    currencyRead,
  ]);
  const files = fileRound();
  const release = releaseLanguages(codes, config.config);
  const strict = Boolean(options.strict);
  const keyed: BuildInputs = {
    layout,
    config,
    date,
    dia,
    strict,
    validate,
    a11y: Boolean(options.a11y),
    ...{ calibre: converters.calibre?.id, chromium: converters.chromium?.id },
    release: release.map((l) => l.code),
    currency,
    files,
  };
  return {
    inputs: { bookDir, outDir, layout, config, languages, release, date, currency, files },
    formats: { known, writers, documentFormats: documentFormats(writers, known), skipped },
    tools: { paths: tools, dia, calibre: converters.calibre, self, epubcheck, ace },
    caches: planCaches(store, keyed, converters, self.code, Boolean(options.force)),
    limits,
    sinks: { log, progress: options.progress ?? (() => {}), signal: options.signal },
    strict,
    validate,
  };
}
