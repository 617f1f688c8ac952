// status(): for translators, how far each language is against the reference language.
import { dirname, relative, resolve } from 'node:path';
import { lastCommit } from '../util/git.js';
import { selectLanguages } from '../layout/select.js';
import { resolveReference } from '../layout/reference.js';
import { discoverBook } from '../layout/discover.js';
import { languageFigureDirs } from '../build/figure-dirs.js';
import { resolveFigure } from '../layout/figures.js';
import type { BookLayout, LanguageSource } from '../model/book.js';
import { readSource } from '../markdown/source.js';
import { mapLimit } from '../util/concurrency.js';
import { UserError, type Diagnostic } from '../util/diagnostics.js';
import { digestTokens, estimateTranslation, proseBlocks, type ChapterEstimate } from '../markdown/translation-estimate.js';
import { markdown } from '../markdown/render.js';
import { readHistory, type HistoryResult, type NoHistory } from '../sync/history.js';
import { SyncIndex } from '../sync/pending.js';
import { languageSync, type LanguageSync, type SyncSummary } from '../sync/sync.js';
import type { ReferenceChanges, TranslationFile } from './locate.js';
import { pendingPatches } from './patches.js';
import { structureFromTokens } from './structure.js';
import { locateChapter, pendingDiffs, referenceChanges, type LocatedChapterSync } from './where.js';

export interface StatusOptions {
  /** Book directory (default: the current directory). */
  book?: string;
  /** The language the others are measured against (default: `en`). */
  reference?: string;
  /** Languages to report (default: all). */
  languages?: string[];
  /** Add `diffs`: each pending commit's diff of each chapter (the status page shows them). */
  diffs?: boolean;
}

export interface FigureStatus {
  /** Figure directives in the reference. */
  reference: number;
  /** Figure directives in this language. */
  present: number;
  /** Of those, how many show an image (from `<lang>/figures` or the shared `figures/`). */
  resolved: number;
  /** Of the resolved ones, how many come from the language's own `figures/`. */
  localized: number;
  /** Names of the directives whose image is found nowhere. */
  unresolved: string[];
}

export interface LanguageStatus {
  lang: string;
  isReference: boolean;
  /** Chapter numbers (the leading number of the chapter directory) against the reference's. */
  chapters: { present: number[]; missing: number[]; extra: number[] };
  /** Estimated percent of the reference's prose translated (the reference itself: 100). */
  translated: number;
  /** The same estimate per reference chapter. */
  translatedByChapter: ChapterEstimate[];
  figures: FigureStatus;
  /** Files that could not be read or decoded; they count as absent. */
  warnings: Diagnostic[];
  /** ISO 8601 date of the last commit touching the language directory, when the book is in git. */
  lastCommit?: string;
  /**
   * Per chapter present in both the reference and this language, the reference commits the
   * translation has not carried over (pending.ts), each with its kind and the sections it touched
   * (locate.ts); absent for the reference and without history.
   */
  sync?: LocatedChapterSync[];
  /** The totals of `sync`, with the count of hashes its messages name that resolve to no reference commit. */
  behind?: SyncSummary;
}

/** Whether the book's history could be read for the sync columns, and if not, why. */
export type HistoryStatus = { available: true; head: { commit: string; date: string }; commits: number } | ({ available: false } & NoHistory);

export interface StatusReport {
  book: string;
  reference: string;
  /** The reference's chapter numbers. */
  chapters: number[];
  languages: LanguageStatus[];
  history: HistoryStatus;
  /** With `diffs: true`: by `"<commit> <chapter>"`, the commit's diff of the reference chapter, once. */
  diffs?: Record<string, string>;
  ms: number;
}

interface LanguageScan {
  lang: LanguageSource;
  /** Prose blocks per chapter number. */
  blocks: Map<number, string[]>;
  figures: Omit<FigureStatus, 'reference'>;
  warnings: Diagnostic[];
  /** Per chapter number, its files' structure (where pending changes land). */
  files: Map<number, TranslationFile[]>;
}

/** Status reports the book as it can be read: what cannot be is a warning, and counts as absent. */
function leftOut(d: Diagnostic): Diagnostic {
  return { ...d, severity: 'warning', message: `${d.message}; left out of the counts` };
}

