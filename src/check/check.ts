// check(): lints a book's sources without building; checkEpubs(): epubcheck in the same finding
// format; checkEpubAccessibility(): DAISY Ace, likewise.
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { resolveConfig } from '../config/metadata.js';
import { discoverBook } from '../layout/discover.js';
import { selectLanguages } from '../layout/select.js';
import { resolveReference } from '../layout/reference.js';
import type { LanguageSource } from '../model/book.js';
import { captionNumber, duplicateId, figureCount, headingTrailing, insertCase, type FigureCounts, type LanguageRule } from './source-rules.js';
import { headingSkip } from './a11y-rules.js';
import { ACE_RUNS, aceFindings, requireAce } from '../tools/ace.js';
import { EPUBCHECK_INSTALL_HINTS, findEpubcheck } from '../tools/epubcheck.js';
import { EpubcheckPool } from '../tools/epubcheck-server.js';
import { mapLimit } from '../util/concurrency.js';
import { bookFileHead } from '../util/book-file.js';
import { UserError, type Diagnostic } from '../util/diagnostics.js';
import { languageFigureDirs } from '../build/figure-dirs.js';
import { renderLanguage } from '../build/render-language.js';
import { appendAll } from '../util/arrays.js';

export interface CheckOptions {
  book?: string;
  languages?: string[];
  /** The language whose figure counts the others are held to (default `en`, when the book has it; see resolveReference). */
  reference?: string;
  config?: string;
}

export interface CheckReport {
  ok: boolean;
  errors: number;
  warnings: number;
  /** Sorted by file, line, column. */
  findings: Diagnostic[];
}

/**
 * What a build tolerates with a warning but a lint calls an error: each loses part of the book
 * (a figure, its caption, everything after an open fence).
 */
const LINT_ERRORS = new Set(['figure-missing', 'figure-caption', 'fence-unterminated']);

function summarize(findings: Diagnostic[]): CheckReport {
  const located = findings.map((f) => (f.line !== undefined && f.column === undefined ? { ...f, column: 1 } : f));
  located.sort((a, b) => (a.file ?? '').localeCompare(b.file ?? '') || (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
  const errors = located.filter((f) => f.severity === 'error').length;
  return { ok: errors === 0, errors, warnings: located.length - errors, findings: located };
}

/** False for a file that cannot be read: the reader has reported that already. */
function startsWithBom(file: string): boolean {
  try {
    const head = bookFileHead(file, 3);
    return head.length === 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf;
  } catch {
    return false;
  }
}

/** Lints every language (or those given), in parallel; never writes anything. */
export async function check(options: CheckOptions = {}): Promise<CheckReport> {
  const layout = await discoverBook(resolve(options.book ?? '.'));
  const selected = selectLanguages(layout.languages, options.languages, layout.root);
  const reference = resolveReference(layout.languages, options.reference, 'optional');
  const config = await resolveConfig(layout, options.config);

  const lint = async (lang: LanguageSource, rules: LanguageRule[]): Promise<Diagnostic[]> => {
    // What could be read is still checked, beside what could not.
    const findings: Diagnostic[] = [...lang.problems];
    if (lang.chapters.length === 0) return findings;
    const report = (d: Diagnostic) => findings.push(d);
    // Diagrams are not rendered: a lint must not need dia, and a .dia source is not a missing figure.
    const figures = await languageFigureDirs(lang, layout, 'sources');
    const { doc } = await renderLanguage({
      lang,
      layout,
      config,
      figures,
      read: { collectErrors: true, onToken: (item) => rules.forEach((r) => r.visit(item, report)) },
    });
    for (const r of rules) r.finish?.(report);
    for (const file of lang.chapters.flatMap((c) => c.files)) {
      if (startsWithBom(file))
        findings.push({
          severity: 'warning',
          file,
          line: 1,
          column: 1,
          message: 'the file starts with a byte order mark: save it as UTF-8 without BOM',
          rule: 'encoding-bom',
        });
    }
    // The dia fallback warning is about building, not about the sources.
    const fromReader = doc.warnings
      .filter((w) => w.rule !== 'figure-dia')
      .map((w) => (w.rule && LINT_ERRORS.has(w.rule) ? { ...w, severity: 'error' as const } : w));
    return [...findings, ...fromReader];
  };
  const standardRules = (): LanguageRule[] => [headingTrailing(), insertCase(), captionNumber(), duplicateId(), headingSkip()];

  // The reference is read first: its figure counts are what the others are held to.
  const referenceCounts: FigureCounts = new Map();
  const findings: Diagnostic[] = [...config.warnings];
  if (reference) {
    const own = await lint(reference, [...standardRules(), figureCount(undefined, reference.code, referenceCounts)]);
    if (selected.includes(reference)) appendAll(findings, own);
  }
  const others = selected.filter((l) => l !== reference);
  // A reference partly unread would have every other language's figures in those chapters called extra.
  const heldTo = reference && reference.problems.length === 0 ? referenceCounts : undefined;
  const results = await mapLimit(others, availableParallelism(), (lang) => lint(lang, [...standardRules(), figureCount(heldTo, reference?.code ?? '')]));
  appendAll(findings, results.flat());
  return summarize(findings);
}

/** Runs epubcheck on each file and reports its findings like `check` does. */
export async function checkEpubs(files: string[]): Promise<CheckReport> {
  const command = findEpubcheck();
  if (!command) throw new UserError({ message: `checking EPUBs needs epubcheck, which was not found\n${EPUBCHECK_INSTALL_HINTS}`, rule: 'tool-missing' }, 1);
  const pool = new EpubcheckPool(command, Math.max(1, Math.min(availableParallelism(), 4)));
  const results = await Promise.all(
    files.map(async (file): Promise<Diagnostic[]> => {
      try {
        const result = await pool.check(resolve(file));
        return result.messages.length || result.errors + result.fatals === 0
          ? result.messages
          : [{ severity: 'error', file, message: `epubcheck reported ${result.errors + result.fatals} errors`, rule: 'epubcheck' }];
      } catch (err) {
        return [{ severity: 'error', file, message: (err as Error).message, rule: 'epubcheck' }];
      }
    }),
  ).finally(() => pool.close());
  return summarize(results.flat());
}

/** Runs DAISY Ace on each file and reports its violations like `check` does; without Ace or a browser, a `tool-missing` error naming how to install them. */
export async function checkEpubAccessibility(files: string[]): Promise<CheckReport> {
  const tools = requireAce();
  const results = await mapLimit(files, ACE_RUNS, (file) => aceFindings(file, { tools }));
  return summarize(results.flat());
}
