// `progit-ebook index`: argument parsing and printing only; the work is in catalog/index-directory.ts.
import type { Command } from 'commander';
import { EXIT_OK, type CommandResult, type Io } from './io.js';
import { configOption, jsonOption } from './options.js';

export function indexCommand(program: Command, io: Io, result: CommandResult): void {
  program
    .command('index')
    .description("write <dir>/index.html, the readers' page of the ebooks the directory holds (after merging builds' files); exit 1 when it holds none")
    .argument('<dir>', 'directory of ebooks (<name>.<lang>.<ext>), with the manifest.json of the builds that made them if there is one')
    .option('--book <dir>', "the book's directory: the page gets its cover, titles and book.json's language names")
    .addOption(configOption())
    .option('-q, --quiet', 'print only errors', false)
    .addOption(jsonOption('the report', 'on stdout'))
    .action(async (dir: string, opts: { book?: string; config?: string; quiet: boolean; json: boolean }) => {
      const { writeDirectoryIndex } = await import('../catalog/index-directory.js');
      const report = await writeDirectoryIndex({ dir, book: opts.book, config: opts.config, log: (_level, message) => io.stderr(`warning: ${message}\n`) });
      if (opts.json) io.stdout(`${JSON.stringify(report, null, 2)}\n`);
      if (!opts.quiet) io.stderr(`${report.index}: ${report.files} files in ${report.languages.length} languages\n`);
      result.exitCode = EXIT_OK;
    });
}
