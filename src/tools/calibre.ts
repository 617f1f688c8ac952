// Finding and running calibre's ebook-convert. Arguments always go as an array.
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { UserError, EnvironmentError } from '../util/diagnostics.js';
import { describeToolFailure, runTool } from './run-tool.js';

export const MACOS_EBOOK_CONVERT = '/Applications/calibre.app/Contents/MacOS/ebook-convert';

export const EBOOK_CONVERT_INSTALL_HINTS = [
  'install calibre, which provides ebook-convert:',
  '  Debian/Ubuntu: sudo apt-get install calibre   (or: npm run setup)',
  '  macOS:         brew install --cask calibre',
  '  Docker:        docker run --rm -v "$PWD:/book" progit-ebook build /book',
  'or point to it with --ebook-convert PATH or the EBOOK_CONVERT environment variable',
].join('\n');

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** Searches PATH the way a shell would, without running one. */
export function whichSync(name: string, pathEnv = process.env.PATH ?? ''): string | undefined {
  for (const dir of pathEnv.split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

/**
 * ebook-convert from, in order: the explicit option, `EBOOK_CONVERT`, PATH, the macOS app bundle.
 * An explicit path that does not exist is a usage error rather than a silent fallback.
 */
export function findEbookConvert(explicit?: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  for (const [origin, path] of [
    ['--ebook-convert', explicit],
    ['EBOOK_CONVERT', env.EBOOK_CONVERT],
  ] as const) {
    if (!path) continue;
    if (isExecutable(path)) return path;
    throw new UserError({ message: `${origin}: ${path} is not an executable file\n${EBOOK_CONVERT_INSTALL_HINTS}`, rule: 'tool-missing' }, 2);
  }
  return whichSync('ebook-convert', env.PATH) ?? (existsSync(MACOS_EBOOK_CONVERT) ? MACOS_EBOOK_CONVERT : undefined);
}

/**
 * calibre renders PDFs with QtWebEngine, a headless Chromium, which refuses to start as root
 * with its sandbox on ("Running as root without --no-sandbox is not supported": calibre 6.13 on
 * Debian 12, as in Docker and CI). As root, and only then, the sandbox is turned off with
 * Qt WebEngine's own switch (the same as QTWEBENGINE_CHROMIUM_FLAGS=--no-sandbox, without
 * overriding flags a user set); the pages it renders are the EPUB this tool just wrote, scripts
 * removed. No display is needed: calibre starts Qt on its own `headless` platform plugin (and
 * QT_QPA_PLATFORM=offscreen covers any other Qt part). A QTWEBENGINE_DISABLE_SANDBOX set by the
 * user (e.g. a non-root container without user namespaces) is passed through as it is.
 */
export function chromiumSandboxEnv(env: NodeJS.ProcessEnv = process.env, uid = process.getuid?.()): Record<string, string> {
  return uid === 0 && env.QTWEBENGINE_DISABLE_SANDBOX === undefined ? { QTWEBENGINE_DISABLE_SANDBOX: '1' } : {};
}

/** Generous: a PDF of a whole Pro Git language takes a minute or two; a hung calibre takes forever. */
export const DEFAULT_CONVERT_TIMEOUT_MS = 15 * 60_000;

export interface ConvertOptions {
  timeoutMs?: number;
  /** Ends the conversion (and what calibre started) when the build is interrupted. */
  signal?: AbortSignal;
  /** Working directory of the conversion; `input` and `output` may be relative to it. */
  cwd?: string;
  /** More environment for calibre (e.g. PYTHONPATH). */
  env?: Record<string, string>;
}

/** Runs `ebook-convert input output ...args`; a failure raises an error carrying the reason and the tail of its output. */
export async function ebookConvert(tool: string, input: string, output: string, args: string[], options: ConvertOptions = {}): Promise<void> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_CONVERT_TIMEOUT_MS;
  const run = await runTool(tool, [input, output, ...args], {
    timeoutMs,
    signal: options.signal,
    cwd: options.cwd,
    // calibre's Qt parts must not look for a display (CI, Docker, SSH sessions).
    // PYTHONHASHSEED: with Python's per-process string hashing, calibre orders a MOBI's images
    // and text differently on every run; TZ: calibre's dates must not follow the machine's zone.
    env: { QT_QPA_PLATFORM: 'offscreen', CALIBRE_NO_NATIVE_FILEDIALOGS: '1', PYTHONHASHSEED: '0', TZ: 'UTC', ...chromiumSandboxEnv(), ...options.env },
  });
  if (run.exitCode !== 0 || run.timedOut || run.cancelled || !existsSync(resolve(options.cwd ?? '.', output))) {
    throw new EnvironmentError(describeToolFailure('ebook-convert', run, timeoutMs));
  }
}