async function scanLanguage(layout: BookLayout, lang: LanguageSource): Promise<LanguageScan> {
  // A figure drawn in the language's own Dia source counts as localized, whether or not dia is installed here.
  const figureDirs = (await languageFigureDirs(lang, layout, 'sources')).dirs;
  const figures: LanguageScan['figures'] = { present: 0, resolved: 0, localized: 0, unresolved: [] };
  const warnings = lang.problems.map(leftOut);
  const files = new Map<number, TranslationFile[]>();
  const blocks = await proseBlocks(lang.chapters, async (file, chapter) => {
    let text: string;
    try {
      text = await readSource(file);
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      warnings.push(leftOut(err.diagnostic));
      return undefined;
    }
    const tokens = markdown.lexer(text);
    const digest = digestTokens(tokens);
    const structures = files.get(chapter.number) ?? [];
    files.set(chapter.number, structures);
    structures.push({ path: relative(layout.root, file), structure: structureFromTokens(tokens) });
    for (const name of digest.figures) {
      figures.present++;
      const path = resolveFigure(name, figureDirs);
      if (!path) figures.unresolved.push(name);
      else {
        figures.resolved++;
        if ((figureDirs.language && dirname(path) === figureDirs.language) || /\.dia$/i.test(path)) figures.localized++;
      }
    }
    return digest;
  });
  return { lang, blocks, figures, warnings, files };
}

/** The chapters a language shares with the reference. */
const presentChapters = (scan: LanguageScan, ref: LanguageScan) => [...scan.blocks.keys()].filter((n) => ref.blocks.has(n));

function languageStatus(
  scan: LanguageScan,
  ref: LanguageScan,
  sync: LanguageSync | undefined,
  changes: ReferenceChanges | undefined,
  lastCommit: string | undefined,
): LanguageStatus {
  const refChapters = [...ref.blocks.keys()];
  const numbers = [...scan.blocks.keys()];
  const isReference = scan === ref;
  const estimate = estimateTranslation(ref.blocks, scan.blocks);
  const present = presentChapters(scan, ref);
  const located = changes && sync?.chapters.map((c) => locateChapter(c, changes, scan.files.get(c.chapter) ?? [], scan.lang.code));
  return {
    lang: scan.lang.code,
    isReference,
    chapters: { present, missing: refChapters.filter((n) => !numbers.includes(n)), extra: numbers.filter((n) => !refChapters.includes(n)) },
    translated: isReference ? 100 : estimate.translated,
    translatedByChapter: isReference ? estimate.chapters.map((c) => ({ ...c, translated: 100 })) : estimate.chapters,
    figures: { reference: ref.figures.present, ...scan.figures },
    warnings: scan.warnings,
    lastCommit,
    ...(sync && located ? { sync: located, behind: sync.summary } : {}),
  };
}

/** Each language's last commit: from the history read when there is one, else one `git log -1` each (a shallow clone has dates). */
async function lastCommits(root: string, codes: string[], index: SyncIndex | undefined): Promise<Map<string, string | undefined>> {
  const dates = await mapLimit(codes, 4, async (code) => (index ? index.lastCommit(code)?.iso : (await lastCommit(root, code))?.iso));
  return new Map(codes.map((code, i) => [code, dates[i]]));
}

function historyStatus(found: HistoryResult): HistoryStatus {
  if ('missing' in found) return { available: false, ...found.missing };
  const { commits } = found.history;
  return { available: true, head: { commit: commits[0]!.hash, date: commits[0]!.iso }, commits: commits.length };
}

/** Reports, per language, chapters, translated share, figures, last commit and reference sync against the reference. */
export async function status(options: StatusOptions = {}): Promise<StatusReport> {
  const started = performance.now();
  const layout = await discoverBook(resolve(options.book ?? '.'));
  const refLang = resolveReference(layout.languages, options.reference);
  const reference = refLang.code;
  const selected = selectLanguages(layout.languages, options.languages, layout.root);
  const toScan = selected.includes(refLang) ? selected : [refLang, ...selected];
  const historyRead = readHistory(layout.root, reference);
  const scans = await mapLimit(toScan, 4, (lang) => scanLanguage(layout, lang));
  const ref = scans.find((s) => s.lang === refLang)!;
  const found = await historyRead;
  const index = 'history' in found ? new SyncIndex(found.history, reference) : undefined;
  const reported = scans.filter((s) => selected.includes(s.lang));
  const dates = await lastCommits(
    layout.root,
    reported.map((s) => s.lang.code),
    index,
  );
  const syncs = new Map(index ? reported.filter((s) => s !== ref).map((s) => [s, languageSync(index, s.lang.code, presentChapters(s, ref))]) : []);
  // The patches of the commits some language has pending only: kinds and sections.
  const changes = index && (await referenceChanges(layout.root, reference, pendingPatches(layout.root, reference, [...syncs.values()])));
  const languages = reported.map((scan) => languageStatus(scan, ref, syncs.get(scan), changes, dates.get(scan.lang.code)));
  return {
    book: layout.root,
    reference,
    chapters: [...ref.blocks.keys()],
    languages,
    history: historyStatus(found),
    ...(options.diffs && changes
      ? {
          diffs: pendingDiffs(
            languages.map((l) => l.sync),
            changes,
          ),
        }
      : {}),
    ms: Math.round(performance.now() - started),
  };
}
