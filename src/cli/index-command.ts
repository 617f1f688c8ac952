// `progit-ebook index`: argument parsing and printing only; the work is in catalog/index-directory.ts.
import { InvalidArgumentError, type Command } from 'commander';
import { UserError } from '../util/diagnostics.js';
import { EXIT_OK, type CommandResult, type Io } from './io.js';
import { configOption, jsonOption } from './options.js';

function shardCount(value: string): number {
  if (!/^[1-9]\d*$/.test(value) || !Number.isSafeInteger(Number(value))) throw new InvalidArgumentError('a whole number of at least 1');
  return Number(value);
}

export function indexCommand(program: Command, io: Io, result: CommandResult): void {
  program
    .command('index')
    .description("write <dir>/index.html, the readers' page of the ebooks the directory holds (after merging builds' files); exit 1 when it holds none")
    .argument('<dir>', 'directory of ebooks (<name>.<lang>.<ext>), with the manifest.json of the builds that made them if there is one')
    .option('--book <dir>', "the book's directory: the page gets its cover, titles and book.json's language names")
    .addOption(configOption())
    .option(
      '--merge <path...>',
      "first merge sharded builds' manifest.json files (each PATH a file, or a directory searched for them) into <dir>/manifest.json",
    )
    .option('--shards <n>', 'with --merge: the shard count N of `build --shard K/N`; each language is recorded with its shard', shardCount)
    .option('-q, --quiet', 'print only errors', false)
    .addOption(jsonOption('the report', 'on stdout'))
    .action(async (dir: string, opts: { book?: string; config?: string; merge?: string[]; shards?: number; quiet: boolean; json: boolean }) => {
      const warn = (message: string) => io.stderr(`warning: ${message}\n`);
      if (opts.shards !== undefined && !opts.merge) throw new UserError({ message: '--shards goes with --merge', rule: 'usage' }, 2);
      if (opts.merge) {
        const { mergeInto } = await import('../build/merge-manifests.js');
        const merged = await mergeInto(dir, opts.merge, opts.shards, warn);
        if (!opts.quiet)
          io.stderr(`merged ${merged.languages} languages and ${merged.files} files from ${merged.manifests} manifests into ${dir}/manifest.json\n`);
      }
      const { writeDirectoryIndex } = await import('../catalog/index-directory.js');
      const report = await writeDirectoryIndex({ dir, book: opts.book, config: opts.config, log: (_level, message) => warn(message) });
      if (opts.json) io.stdout(`${JSON.stringify(report, null, 2)}\n`);
      if (!opts.quiet) io.stderr(`${report.index}: ${report.files} files in ${report.languages.length} languages\n`);
      result.exitCode = EXIT_OK;
    });
}
