// The command line: parses arguments, calls the programmatic API, prints, sets the exit code.
import { readFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { build, type BuildReport } from '../api/build.js';
import { UserError } from '../util/diagnostics.js';

const EXIT_OK = 0;
const EXIT_FAILED = 1;
const EXIT_USAGE = 2;

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

const list = (value: string, previous: string[] = []) => [...previous, ...value.split(',').map((s) => s.trim()).filter(Boolean)];

function summary(report: BuildReport): string {
  const failed = report.languages.filter((l) => !l.ok);
  const files = report.languages.reduce((n, l) => n + l.outputs.length, 0);
  const warnings = report.languages.reduce((n, l) => n + l.warnings.length, 0);
  const head = `${files} file${files === 1 ? '' : 's'} for ${report.languages.length} language${report.languages.length === 1 ? '' : 's'} in ${(report.ms / 1000).toFixed(1)} s`;
  const tailParts = [warnings ? `${warnings} warning${warnings === 1 ? '' : 's'}` : '', failed.length ? `failed: ${failed.map((l) => l.lang).join(', ')}` : ''].filter(Boolean);
  return `${head}${tailParts.length ? `; ${tailParts.join('; ')}` : ''}`;
}

interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/** Runs the CLI with `argv` (without node and script) and returns the exit code. */
export async function main(argv: string[], io: Io = { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) }): Promise<number> {
  let exitCode = EXIT_OK;
  const program = new Command('progit-ebook')
    .description('Build HTML, EPUB and MOBI ebooks from a multi-language Markdown book laid out like Pro Git')
    .version(packageVersion(), '-V, --version')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError('(run with --help for usage)');

  program
    .command('build')
    .description('build every language (or those given) into every format (or those given)')
    .argument('[book]', 'book directory holding the language directories', '.')
    .option('-o, --out <dir>', 'output directory', './dist')
    .option('-l, --lang <codes>', 'comma-separated languages to build (default: all)', list)
    .option('-f, --format <formats>', 'comma-separated formats: html, epub, mobi (default: all three; mobi is skipped when calibre is missing)', list)
    .option('--config <file>', 'configuration file (default: <book>/book.json)')
    .option('--ebook-convert <path>', "calibre's ebook-convert (default: $EBOOK_CONVERT, then PATH)")
    .option('--strict', 'treat warnings (missing figures, ...) as errors', false)
    .addOption(new Option('-q, --quiet', 'print only warnings and errors').default(false))
    .option('--json', 'print the build report as JSON on stdout', false)
    .action(async (book: string, opts: { out: string; lang?: string[]; format?: string[]; config?: string; ebookConvert?: string; strict: boolean; quiet: boolean; json: boolean }) => {
      const report = await build({
        book,
        out: opts.out,
        languages: opts.lang,
        formats: opts.format,
        config: opts.config,
        ebookConvert: opts.ebookConvert,
        strict: opts.strict,
        log: (level, message) => {
          if (level === 'info' && (opts.quiet || opts.json)) return;
          io.stderr(`${message}\n`);
        },
      });
      if (opts.json) io.stdout(`${JSON.stringify(report, null, 2)}\n`);
      if (!opts.quiet || !report.ok) io.stderr(`${summary(report)}\n`);
      exitCode = report.ok ? EXIT_OK : EXIT_FAILED;
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      return err.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    }
    if (err instanceof UserError) {
      io.stderr(`progit-ebook: ${err.message}\n`);
      return err.exitCode;
    }
    io.stderr(`progit-ebook: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return EXIT_FAILED;
  }
}
