// The options several commands take, declared once so that they read alike everywhere. The formats
// in --format's help are read from the writer registry when the command is declared (every run of
// `main`), never copied: a writer added there is listed with the others.
import { Option } from 'commander';
import { DEFAULT_REFERENCE } from '../layout/reference.js';
import { DEFAULT_FORMATS, WRITERS } from '../writers/registry.js';
import type { Writer } from '../writers/writer.js';
import { list } from './io.js';

/** `html, epub, mobi, azw3, pdf, or all`: every format of `writers` (the registry's), then `all`. */
export function formatChoices(writers: readonly Writer[] = WRITERS): string {
  return [...writers.map((w) => w.format), 'or all'].join(', ');
}

/** The formats a build makes when none are given, as --format writes them. */
export function defaultFormats(): string {
  return DEFAULT_FORMATS.join(',');
}

/** `-f, --format`, comma-separated and repeatable; `describe` gets the list of choices. */
export function formatOption(describe: (choices: string) => string): Option {
  return new Option('-f, --format <formats>', describe(formatChoices())).argParser(list);
}

export function outOption(description: string): Option {
  return new Option('-o, --out <dir>', description).default('./dist');
}

export function configOption(): Option {
  return new Option('--config <file>', 'configuration file (default: <book>/book.json)');
}

export function ebookConvertOption(): Option {
  return new Option('--ebook-convert <path>', "calibre's ebook-convert (default: $EBOOK_CONVERT, then PATH)");
}

/** `--dia <path>`; with `--no-dia` commander folds both into one value: see `diaChoice`. */
export function diaOption(): Option {
  return new Option('--dia <path>', 'dia, for localized figures in <lang>/figures-dia (default: $DIA, then PATH)');
}

export function noDiaOption(): Option {
  return new Option('--no-dia', 'do not render <lang>/figures-dia; use the shared figures');
}

/** What the API takes for dia: a path, false for --no-dia, undefined (find it) when neither was given. */
export function diaChoice(value: string | boolean | undefined): string | false | undefined {
  return value === true ? undefined : value;
}

/** `--reference <lang>`: no value when not given, so that the API applies the default (resolveReference); the help names it. */
export function referenceOption(description: string): Option {
  return new Option('--reference <lang>', `${description} (default: ${JSON.stringify(DEFAULT_REFERENCE)})`);
}

/** `--json`, off by default: `print <what> as JSON[ <where>]`. */
export function jsonOption(what: string, where?: string): Option {
  return new Option('--json', `print ${what} as JSON${where ? ` ${where}` : ''}`).default(false);
}
