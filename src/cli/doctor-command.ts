// `progit-ebook doctor`: argument parsing and printing only; the checks are in doctor/doctor.ts.
import type { Command } from 'commander';
import type { DoctorReport } from '../doctor/doctor.js';
import { EXIT_FAILED, EXIT_OK, list, type CommandResult, type Io } from './io.js';
import { defaultFormats, ebookConvertOption, formatOption, jsonOption, outOption } from './options.js';
import { table } from './table.js';

/** An aligned table for a terminal: one row per check, its fix on the line below. */
export function doctorTable(report: DoctorReport): string {
  return table(
    ['check', 'status', 'found'],
    report.checks.map((c) => [c.name, c.status, c.detail]),
    { notes: { column: 2, lines: report.checks.map((c) => c.fix && `fix: ${c.fix}`) } },
  );
}

/** One line per check, `name: status: detail; fix: ...`, for logs and scripts. */
export function doctorLines(report: DoctorReport): string {
  return report.checks.map((c) => `${c.name}: ${c.status}: ${c.detail}${c.fix ? `; fix: ${c.fix}` : ''}\n`).join('');
}

function verdict(report: DoctorReport): string {
  const failed = report.checks.filter((c) => c.status === 'error').map((c) => c.name);
  const warned = report.checks.filter((c) => c.status === 'warning').map((c) => c.name);
  const head = failed.length
    ? `not ready to build ${report.formats.join(', ')}: ${failed.join(', ')} missing or broken`
    : `ready to build ${report.formats.join(', ')}`;
  return `${head}${warned.length ? ` (warnings: ${warned.join(', ')})` : ''}`;
}

export function doctorCommand(program: Command, io: Io, result: CommandResult): void {
  program
    .command('doctor')
    .description('check that Node, calibre, epubcheck, Java, fonts, dia and the output directory are ready for the requested formats')
    .argument('[book]', 'a book whose languages decide which PDF fonts are checked (default: the fonts of every language)')
    .addOption(outOption('output directory to check for writing (nothing is left in it)'))
    .option('-l, --lang <codes>', 'check the PDF fonts of these languages only', list)
    .addOption(formatOption((choices) => `formats as for build: ${choices}; their tools are required (default: ${defaultFormats()}, where mobi is optional)`))
    .option('--validate', 'epubcheck and Java are required, as for build --validate', false)
    .option('--a11y', 'DAISY Ace and a Chromium for it are required, as for build --validate --a11y and check --epub --a11y', false)
    .addOption(ebookConvertOption())
    .addOption(jsonOption('the report'))
    .action(
      async (
        book: string | undefined,
        opts: { out: string; lang?: string[]; format?: string[]; validate: boolean; a11y: boolean; ebookConvert?: string; json: boolean },
      ) => {
        const { doctor } = await import('../doctor/doctor.js');
        const report = await doctor({
          book,
          out: opts.out,
          languages: opts.lang,
          formats: opts.format,
          validate: opts.validate,
          a11y: opts.a11y,
          ebookConvert: opts.ebookConvert,
        });
        if (opts.json) io.stdout(`${JSON.stringify(report, null, 2)}\n`);
        else io.stdout(io.isTty ? doctorTable(report) : doctorLines(report));
        io.stderr(`${verdict(report)}\n`);
        result.exitCode = report.ok ? EXIT_OK : EXIT_FAILED;
      },
    );
}
