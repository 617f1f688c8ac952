// Running epubcheck. Debian's /usr/bin/epubcheck is a bare symlink to the jar and fails when
// executed, so the jar is run with `java -jar`.
import { existsSync, realpathSync } from 'node:fs';
import { loadExeca } from '../util/load-execa.js';
import type { Diagnostic } from '../util/diagnostics.js';
import { whichSync } from './calibre.js';
import { APT, absentStatus, versionOutput, type ToolCheck } from './probe.js';
import { EnvironmentError, UserError } from '../util/diagnostics.js';

const JAR_CANDIDATES = [
  '/usr/share/java/epubcheck.jar',
  '/usr/share/epubcheck/epubcheck.jar',
  '/opt/homebrew/opt/epubcheck/libexec/epubcheck.jar',
  '/usr/local/opt/epubcheck/libexec/epubcheck.jar',
];

export const EPUBCHECK_INSTALL_HINTS = [
  'install epubcheck and a Java runtime:',
  '  Debian/Ubuntu: sudo apt-get install epubcheck default-jre-headless   (or: npm run setup)',
  '  macOS:         brew install epubcheck',
  'or point to the jar with the EPUBCHECK_JAR environment variable',
].join('\n');

/** `--validate` checks the EPUBs a build writes: without epub among the formats there is nothing to check. */
export function requireEpubToValidate(formats: readonly string[]): void {
  if (!formats.includes('epub')) throw new UserError({ message: '--validate checks the EPUBs a build writes: add epub to --format', rule: 'usage' }, 2);
}

export interface EpubcheckCommand {
  file: string;
  args: string[];
}

/** Java from `JAVA` (when set and not empty), else PATH. */
function findJava(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env.JAVA || whichSync('java', env.PATH);
}

/** How to run epubcheck here: `EPUBCHECK_JAR`, a known jar location, or an `epubcheck` launcher script. */
export function findEpubcheck(env: NodeJS.ProcessEnv = process.env): EpubcheckCommand | undefined {
  const java = findJava(env);
  const jar = [env.EPUBCHECK_JAR, ...JAR_CANDIDATES].find((p): p is string => Boolean(p && existsSync(p)));
  if (jar && java) return { file: java, args: ['-jar', jar] };
  const launcher = whichSync('epubcheck', env.PATH);
  if (launcher && !realpathSync(launcher).endsWith('.jar')) return { file: launcher, args: [] };
  if (launcher && java) return { file: java, args: ['-jar', realpathSync(launcher)] };
  return undefined;
}

export interface EpubcheckResult {
  errors: number;
  warnings: number;
  fatals: number;
  messages: Diagnostic[];
  output: string;
}

// ERROR(RSC-005): /path/book.epub/OEBPS/ch01.xhtml(12,5): message
const MESSAGE = /^(FATAL|ERROR|WARNING|USAGE|INFO)\(([A-Z]+-\d+[a-z]?)\): (.*?)(?:\((-?\d+),(-?\d+)\))?: (.*)$/;

/**
 * epubcheck's findings. An exit status that says failure without any counted error (a missing
 * file, a file that is not an EPUB) becomes one error naming the file, so it can never pass.
 */
export function parseEpubcheckOutput(output: string, exitCode = 0, epub?: string): EpubcheckResult {
  const messages: Diagnostic[] = [];
  for (const line of output.split('\n')) {
    const m = MESSAGE.exec(line.trim());
    if (!m) continue;
    const [, level, code, file, l, c, message] = m;
    if (level === 'INFO' || level === 'USAGE') continue;
    messages.push({
      severity: level === 'WARNING' ? 'warning' : 'error',
      file,
      line: l && Number(l) > 0 ? Number(l) : undefined,
      column: c && Number(c) > 0 ? Number(c) : undefined,
      message: message!,
      rule: code,
    });
  }
  const counts = /Messages: (\d+) fatals? \/ (\d+) errors? \/ (\d+) warnings?/.exec(output);
  let errors = counts ? Number(counts[2]) : messages.filter((m) => m.severity === 'error').length;
  const fatals = counts ? Number(counts[1]) : 0;
  if (exitCode !== 0 && errors + fatals === 0) {
    const why = output
      .trim()
      .split('\n')
      .filter((l) => l.trim() && !/^(Validating|EPUBCheck|Messages:|Check finished)/.test(l))
      .slice(-3)
      .join(' / ');
    messages.push({ severity: 'error', file: epub, message: `epubcheck failed (exit ${exitCode})${why ? `: ${why}` : ''}`, rule: 'epubcheck' });
    errors = 1;
  }
  return {
    fatals,
    errors,
    warnings: counts ? Number(counts[3]) : messages.filter((m) => m.severity === 'warning').length,
    messages,
    output,
  };
}

export async function runEpubcheck(command: EpubcheckCommand, epub: string, signal?: AbortSignal): Promise<EpubcheckResult> {
  const { execa } = await loadExeca();
  const result = await execa(command.file, [...command.args, epub], { reject: false, all: true, timeout: 10 * 60_000, cancelSignal: signal });
  if (result.isCanceled) throw new EnvironmentError('epubcheck was stopped because the build was interrupted');
  if (result.timedOut) throw new EnvironmentError(`epubcheck timed out after 10 minutes on ${epub}`);
  if (result.exitCode === undefined) throw new EnvironmentError(`epubcheck did not run: ${result.shortMessage}`);
  return parseEpubcheckOutput(result.all ?? '', result.exitCode, epub);
}

/** doctor's check of Java, which epubcheck runs on. */
export async function probeJava(required: boolean): Promise<ToolCheck> {
  const name = 'java';
  const absent = absentStatus(required);
  const fix = `${APT} default-jre-headless (or npm run setup), or set JAVA to a java binary`;
  const path = findJava();
  if (!path) return { name, status: absent, required, detail: `java not found (epubcheck runs on it: --validate and check --epub need it)`, fix };
  const { output, failure } = await versionOutput(path, ['-version']);
  if (failure) return { name, status: absent, required, path, detail: `${path} ${failure}`, fix };
  const version = /version "([^"]+)"/.exec(output)?.[1] ?? output.trim().split('\n')[0] ?? '';
  return { name, status: 'ok', required, path, version, detail: `${version} at ${path}` };
}

/** doctor's check of epubcheck; `javaOk` only words what is missing. */
export async function probeEpubcheck(required: boolean, javaOk: boolean): Promise<ToolCheck> {
  const name = 'epubcheck';
  const absent = absentStatus(required);
  const fix = `${APT} epubcheck default-jre-headless (or npm run setup; macOS: brew install epubcheck), or set EPUBCHECK_JAR`;
  const command = findEpubcheck();
  if (!command)
    return {
      name,
      status: absent,
      required,
      detail: `epubcheck not found${javaOk ? '' : ', or no Java to run its jar'}; --validate and check --epub need it`,
      fix,
    };
  const shown = [command.file, ...command.args].join(' ');
  const { output, failure } = await versionOutput(command.file, [...command.args, '--version']);
  const version = /EPUBCheck v?([0-9][0-9.]*)/i.exec(output)?.[1];
  if (failure && !version) return { name, status: absent, required, path: shown, detail: `${shown} ${failure}`, fix };
  return { name, status: 'ok', required, path: shown, version, detail: `${version ?? 'unknown version'} (${shown})` };
}
