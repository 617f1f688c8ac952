// What every CLI command shares: where output goes, the exit codes, the book and --lang options.
import type { Command } from 'commander';

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** True when stdout is a terminal (tables for people, JSON for programs). */
  isTty?: boolean;
  /** True when stderr is a terminal (a live progress view instead of log lines). */
  stderrIsTty?: boolean;
}

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

/** `--lang en,zh --lang ja` -> ['en', 'zh', 'ja']. */
export const list = (value: string, previous: string[] = []) => [
  ...previous,
  ...value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
];

/** A command sets the process exit code through this, so `main` can return it. */
export interface CommandResult {
  exitCode: number;
}

export const BOOK_ARGUMENT = 'book directory holding the language directories';

/** A command over a book's languages: the `[book]` argument and `--lang`, worded alike for every command. */
export function languageCommand(program: Command, name: string, description: string, verb: string): Command {
  return program
    .command(name)
    .description(description)
    .argument('[book]', BOOK_ARGUMENT, '.')
    .option('-l, --lang <codes>', `comma-separated languages to ${verb} (default: all)`, list);
}
