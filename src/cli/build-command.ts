// `progit-ebook build`: argument parsing only; the work is in build/build.ts.
import { resolve } from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { BuildReport } from '../build/build.js';
import { parseShard, type Shard } from '../build/shard.js';
import { BuildInterrupted } from '../util/cancellation.js';
import { EXIT_FAILED, EXIT_OK, languageCommand, type CommandResult, type Io } from './io.js';
import { configOption, defaultFormats, diaChoice, diaOption, ebookConvertOption, formatOption, jsonOption, noDiaOption, outOption } from './options.js';
import { progressMode, progressReporter } from './progress.js';
import { exitCodeFor, interruptOnSignals } from './signals.js';

function seconds(value: string): number {
  const n = Number(value);
  if (!(n > 0)) throw new InvalidArgumentError('a positive number of seconds');
  return n;
}

function shard(value: string): Shard {
  try {
    return parseShard(value);
  } catch (err) {
    throw new InvalidArgumentError((err as Error).message);
  }
}

function jobs(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('a whole number of at least 1');
  return n;
}

function summary(report: BuildReport): string {
  const failed = report.languages.filter((l) => !l.ok);
  const files = report.languages.reduce((n, l) => n + l.outputs.length, 0);
  const warnings = report.languages.reduce((n, l) => n + l.warnings.length, 0);
  const cached = report.languages.reduce((n, l) => n + l.outputs.filter((o) => o.cached).length, 0);
  const head = `${files} file${files === 1 ? '' : 's'}${cached ? ` (${cached} cached)` : ''} for ${report.languages.length} language${report.languages.length === 1 ? '' : 's'} in ${(report.ms / 1000).toFixed(1)} s`;
  const tailParts = [
    warnings ? `${warnings} warning${warnings === 1 ? '' : 's'}` : '',
    failed.length ? `failed: ${failed.map((l) => l.lang).join(', ')}` : '',
  ].filter(Boolean);
  return `${head}${tailParts.length ? `; ${tailParts.join('; ')}` : ''}`;
}

export function buildCommand(program: Command, io: Io, result: CommandResult): void {
  languageCommand(program, 'build', 'build every language (or those given) into every format (or those given)', 'build')
    .addOption(outOption('output directory'))
    .option('--shard <K/N>', 'build only shard K of N: each language always falls in the same one of N shards (CI matrix jobs)', shard)
    .addOption(formatOption((choices) => `comma-separated formats: ${choices} (default: ${defaultFormats()}; mobi is skipped when calibre is missing)`))
    .addOption(configOption())
    .addOption(ebookConvertOption())
    .addOption(diaOption())
    .addOption(noDiaOption())
    .option('--timeout <seconds>', 'end an ebook-convert run that takes longer; its format fails (default: 900)', seconds)
    .option('--validate', 'run epubcheck on every EPUB written; an error fails the language', false)
    .option('--a11y', 'with --validate: run DAISY Ace on every EPUB after epubcheck; a serious or critical violation fails the language', false)
    .option('--strict', 'treat warnings (missing figures, ...) as errors', false)
    .option('-j, --jobs <n>', 'how many ebook-convert conversions run at once (default: the number of CPUs)', jobs)
    .option('--no-index', 'do not write <out>/index.html, the page listing the ebooks the directory holds')
    .option('--force', 'rebuild every language and format even when the cache has it', false)
    .addOption(new Option('-q, --quiet', 'print only errors').default(false))
    .addOption(jsonOption('the build report', 'on stdout'))
    .action(
      async (
        book: string,
        opts: {
          out: string;
          lang?: string[];
          shard?: Shard;
          format?: string[];
          config?: string;
          ebookConvert?: string;
          dia?: string | boolean;
          timeout?: number;
          jobs?: number;
          force: boolean;
          index: boolean;
          strict: boolean;
          validate: boolean;
          a11y: boolean;
          quiet: boolean;
          json: boolean;
        },
      ) => {
        const interruption = interruptOnSignals(io.stderr);
        const reporter = progressReporter(progressMode({ quiet: opts.quiet, isTty: Boolean(io.stderrIsTty) }), io.stderr);
        let report: BuildReport;
        try {
          const { build } = await import('../build/build.js');
          report = await build({
            signal: interruption.signal,
            timeoutSeconds: opts.timeout,
            book,
            out: opts.out,
            languages: opts.lang,
            shard: opts.shard,
            formats: opts.format,
            config: opts.config,
            ebookConvert: opts.ebookConvert,
            dia: diaChoice(opts.dia),
            strict: opts.strict,
            validate: opts.validate,
            a11y: opts.a11y,
            concurrency: opts.jobs,
            force: opts.force,
            index: opts.index,
            progress: reporter.progress,
            log: (level, message) => {
              if (level === 'info' && opts.json) return;
              reporter.log(level, message);
            },
          });
        } catch (err) {
          if (!(err instanceof BuildInterrupted)) throw err;
          io.stderr(
            `progit-ebook: interrupted by ${String(err.reason)}; running tools ended and temporary files removed, files already in ${resolve(opts.out)} left intact\n`,
          );
          result.exitCode = exitCodeFor(err.reason) ?? EXIT_FAILED;
          return;
        } finally {
          reporter.finish();
          interruption.dispose();
        }
        if (opts.json) io.stdout(`${JSON.stringify(report, null, 2)}\n`);
        if (!opts.quiet || !report.ok) io.stderr(`${summary(report)}\n`);
        result.exitCode = report.ok ? EXIT_OK : EXIT_FAILED;
      },
    );
}
