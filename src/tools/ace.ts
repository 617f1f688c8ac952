// Running DAISY Ace, the reference accessibility checker for EPUB, on a built book. We use its
// command-line tool (`@daisy/ace-cli`, which drives a Chromium through puppeteer) with the
// system's Chromium: puppeteer's own browser download is not wanted, and the Electron-based
// `@daisy/ace` app does not install on a server. Ace writes a JSON report into a directory, read
// back by ace-report.ts.
import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { UserError, type Diagnostic } from '../util/diagnostics.js';
import { makeTempDir } from '../util/temp-dir.js';
import { aceFindings as reportFindings, parseAceReport } from './ace-report.js';
import { whichSync } from './calibre.js';
import { BROWSER_NAMES, MACOS_CHROME } from './chromium.js';
import { absentStatus, versionOutput, type ToolCheck } from './probe.js';
import { describeToolFailure, runTool, type ToolRun } from './run-tool.js';

/** What installs Ace and a browser for it outside this checkout (where `npm run setup` does). */
const ACE_INSTALL_COMMAND = 'PUPPETEER_SKIP_DOWNLOAD=1 npm install --global @daisy/ace-cli && sudo apt-get install chromium';

const ACE_INSTALL_HINT = [
  'install DAISY Ace (its command-line tool) and Chromium:',
  "  in this checkout: npm run setup   (npm ci brings @daisy/ace-cli; apt-get brings Debian's chromium)",
  `  anywhere:         ${ACE_INSTALL_COMMAND}`,
  'or point to them with the ACE and PUPPETEER_EXECUTABLE_PATH environment variables',
].join('\n');

export interface AceCommand {
  file: string;
  args: string[];
}

export interface AceTools {
  ace: AceCommand;
  /** The Chromium (or Chrome) Ace's puppeteer runs. */
  browser: string;
}

/** `PUPPETEER_EXECUTABLE_PATH` when it exists, else a Chromium or Chrome on PATH. */
export function findBrowser(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.PUPPETEER_EXECUTABLE_PATH && existsSync(env.PUPPETEER_EXECUTABLE_PATH)) return env.PUPPETEER_EXECUTABLE_PATH;
  for (const name of BROWSER_NAMES) {
    const path = whichSync(name, env.PATH);
    if (path) return path;
  }
  return existsSync(MACOS_CHROME) ? MACOS_CHROME : undefined;
}

/** The project's own Ace (a devDependency, so `npm ci` brings it), run with this Node. */
function installedAce(): AceCommand | undefined {
  try {
    const manifest = createRequire(import.meta.url).resolve('@daisy/ace-cli/package.json');
    const script = join(dirname(manifest), 'bin', 'ace.js');
    return existsSync(script) ? { file: process.execPath, args: [script] } : undefined;
  } catch {
    return undefined;
  }
}

/** Ace from `ACE`, else the project's own, else `ace-cli` or `ace` on PATH. */
export function findAce(env: NodeJS.ProcessEnv = process.env): AceCommand | undefined {
  if (env.ACE) return { file: env.ACE, args: [] };
  const own = installedAce();
  if (own) return own;
  const onPath = whichSync('ace-cli', env.PATH) ?? whichSync('ace', env.PATH);
  return onPath ? { file: onPath, args: [] } : undefined;
}

/** Ace and a browser for it, or a `tool-missing` error (exit 1) naming what to install. */
export function requireAce(env: NodeJS.ProcessEnv = process.env): AceTools {
  const ace = findAce(env);
  const browser = findBrowser(env);
  if (ace && browser) return { ace, browser };
  const missing = [ace ? '' : 'DAISY Ace', browser ? '' : 'Chromium'].filter(Boolean).join(' and ');
  throw new UserError(
    { message: `checking accessibility needs ${missing}, which ${ace || browser ? 'was' : 'were'} not found\n${ACE_INSTALL_HINT}`, rule: 'tool-missing' },
    1,
  );
}

/** Ace runs a Chromium per EPUB, a few seconds each: two at a time keep a small machine responsive. */
export const ACE_RUNS = 2;

export interface AceOptions {
  tools?: AceTools;
  /** How the EPUB is named in findings (default: its path as given). */
  label?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
}

