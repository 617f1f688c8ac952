// Finding the system's Chromium, telling its version, driving it for a PDF (through playwright-core,
// which downloads no browser), and doctor's probe of it. The browser is always closed: on success,
// on failure, on a timeout and when the build is interrupted.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { realpath } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { EnvironmentError, UserError } from '../util/diagnostics.js';
import { BuildInterrupted } from '../util/cancellation.js';
import { isExecutable, whichSync } from './calibre.js';
import { APT, absentStatus, versionOutput, type ToolCheck } from './probe.js';

/** The names Chromium and Chrome go by on PATH, in the order they are looked for. */
export const BROWSER_NAMES = ['chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome'];
export const MACOS_CHROME = '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome';

export const CHROMIUM_INSTALL_HINTS = [
  'install Chromium, which prints the PDF:',
  '  Debian/Ubuntu: sudo apt-get install chromium   (or: npm run setup)',
  '  macOS:         brew install --cask chromium',
  'or point to it (or to Google Chrome) with the CHROMIUM_PATH environment variable',
].join('\n');

/**
 * Flags for a headless print of a page this tool wrote: no GPU, nothing fetched from the network
 * (updates, metrics, safe browsing), no first-run work.
 */
const LAUNCH_ARGS = [
  '--headless',
  '--disable-gpu',
  '--hide-scrollbars',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-extensions',
  '--disable-default-apps',
  '--metrics-recording-only',
  '--no-pings',
];

/**
 * Chromium from `CHROMIUM_PATH`, else PATH, else the macOS Chrome. A `CHROMIUM_PATH` that is not
 * an executable is a usage error rather than a silent fallback.
 */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const explicit = env.CHROMIUM_PATH;
  if (explicit) {
    if (isExecutable(explicit)) return explicit;
    throw new UserError({ message: `CHROMIUM_PATH: ${explicit} is not an executable file\n${CHROMIUM_INSTALL_HINTS}`, rule: 'tool-missing' }, 2);
  }
  for (const name of BROWSER_NAMES) {
    const path = whichSync(name, env.PATH);
    if (path) return path;
  }
  return existsSync(MACOS_CHROME) ? MACOS_CHROME : undefined;
}

export interface ChromiumIdentity {
  /** `156.0.8078.129`, when it said so. */
  version?: string;
  /** Changes whenever the executable or its version does. */
  id: string;
}

/** `Chromium 156.0.8078.129 built on Debian` -> `156.0.8078.129`. */
function versionIn(output: string): string | undefined {
  return /(?:Chromium|Chrome)[^0-9\n]*([0-9]+(?:\.[0-9]+){1,3})/.exec(output)?.[1];
}

/** Chromium as a cache key sees it: its resolved path and the version it prints (a fifth of a second). */
export async function chromiumIdentity(path: string): Promise<ChromiumIdentity> {
  const [executable, { output }] = await Promise.all([realpath(path).catch(() => path), versionOutput(path, ['--version'], {})]);
  const version = versionIn(output);
  return { version, id: `${executable}\0${version ?? output.trim()}` };
}

export interface BrowserRunOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
}

/**
 * Chromium refuses to start as root with its sandbox on, and a container without user namespaces
 * (the Docker image's non-root user) cannot give it one: there, and where CHROMIUM_NO_SANDBOX=1
 * says so, it runs without. The page it prints is this tool's own, with no script and no network.
 */
function withoutSandbox(env: NodeJS.ProcessEnv = process.env, uid = process.getuid?.()): boolean {
  return uid === 0 || env.CHROMIUM_NO_SANDBOX === '1';
}

/** A Chromium print of a whole Pro Git language takes seconds; a hung one takes forever. */
const DEFAULT_TIMEOUT_MS = 10 * 60_000;

/**
 * Starts `executable` headless, runs `work` with it and closes it, whatever happens: `work`'s
 * failure, the timeout (an EnvironmentError) or the build's interruption (BuildInterrupted) all
 * close the browser, which ends its processes and removes its profile directory.
 */
export async function withChromium<T>(executable: string, options: BrowserRunOptions, work: (browser: Browser) => Promise<T>): Promise<T> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (options.signal?.aborted) throw new BuildInterrupted(options.signal.reason);
  // required, not imported: the bundle (scripts/bundle.mjs) leaves playwright-core outside and runs
  // in a vm.Script, which has no dynamic import().
  const { chromium } = createRequire(import.meta.url)('playwright-core') as typeof import('playwright-core');
  const browser = await chromium
    .launch({
      executablePath: executable,
      args: withoutSandbox() ? [...LAUNCH_ARGS, '--no-sandbox'] : LAUNCH_ARGS,
      timeout: timeoutMs,
      // The build handles its own signals (src/cli/signals.ts) and closes the browser through `signal`.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    })
    .catch((err: unknown) => {
      throw chromiumFailure(err, executable);
    });
  let stopped: EnvironmentError | BuildInterrupted | undefined;
  let stop: (reason: EnvironmentError | BuildInterrupted) => void = () => {};
  const stopping = new Promise<never>((_, reject) => {
    stop = (reason) => {
      stopped ??= reason;
      reject(reason);
    };
  });
  stopping.catch(() => {});
  const timer = setTimeout(() => stop(new EnvironmentError(`chromium timed out after ${Math.round(timeoutMs / 1000)} s`)), timeoutMs);
  const onAbort = () => stop(new BuildInterrupted(options.signal?.reason));
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    return await Promise.race([work(browser), stopping]);
  } catch (err) {
    throw stopped ?? chromiumFailure(err, executable);
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
    await browser.close().catch(() => {});
  }
}

/** A failure of the browser (it crashed, could not start, closed its pipe) is the environment's, not ours. */
function chromiumFailure(err: unknown, executable: string): unknown {
  if (!(err instanceof Error) || err instanceof EnvironmentError || err instanceof BuildInterrupted) return err;
  return new EnvironmentError(`chromium (${executable}) failed: ${err.message.split('\n').slice(0, 15).join('\n')}`, { cause: err });
}

/** doctor's check: found and starts (it prints its version). */
export async function probeChromium(required: boolean): Promise<ToolCheck> {
  const name = 'chromium';
  const absent = absentStatus(required);
  let path: string | undefined;
  try {
    path = findChromium();
  } catch (err) {
    if (!(err instanceof UserError)) throw err;
    return {
      name,
      status: absent,
      required,
      detail: err.diagnostic.message.split('\n')[0]!,
      fix: 'point CHROMIUM_PATH to a Chromium or Chrome, or unset it to search PATH',
    };
  }
  const needs = required ? 'needed for the requested formats' : 'pdf needs it';
  const fix = `${APT} chromium (or npm run setup; macOS: brew install --cask chromium), or set CHROMIUM_PATH`;
  if (!path) return { name, status: absent, required, detail: `Chromium not found (${needs})`, fix };
  const { output, failure } = await versionOutput(path, ['--version'], {});
  if (failure)
    return { name, status: absent, required, path, detail: `${path} ${failure}`, fix: `reinstall it (${APT} --reinstall chromium) or set CHROMIUM_PATH` };
  const version = versionIn(output);
  return { name, status: 'ok', required, path, version, detail: `${version ?? output.trim().split('\n')[0]} at ${path}` };
}
