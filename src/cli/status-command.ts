// `progit-ebook status`: argument parsing and printing only; the work is in status/status.ts.
import type { Command } from 'commander';
import type { LanguageStatus, StatusReport } from '../status/status.js';
import { formatDiagnostic } from '../util/diagnostics.js';
import { EXIT_OK, languageCommand, type CommandResult, type Io } from './io.js';

const pad2 = (n: number) => String(n).padStart(2, '0');

function chaptersCell(l: LanguageStatus, total: number): string {
  const notes = [
    l.chapters.missing.length ? `missing ${l.chapters.missing.map(pad2).join(' ')}` : '',
    l.chapters.extra.length ? `extra ${l.chapters.extra.map(pad2).join(' ')}` : '',
  ].filter(Boolean);
  return `${l.chapters.present.length}/${total}${notes.length ? ` (${notes.join('; ')})` : ''}`;
}

function figuresCell(l: LanguageStatus): string {
  const f = l.figures;
  const notes = [f.localized ? `${f.localized} localized` : '', f.unresolved.length ? `${f.unresolved.length} not found` : ''].filter(Boolean);
  return `${f.present}/${f.reference}${notes.length ? ` (${notes.join(', ')})` : ''}`;
}

/** An aligned plain-text table, one row per language. */
export function statusTable(report: StatusReport): string {
  const header = ['language', 'chapters', 'translated', 'figures', 'last commit'];
  const rows = report.languages.map((l) => [
    l.isReference ? `${l.lang} (reference)` : l.lang,
    chaptersCell(l, report.chapters.length),
    `${l.translated}%`,
    figuresCell(l),
    l.lastCommit?.slice(0, 10) ?? '-',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 2 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}

export function statusCommand(program: Command, io: Io, result: CommandResult): void {
  languageCommand(program, 'status', 'for translators: chapters, translated share, figures and last commit of each language against the reference', 'report')
    .option('--reference <lang>', 'language the others are measured against', 'en')
    .option('--json', 'print the report as JSON (the default when stdout is not a terminal)', false)
    .action(async (book: string, opts: { reference: string; lang?: string[]; json: boolean }) => {
      const { status } = await import('../status/status.js');
      const report = await status({ book, reference: opts.reference, languages: opts.lang });
      if (opts.json || !io.isTty) {
        io.stdout(`${JSON.stringify(report, null, 2)}\n`);
      } else {
        for (const l of report.languages) for (const w of l.warnings) io.stderr(`${formatDiagnostic(w)}\n`);
        io.stdout(statusTable(report));
      }
      result.exitCode = EXIT_OK;
    });
}