const DEFAULT_TIMEOUT_MS = 5 * 60_000;

/** The environment Ace's puppeteer needs to use `browser` and never download one. */
function aceEnvironment(browser: string): Record<string, string> {
  return { PUPPETEER_EXECUTABLE_PATH: browser, PUPPETEER_SKIP_DOWNLOAD: '1' };
}

/**
 * Why Ace failed, in its own words: its `error:` log lines (`Couldn't find EPUB file ...`, `The ZIP
 * archive couldn't be repaired.`) without colors, rather than the tail of its log, which only
 * advises --verbose.
 */
function describeAceFailure(run: ToolRun, timeoutMs: number): string {
  const plain = run.output.replace(/\u001b\[[0-9;]*m/g, '');
  const errors = [...new Set([...plain.matchAll(/^[ \t]*error[ \t]*:[ \t]*(\S.*)$/gm)].map((m) => m[1]!.trim()))];
  return describeToolFailure('Ace', { ...run, output: errors.slice(0, 3).join('\n') || plain }, timeoutMs, 5);
}

/** The findings of a finished run: its report's, or one error saying why there is none. */
async function runFindings(run: ToolRun, outdir: string, label: string, timeoutMs: number): Promise<Diagnostic[]> {
  const failed = run.timedOut || run.startError !== undefined || run.signal !== undefined || run.exitCode !== 0;
  const failure = (message: string): Diagnostic[] => [{ severity: 'error', file: label, message, rule: 'ace' }];
  if (failed) return failure(describeAceFailure(run, timeoutMs));
  let text: string;
  try {
    text = await readFile(join(outdir, 'report.json'), 'utf8');
  } catch {
    return failure(describeAceFailure(run, timeoutMs));
  }
  try {
    return reportFindings(parseAceReport(text), label);
  } catch (err) {
    return failure(`Ace's report could not be read: ${(err as Error).message}`);
  }
}

/**
 * Ace's violations in one EPUB as findings on `<label>/<document inside it>`. A run that fails
 * (Ace cannot start, times out, writes no report) is one error on the EPUB, rule `ace`; a
 * cancelled run throws.
 */
export async function aceFindings(epubPath: string, options: AceOptions = {}): Promise<Diagnostic[]> {
  const { ace, browser } = options.tools ?? requireAce();
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const outdir = await makeTempDir('progit-ebook-ace-');
  try {
    // Not --silent: that also silences the error lines that say why a run failed.
    const args = [...ace.args, '--outdir', outdir, '--force', resolve(epubPath)];
    const run = await runTool(ace.file, args, { timeoutMs, signal: options.signal, env: aceEnvironment(browser) });
    if (run.cancelled) throw new Error('Ace was stopped because the run was interrupted');
    return await runFindings(run, outdir, options.label ?? epubPath, timeoutMs);
  } finally {
    await rm(outdir, { recursive: true, force: true });
  }
}

/** doctor's check of DAISY Ace (accessibility of EPUBs: `check --epub --a11y`) and the Chromium it drives. */
export async function probeAce(required: boolean): Promise<ToolCheck> {
  const name = 'ace';
  const absent = absentStatus(required);
  const fix = `npm run setup, or ${ACE_INSTALL_COMMAND}`;
  const command = findAce();
  const browser = findBrowser();
  if (!command || !browser) {
    const missing = [command ? '' : 'DAISY Ace', browser ? '' : 'Chromium'].filter(Boolean).join(' and ');
    return { name, status: absent, required, detail: `${missing} not found; check --epub --a11y needs ${command || browser ? 'it' : 'them'}`, fix };
  }
  const shown = [command.file, ...command.args].join(' ');
  const { output, failure } = await versionOutput(command.file, [...command.args, '--version'], aceEnvironment(browser));
  const version = /([0-9]+\.[0-9][0-9.]*)/.exec(output)?.[1];
  if (failure || !version) return { name, status: absent, required, path: shown, detail: `${shown} ${failure ?? `printed no version: ${output.trim()}`}`, fix };
  return { name, status: 'ok', required, path: shown, version, detail: `${version} (${shown}), with ${browser}` };
}
