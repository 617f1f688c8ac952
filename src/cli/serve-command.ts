// `progit-ebook serve`: argument parsing only; the server is serve/serve.ts.
import { InvalidArgumentError, type Command } from 'commander';
import { DEFAULT_SERVE_PORT } from '../serve/serve-port.js';
import { BOOK_ARGUMENT, EXIT_OK, type CommandResult, type Io } from './io.js';
import { configOption, diaChoice, diaOption, noDiaOption } from './options.js';

function port(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 65535) throw new InvalidArgumentError('a port number from 0 to 65535 (0 picks a free one)');
  return n;
}

/** Resolves when the user stops the server (Ctrl-C, or SIGTERM from a process manager). */
function stopRequested(): Promise<NodeJS.Signals> {
  return new Promise((resolveStop) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolveStop(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

export function serveCommand(program: Command, io: Io, result: CommandResult): void {
  program
    .command('serve')
    .description('live HTML preview of one language for translators: rebuilt and reloaded in the browser when a source or figure changes')
    .argument('[book]', BOOK_ARGUMENT, '.')
    .option('-l, --lang <code>', 'the language to preview (required when the book has several)')
    .option('-p, --port <n>', `port on 127.0.0.1; 0 picks a free one`, port, DEFAULT_SERVE_PORT)
    .addOption(configOption())
    .addOption(diaOption())
    .addOption(noDiaOption())
    .action(async (book: string, opts: { lang?: string; port: number; config?: string; dia?: string | boolean }) => {
      const { serve } = await import('../serve/serve.js');
      const server = await serve({
        book,
        lang: opts.lang,
        port: opts.port,
        config: opts.config,
        dia: diaChoice(opts.dia),
        log: (_level, message) => io.stderr(`${message}\n`),
      });
      io.stdout(`serving ${server.lang} at ${server.url} (renders again when its sources or figures change; Ctrl-C to stop)\n`);
      const signal = await stopRequested();
      await server.close();
      io.stderr(`progit-ebook: ${signal}: server stopped\n`);
      result.exitCode = EXIT_OK;
    });
}
