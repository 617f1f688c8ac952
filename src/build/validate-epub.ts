// With --validate: epubcheck's verdict on a language's staged EPUB, then (with --a11y) DAISY Ace's;
// it runs while the language's other formats are converted, and decides whether its files
// replace the previous ones (commitStaged, write-format.ts).
import { basename } from 'node:path';
import { aceFindings } from '../tools/ace.js';
import type { StagedFile } from '../util/atomic-write.js';
import { formatDiagnostic } from '../util/diagnostics.js';
import type { BuildPlan } from './build-plan.js';
import type { ValidationReport } from './build-types.js';
import { fail, type LanguageLog } from './language-log.js';
import type { Ready } from './language-stages.js';
import type { Written } from './write-format.js';

export interface Verdict {
  /** The EPUB has no epubcheck error (and with --a11y no serious Ace violation): its language's files may replace the old. */
  passed: boolean;
  /** epubcheck's counts, when it ran. */
  report?: ValidationReport;
}

/** What validating reads of the plan: epubcheck and Ace (`tools`), Ace's slots (`limits`), the sinks. */
type ValidatePlan = Pick<BuildPlan, 'tools' | 'limits' | 'sinks'>;

/** Never rejects: what goes wrong fails the language's EPUB, and so its verdict. */
export async function validateEpub(plan: ValidatePlan, log: LanguageLog, ready: Ready, written: readonly Written[]): Promise<Verdict> {
  const { sinks } = plan;
  const { epubcheck } = plan.tools;
  const staged = written.find((w) => w.output.format === 'epub')?.staged;
  if (!staged) return { passed: false };
  if (!epubcheck) {
    // planBuild finds epubcheck whenever the build validates: this is a bug (describeFailure says so, with the stack).
    fail(sinks, log, new Error('the build validates, but its plan has no epubcheck'), 'epub');
    return { passed: false };
  }
  const t0 = performance.now();
  try {
    const result = await epubcheck.check(staged.tmp);
    const report = { path: staged.path, errors: result.fatals + result.errors, warnings: result.warnings, ms: Math.round(performance.now() - t0) };
    for (const raw of result.messages) {
      const finding = { ...raw, file: raw.file && finalPath(raw.file, staged) };
      if (finding.severity === 'warning') ready.ctx.warn(finding);
      else sinks.log('error', formatDiagnostic(finding));
    }
    if (report.errors === 0) {
      sinks.log('info', `${log.lang.code} epub: epubcheck: ${result.warnings} warning${result.warnings === 1 ? '' : 's'}, no errors (${report.ms} ms)`);
      return { passed: plan.tools.ace ? await checkAccessibility(plan, log, ready, staged) : true, report };
    }
    const errors = `${report.errors} error${report.errors > 1 ? 's' : ''}`;
    fail(sinks, log, `epubcheck found ${errors} in ${basename(staged.path)}; this language's files were not replaced`, 'epub');
    return { passed: false, report };
  } catch (err) {
    fail(sinks, log, `epubcheck: ${err instanceof Error ? err.message : String(err)}; this language's files were not replaced`, 'epub');
    return { passed: false };
  }
}

/** epubcheck names the staged file, relative or absolute as it likes (`./out/.book.en.epub.42.x.tmp.epub/OEBPS/ch01.xhtml`): the user knows the final one. */
function finalPath(file: string, staged: StagedFile): string {
  const name = basename(staged.tmp);
  const at = file.indexOf(name);
  return at < 0 ? file : staged.path + file.slice(at + name.length);
}

/** With --a11y, after epubcheck: DAISY Ace's violations, named on the final EPUB; a serious or critical one fails the language. */
async function checkAccessibility(plan: ValidatePlan, log: LanguageLog, ready: Ready, staged: StagedFile): Promise<boolean> {
  const { sinks } = plan;
  try {
    const findings = await plan.limits.aceSlot(() => aceFindings(staged.tmp, { tools: plan.tools.ace, label: staged.path, signal: sinks.signal }));
    const errors = findings.filter((f) => f.severity === 'error');
    for (const f of findings) {
      if (f.severity === 'error') sinks.log('error', formatDiagnostic(f));
      else ready.ctx.warn(f);
    }
    if (errors.length === 0) {
      sinks.log('info', `${log.lang.code} epub: Ace: ${findings.length} minor finding${findings.length === 1 ? '' : 's'}, no violation`);
      return true;
    }
    const violations = `${errors.length} accessibility violation${errors.length > 1 ? 's' : ''}`;
    fail(sinks, log, `Ace found ${violations} in ${basename(staged.path)}; this language's files were not replaced`, 'epub');
  } catch (err) {
    fail(sinks, log, `Ace: ${err instanceof Error ? err.message : String(err)}; this language's files were not replaced`, 'epub');
  }
  return false;
}
