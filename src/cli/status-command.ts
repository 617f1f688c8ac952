// `progit-ebook status`: argument parsing and printing only; the work is in src/status/.
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import type { StatusReport } from '../status/status.js';
import { formatDiagnostic, UserError } from '../util/diagnostics.js';
import { EXIT_OK, languageCommand, type CommandResult, type Io } from './io.js';
import { jsonOption, referenceOption } from './options.js';
import { chapterTable, statusTable } from './status-table.js';

interface StatusFlags {
  reference?: string;
  lang?: string[];
  json: boolean;
  chapters: boolean;
  diff?: string;
  carry?: string;
  dryRun: boolean;
  chapter?: number;
  html?: string;
}

function chapterNumber(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('a chapter number, such as 2');
  return Number(value);
}

function printReport(report: StatusReport, opts: StatusFlags, io: Io): void {
  if (opts.json) {
    io.stdout(`${JSON.stringify(report, null, 2)}\n`);
    return;
  }
  for (const l of report.languages) for (const w of l.warnings) io.stderr(`${formatDiagnostic(w)}\n`);
  if (opts.chapters) io.stdout(report.languages.map((l) => chapterTable(report, l)).join('\n'));
  else io.stdout(statusTable(report));
}

async function printDiff(book: string, opts: StatusFlags, io: Io): Promise<void> {
  if (opts.chapter === undefined) throw new UserError({ message: '--diff needs --chapter N: the chapter whose reference changes to show', rule: 'usage' }, 2);
  const { statusDiff } = await import('../status/diff.js');
  const d = await statusDiff({ book, reference: opts.reference, lang: opts.diff!, chapter: opts.chapter, color: io.isTty });
  if (opts.json) {
    io.stdout(`${JSON.stringify(d, null, 2)}\n`);
    return;
  }
  const where = `${d.lang} chapter ${d.chapter} (translation last changed ${d.since?.slice(0, 10) ?? 'never'})`;
  if (d.pending.length === 0) io.stdout(`${where}: nothing pending from ${d.reference}\n`);
  else io.stdout(`${where}: ${d.pending.length} ${d.reference} commit${d.pending.length > 1 ? 's' : ''} not carried over yet, oldest first\n${d.diff}`);
}

function htmlPath(value: string): string {
  if (value === '') throw new InvalidArgumentError('a file name, or - for stdout');
  return value;
}

async function carry(book: string, opts: StatusFlags, io: Io): Promise<void> {
  if (opts.chapter === undefined) throw new UserError({ message: '--carry needs --chapter N: the chapter whose code changes to carry over', rule: 'usage' }, 2);
  const { carryCode } = await import('../status/carry.js');
  const r = await carryCode({ book, reference: opts.reference, lang: opts.carry!, chapter: opts.chapter, dryRun: opts.dryRun });
  if (opts.json) {
    io.stdout(`${JSON.stringify(r, null, 2)}\n`);
    return;
  }
  for (const c of r.carried) io.stderr(`carried ${c.commit.slice(0, 12)} ${c.subject}\n`);
  for (const u of r.unplaced) io.stderr(`not carried ${u.commit.slice(0, 12)} ${u.subject}: ${u.file}:${u.line}: ${u.why}\n`);
  for (const l of r.left) io.stderr(`left for a translator ${l.commit.slice(0, 12)} ${l.subject} (${l.kind})\n`);
  if (opts.dryRun) io.stdout(r.patch);
  else for (const f of r.files) io.stderr(`wrote ${f}\n`);
  io.stdout(r.message ? `${r.message}\n` : `${r.lang} chapter ${r.chapter}: no code change to carry over\n`);
}

export function statusCommand(program: Command, io: Io, result: CommandResult): void {
  languageCommand(
    program,
    'status',
    'for translators: chapters, translated share, figures, last commit and pending reference changes of each language',
    'report',
  )
    .addOption(referenceOption('language the others are measured against'))
    .addOption(jsonOption('the report'))
    .option('--chapters', 'one row per chapter for each language', false)
    .option('--diff <lang>', "print the reference's changes a language's chapter has not carried over (with --chapter)")
    .option('--carry <lang>', "apply the reference's pending code-only changes to a language's chapter (with --chapter); prints a commit message last")
    .option('--dry-run', 'with --carry: print the patch instead of writing', false)
    .option('--chapter <n>', 'the chapter for --diff or --carry', chapterNumber)
    .option('--html <file>', 'write the report as one self-contained web page (- for stdout)', htmlPath)
    .action(async (book: string, opts: StatusFlags) => {
      if (opts.diff !== undefined && opts.carry !== undefined) throw new UserError({ message: '--diff and --carry: one at a time', rule: 'usage' }, 2);
      if (opts.dryRun && opts.carry === undefined) throw new UserError({ message: '--dry-run goes with --carry LANG', rule: 'usage' }, 2);
      if (opts.diff !== undefined) await printDiff(book, opts, io);
      else if (opts.carry !== undefined) await carry(book, opts, io);
      else if (opts.chapter !== undefined) throw new UserError({ message: '--chapter goes with --diff LANG or --carry LANG', rule: 'usage' }, 2);
      else {
        const { status } = await import('../status/status.js');
        const report = await status({ book, reference: opts.reference, languages: opts.lang, diffs: opts.html !== undefined });
        if (!report.history.available) io.stderr(`status: no sync columns: ${report.history.reason}; to get them, ${report.history.fix}\n`);
        if (opts.html === '-') io.stdout((await import('../status/page.js')).statusPage(report));
        else if (opts.html !== undefined) {
          const { writeStatusPage } = await import('../status/page.js');
          await writeStatusPage(report, opts.html);
          io.stderr(`status: wrote ${opts.html}\n`);
        } else printReport(report, opts, io);
      }
      result.exitCode = EXIT_OK;
    });
}
