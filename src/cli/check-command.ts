// `progit-ebook check`: argument parsing and printing only; the work is in check/check.ts.
import { relative } from 'node:path';
import type { Command } from 'commander';
import type { CheckReport } from '../check/check.js';
import { formatDiagnostic, UserError } from '../util/diagnostics.js';
import { languageCommand, EXIT_FAILED, EXIT_OK, type CommandResult, type Io } from './io.js';
import { configOption, jsonOption, referenceOption } from './options.js';

/** Paths under the current directory are printed relative to it, as compilers do. */
function shortPath(file: string | undefined): string | undefined {
  if (!file) return file;
  const rel = relative(process.cwd(), file);
  return rel && !rel.startsWith('..') ? rel : file;
}

function print(report: CheckReport, io: Io, json: boolean): void {
  if (json) {
    io.stdout(`${JSON.stringify(report, null, 2)}\n`);
    return;
  }
  for (const f of report.findings) io.stdout(`${formatDiagnostic({ ...f, file: shortPath(f.file) })}\n`);
  io.stderr(`${report.errors} error${report.errors === 1 ? '' : 's'}, ${report.warnings} warning${report.warnings === 1 ? '' : 's'}\n`);
}

export function checkCommand(program: Command, io: Io, result: CommandResult): void {
  languageCommand(program, 'check', 'lint the sources without building (path:line:col: severity: message [rule]); exit 1 on errors', 'check')
    .addOption(referenceOption('language whose figure counts the others are held to'))
    .addOption(configOption())
    .option('--epub <files...>', 'check these EPUB files with epubcheck instead of the sources')
    .option('--a11y', 'with --epub: check their accessibility with DAISY Ace instead of epubcheck', false)
    .addOption(jsonOption('the findings'))
    .action(async (book: string, opts: { lang?: string[]; reference?: string; config?: string; epub?: string[]; a11y: boolean; json: boolean }) => {
      if (opts.a11y && !opts.epub) throw new UserError({ message: '--a11y checks built EPUBs: add --epub FILE...', rule: 'usage' }, 2);
      const { check, checkEpubs, checkEpubAccessibility } = await import('../check/check.js');
      const report = opts.epub
        ? await (opts.a11y ? checkEpubAccessibility(opts.epub) : checkEpubs(opts.epub))
        : await check({ book, languages: opts.lang, reference: opts.reference, config: opts.config });
      print(report, io, opts.json);
      result.exitCode = report.ok ? EXIT_OK : EXIT_FAILED;
    });
}
