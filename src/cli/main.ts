// The command line: one file per command (parsing only), each calling the programmatic API.
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { describeFailure, UserError } from '../util/diagnostics.js';
import { packageFile } from '../util/package-root.js';
import { buildCommand } from './build-command.js';
import { checkCommand } from './check-command.js';
import { doctorCommand } from './doctor-command.js';
import { indexCommand } from './index-command.js';
import { serveCommand } from './serve-command.js';
import { statusCommand } from './status-command.js';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, type CommandResult, type Io } from './io.js';

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(packageFile('package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

const COMMANDS = [buildCommand, indexCommand, checkCommand, statusCommand, doctorCommand, serveCommand];

/**
 * Writes to a standard stream that may be closed by its reader (`2>&1 | head -c 1`): the EPIPE
 * arrives as an 'error' event, which unhandled ended the build half-way. Output nobody reads is
 * dropped; the build goes on, writes every file and exits with its own status.
 */
function streamWriter(stream: NodeJS.WriteStream): (text: string) => void {
  let closed = false;
  stream.on('error', () => {
    closed = true;
  });
  return (text) => {
    if (!closed) stream.write(text);
  };
}

const processIo: Io = {
  stdout: streamWriter(process.stdout),
  stderr: streamWriter(process.stderr),
  isTty: Boolean(process.stdout.isTTY),
  stderrIsTty: Boolean(process.stderr.isTTY),
};

/** Runs the CLI with `argv` (without node and script) and returns the exit code. */
export async function main(argv: string[], io: Io = processIo): Promise<number> {
  const result: CommandResult = { exitCode: EXIT_OK };
  const program = new Command('progit-ebook')
    .description('Build HTML, EPUB and MOBI ebooks from a multi-language Markdown book laid out like Pro Git')
    .version(packageVersion(), '-V, --version')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError('(run with --help for usage)');
  for (const register of COMMANDS) register(program, io, result);

  try {
    await program.parseAsync(argv, { from: 'user' });
    return result.exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      return err.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    }
    io.stderr(`progit-ebook: ${describeFailure(err, 'the command line')}\n`);
    return err instanceof UserError ? err.exitCode : EXIT_FAILED;
  }
}
