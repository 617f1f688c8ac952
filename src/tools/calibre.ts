// Finding calibre's ebook-convert, telling its version, running it, and doctor's probe of it.
// Arguments always go as an array.
import { accessSync, constants, existsSync, readFileSync, statSync } from 'node:fs';
import { readFile, realpath } from 'node:fs/promises';
import { delimiter, dirname, join, resolve } from 'node:path';
import { UserError, EnvironmentError } from '../util/diagnostics.js';
import { packageFile } from '../util/package-root.js';
import { APT, absentStatus, versionOutput, type ToolCheck } from './probe.js';
import { describeToolFailure, runTool } from './run-tool.js';

const MACOS_EBOOK_CONVERT = '/Applications/calibre.app/Contents/MacOS/ebook-convert';

export const EBOOK_CONVERT_INSTALL_HINTS = [
  'install calibre, which provides ebook-convert:',
  '  Debian/Ubuntu: sudo apt-get install calibre   (or: npm run setup)',
  '  macOS:         brew install --cask calibre',
  '  Docker:        docker run --rm -v "$PWD:/book" progit-ebook build /book',
  'or point to it with --ebook-convert PATH or the EBOOK_CONVERT environment variable',
].join('\n');

/** A regular file this process may execute. */
export function isExecutable(path: string): boolean {
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
function chromiumSandboxEnv(env: NodeJS.ProcessEnv = process.env, uid = process.getuid?.()): Record<string, string> {
  return uid === 0 && env.QTWEBENGINE_DISABLE_SANDBOX === undefined ? { QTWEBENGINE_DISABLE_SANDBOX: '1' } : {};
}

/** Generous: a PDF of a whole Pro Git language takes a minute or two; a hung calibre takes forever. */
const DEFAULT_CONVERT_TIMEOUT_MS = 15 * 60_000;

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

export interface CalibreInstall {
  /** The launcher with its links resolved. */
  executable: string;
  /** The launcher's bytes: a different ebook-convert is a different tool. */
  launcher: Buffer;
  /** `6.13.0`, when calibre's sources say so. */
  version?: string;
}

/**
 * calibre's version without starting it (which takes most of a second, and a build's cache key must
 * not wait for that nor depend on a broken calibre answering): its launcher names the directory of
 * its Python package (`/usr/lib/calibre`), whose constants.py holds `numeric_version`. The one way
 * calibre's version is found, for the cache key and for doctor.
 */
export async function inspectCalibre(tool: string): Promise<CalibreInstall> {
  const executable = await realpath(tool).catch(() => tool);
  const launcher = await readFile(executable).catch(() => Buffer.alloc(0));
  const head = launcher.subarray(0, 4096).toString('latin1');
  const candidates = [
    process.env.CALIBRE_PYTHON_PATH,
    /CALIBRE_PYTHON_PATH['"]\s*,\s*['"]([^'"]+)['"]/.exec(head)?.[1],
    join(dirname(executable), '..', 'lib', 'calibre'),
    join(dirname(executable), 'lib', 'calibre'),
  ].filter((p): p is string => Boolean(p));
  for (const dir of candidates) {
    const source = await readFile(join(dir, 'calibre', 'constants.py'), 'utf8').catch(() => undefined);
    const m = source && /^numeric_version\s*=\s*\((\d+),\s*(\d+),\s*(\d+)\)/m.exec(source);
    if (m) return { executable, launcher, version: `${m[1]}.${m[2]}.${m[3]}` };
  }
  return { executable, launcher };
}

/** The calibre version the Docker image and `npm run setup` install: `scripts/calibre-version`. */
export function pinnedCalibreVersion(): string | undefined {
  try {
    return readFileSync(packageFile('scripts', 'calibre-version'), 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

/** ebook-convert from the option or the environment; a wrong explicit path is a finding, not an exception. */
function locateForProbe(explicit: string | undefined): { path?: string; wrong?: string } {
  try {
    return { path: findEbookConvert(explicit) };
  } catch (err) {
    if (!(err instanceof UserError)) throw err;
    return { wrong: err.diagnostic.message.split('\n')[0]! };
  }
}

/** doctor's check: found, starts, and is the pinned version. */
export async function probeCalibre(required: boolean, explicit: string | undefined, pin: string | undefined): Promise<ToolCheck> {
  const name = 'calibre';
  const absent = absentStatus(required);
  const { path, wrong } = locateForProbe(explicit);
  if (wrong)
    return {
      name,
      status: absent,
      required,
      detail: wrong,
      fix: "point --ebook-convert or EBOOK_CONVERT to calibre's ebook-convert, or unset it to search PATH",
    };
  const needs = required ? 'needed for the requested formats' : 'mobi and azw3 need it; a default build skips mobi';
  const installFix = `${APT} calibre (or npm run setup; macOS: brew install --cask calibre), or pass --ebook-convert PATH`;
  if (!path) return { name, status: absent, required, detail: `ebook-convert not found (${needs})`, fix: installFix };
  // doctor runs the tool anyway, to see that it starts; its sources name the version, and where they
  // are not beside it (a wrapper script, a fake in the tests) what it prints does.
  const [{ output, failure }, install] = await Promise.all([versionOutput(path, ['--version']), inspectCalibre(path)]);
  if (failure) {
    const fix = `reinstall calibre (${APT} --reinstall calibre) or pass another --ebook-convert`;
    return { name, status: absent, required, path, detail: `${path} ${failure}`, fix };
  }
  const version = install.version ?? /calibre ([0-9][0-9.]*)/.exec(output)?.[1];
  if (!version) {
    const detail = `${path}: cannot tell its version from "${output.trim().split('\n')[0] ?? ''}"`;
    return { name, status: 'warning', required, path, detail, fix: `use calibre ${pin ?? ''} (the version the Docker image pins)`.replace('  ', ' ') };
  }
  if (pin && version !== pin) {
    const detail = `${version} at ${path}; the pinned version is ${pin}, so outputs may differ from the Docker image's and CI's`;
    return {
      name,
      status: 'warning',
      required,
      path,
      version,
      detail,
      fix: `install calibre ${pin} (scripts/calibre-version), or build with the Docker image`,
    };
  }
  return { name, status: 'ok', required, path, version, detail: `${version} at ${path}${pin ? ' (the pinned version)' : ''}` };
}
