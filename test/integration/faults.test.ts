// The environment failing under the CLI: a broken, crashing or hanging ebook-convert, SIGINT and
// SIGTERM mid-build, a full or read-only output directory, two builds into one directory, and
// paths full of shell metacharacters. In every case the previous good files must survive byte for
// byte, no temporary file or tool process may be left behind, and the exit status must say what
// happened.
import assert from 'node:assert/strict';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, copyFile, mkdir, readdir, readFile, readlink, rm, stat, statfs, symlink, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { pathToFileURL } from 'node:url';
import { execa, type ResultPromise } from 'execa';
import JSZip from 'jszip';
import { build } from '../../src/build/build.js';
import { findDia } from '../../src/tools/dia.js';
import { LOCK_NAME } from '../../src/util/output-lock.js';
import { CLI, REPO_ROOT, ebookConvertOrSkip, epubcheckOrSkip, makeBook, tempDir, TINY_PNG } from '../helpers.js';

const TWO_LANGUAGES = {
  'en/01-intro/01-chapter1.markdown': '# Intro #\n\n## Section ##\n\nInsert fig0101.png\nFigure 1-1. A figure\n',
  'fr/01-intro/01-chapter1.markdown': '# Introduction #\n\n## Section ##\n\nInsert fig0101.png\nFigure 1-1. Une figure\n',
  'figures/fig0101-tn.png': TINY_PNG,
};

/** Every test run of the CLI carries a mark in its environment, which its tools inherit. */
interface Run {
  child: ResultPromise<{ reject: false; all: true; env: Record<string, string> }>;
  mark: string;
  tmp: string;
}

/**
 * Runs the CLI with its own TMPDIR (to see what it leaves there) and a fixed build date (so two
 * builds of the same book are byte-identical).
 */
async function startCli(args: string[], options: { env?: Record<string, string>; cwd?: string; timeoutMs?: number; runAs?: string[] } = {}): Promise<Run> {
  const mark = randomUUID();
  const tmp = await tempDir();
  // Another user's CLI must be able to write its temporary files.
  if (options.runAs) await chmod(tmp, 0o777);
  const [command, ...prefix] = [...(options.runAs ?? []), process.execPath];
  const child = execa(command!, [...prefix, CLI, ...args], {
    reject: false,
    all: true,
    cwd: options.cwd,
    timeout: options.timeoutMs ?? 40_000,
    // A CLI that ignores SIGINT/SIGTERM must show as slow, not be SIGKILLed 5 s later by execa.
    forceKillAfterDelay: false,
    env: { TMPDIR: tmp, SOURCE_DATE_EPOCH: '1700000000', PROGIT_FAULT_MARK: mark, PROGIT_EBOOK_CACHE: join(tmp, '..', `${mark}-cache`), ...options.env },
  });
  return { child, mark, tmp };
}

async function cli(args: string[], options?: Parameters<typeof startCli>[1]) {
  const run = await startCli(args, options);
  return { ...(await run.child), mark: run.mark, tmp: run.tmp };
}

/** Live processes (not zombies) whose environment holds the mark: what a run left running. */
async function markedProcesses(mark: string): Promise<string[]> {
  const found: string[] = [];
  for (const pid of (await readdir('/proc')).filter((n) => /^\d+$/.test(n))) {
    try {
      const environ = await readFile(`/proc/${pid}/environ`, 'utf8');
      if (!environ.includes(`PROGIT_FAULT_MARK=${mark}`)) continue;
      const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
      if (/\) Z /.test(stat)) continue;
      found.push(`${pid}: ${(await readFile(`/proc/${pid}/cmdline`, 'utf8')).replaceAll('\0', ' ')}`);
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return found;
}

async function waitFor(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A shell script standing in for a tool; it gets a PATH of its own, as the CLI's is the test's. */
async function fakeTool(name: string, body: string): Promise<string> {
  const path = join(await tempDir(), name);
  await writeFile(path, `#!/bin/sh\nPATH=/usr/bin:/bin\nexport PATH\n${body}\n`);
  await chmod(path, 0o755);
  return path;
}

/** ebook-convert that copies the EPUB: fast, deterministic output. */
const COPYING_CONVERT = 'cp "$1" "$2"';

async function sha256s(dir: string): Promise<Record<string, string>> {
  const sums: Record<string, string> = {};
  // manifest.json is rewritten by every finished build and carries timings: not an ebook to keep.
  for (const name of (await readdir(dir)).filter((n) => n !== 'manifest.json').sort())
    sums[name] = createHash('sha256')
      .update(await readFile(join(dir, name)))
      .digest('hex');
  return sums;
}

/** What a run must never leave behind: staged files or the lock in `out`, temp dirs, live tools. */
async function assertNothingLeft(out: string, run: { mark: string; tmp: string }): Promise<void> {
  const names = await readdir(out).catch(() => [] as string[]);
  assert.deepEqual(
    names.filter((n) => n.includes('.tmp') || n === LOCK_NAME),
    [],
    `left in ${out}`,
  );
  // Qt's per-user runtime directory (calibre's, when XDG_RUNTIME_DIR is unset) is shared and reused, not a leftover.
  assert.deepEqual(
    (await readdir(run.tmp)).filter((n) => !/^runtime-/.test(n)),
    [],
    `left in TMPDIR`,
  );
  // A killed process may take a moment to be gone; one left running stays.
  await waitFor('tool processes to end', async () => (await markedProcesses(run.mark)).length === 0, 2_000).catch(() => {});
  assert.deepEqual(await markedProcesses(run.mark), [], 'tool processes left running');
}

function noStackTrace(stderr: string): void {
  assert.doesNotMatch(stderr, /\n\s+at /);
}

const bookName = (book: string) => book.split('/').pop()!;

test('ebook-convert exiting 3, killed by SIGSEGV or impossible to start: that format fails with the reason and the tail of its output; the rest is built; nothing left behind', async () => {
  const book = await makeBook(TWO_LANGUAGES);
  const name = bookName(book);
  // French fails; English converts, so "the other languages are still built" is visible in mobi too.
  const frOnly = (failure: string) => `case " $* " in *" --language fr "*) ${failure} ;; esac\n${COPYING_CONVERT}`;
  const cases = [
    {
      script: frOnly('echo "line one of noise" >&2; echo "Conversion error: the KF8 writer fell over" >&2; exit 3'),
      reason: /fr mobi: ebook-convert exited with code 3:\n(.*\n)?Conversion error: the KF8 writer fell over/,
      enOk: true,
    },
    {
      script: frOnly('echo "about to crash" >&2; kill -SEGV $$'),
      reason: /fr mobi: ebook-convert was killed by SIGSEGV \(Segmentation fault\):\nabout to crash/,
      enOk: true,
    },
    { script: null, reason: /fr mobi: ebook-convert could not be started: .*ENOENT/, enOk: false },
  ];
  for (const c of cases) {
    const fake = c.script ? await fakeTool('ebook-convert', c.script) : join(await tempDir(), 'ebook-convert');
    // A `#!` naming an interpreter that is not there: the file is found, but exec fails.
    if (!c.script) {
      await writeFile(fake, '#!/nonexistent/calibre-python\n');
      await chmod(fake, 0o755);
    }
    const out = await tempDir();
    const oldMobi = join(out, `${name}.fr.mobi`);
    await writeFile(oldMobi, 'previous good build');
    const run = await cli(['build', book, '--out', out, '--format', 'html,epub,mobi', '--ebook-convert', fake]);
    assert.equal(run.exitCode, 1, run.all);
    assert.match(run.all, c.reason);
    noStackTrace(run.all);
    assert.equal(await readFile(oldMobi, 'utf8'), 'previous good build');
    for (const file of [`${name}.en.html`, `${name}.en.epub`, `${name}.fr.html`, `${name}.fr.epub`]) assert.ok(existsSync(join(out, file)), file);
    assert.equal(existsSync(join(out, `${name}.en.mobi`)), c.enOk);
    await assertNothingLeft(out, run);
  }
});

test('a hanging ebook-convert (and the child it started) is killed after --timeout; the build finishes promptly', async () => {
  const book = await makeBook(TWO_LANGUAGES);
  const name = bookName(book);
  // The sleep is a grandchild of the build: killing only the script would leave it holding the pipes.
  const fake = await fakeTool('ebook-convert', 'echo "converting, slowly" >&2\nsleep 60\n');
  const out = await tempDir();
  const t0 = Date.now();
  const run = await cli(['build', book, '--out', out, '--format', 'html,epub,mobi', '--ebook-convert', fake, '--timeout', '2']);
  const seconds = (Date.now() - t0) / 1000;
  assert.equal(run.exitCode, 1, run.all);
  assert.ok(seconds < 15, `took ${seconds} s`);
  assert.match(run.all, /en mobi: ebook-convert timed out after 2 s:\nconverting, slowly/);
  assert.match(run.all, /fr mobi: ebook-convert timed out after 2 s/);
  for (const file of [`${name}.en.html`, `${name}.en.epub`, `${name}.fr.html`, `${name}.fr.epub`]) assert.ok(existsSync(join(out, file)), file);
  await assertNothingLeft(out, run);
  const bad = await cli(['build', book, '--out', out, '--timeout', '0']);
  assert.equal(bad.exitCode, 2);
  // Past Node's 24-day timer limit every conversion would "time out" at once.
  const huge = await cli(['build', book, '--out', out, '--format', 'mobi', '--ebook-convert', fake, '--timeout', '3000000']);
  assert.equal(huge.exitCode, 2, huge.all);
  assert.match(huge.all, /timeout must be at most 2147483 seconds \(24 days\), not 3000000/);
});

test('SIGINT while ebook-convert runs: it is ended, temp files removed, every earlier file byte-identical, exit 130, one line', async () => {
  const book = await makeBook(TWO_LANGUAGES);
  const out = await tempDir();
  const args = ['build', book, '--out', out, '--format', 'html,epub,mobi'];
  const first = await cli([...args, '--ebook-convert', await fakeTool('ebook-convert', COPYING_CONVERT)]);
  assert.equal(first.exitCode, 0, first.all);
  const before = await sha256s(out);
  // Six ebooks and the index page; an interrupted build rewrites none of them.
  assert.equal(Object.keys(before).length, 7);

  const started = join(await tempDir(), 'started');
  const slow = await fakeTool('ebook-convert', `echo $$ >> "${started}"\nsleep 30\n${COPYING_CONVERT}`);
  const run = await startCli([...args, '--ebook-convert', slow]);
  await waitFor('ebook-convert to start', () => existsSync(started));
  await new Promise((r) => setTimeout(r, 100));
  const t0 = Date.now();
  run.child.kill('SIGINT');
  const result = await run.child;
  assert.ok(Date.now() - t0 < 5_000, `exit took ${Date.now() - t0} ms`);
  assert.equal(result.exitCode, 130, result.all);
  const lines = result.stderr
    .trim()
    .split('\n')
    .filter((l) => /interrupt/i.test(l));
  assert.equal(lines.length, 1, result.stderr);
  assert.match(lines[0]!, /^progit-ebook: interrupted by SIGINT; running tools ended and temporary files removed, files already in .* left intact$/);
  noStackTrace(result.stderr);
  assert.deepEqual(await sha256s(out), before);
  await assertNothingLeft(out, run);
});

/** Like calibre: a temp dir of its own (under CALIBRE_TEMP_DIR, else TMPDIR) that only a clean exit removes. */
const CALIBRE_LIKE_TEMP = `d="\${CALIBRE_TEMP_DIR:-\${TMPDIR:-/tmp}}/calibre_7.0_tmp_$$"\nmkdir -p "$d"\nhead -c 100000 /dev/zero > "$d/book.epub.unzipped"\ntrap 'rm -rf "$d"' EXIT`;

test("calibre's temp dirs (calibre_*_tmp_*) are removed when its conversion is interrupted or times out, with a calibre-like tool and with calibre", async (t) => {
  const book = await makeBook(TWO_LANGUAGES);
  const started = join(await tempDir(), 'started');
  const slow = await fakeTool('ebook-convert', `${CALIBRE_LIKE_TEMP}\necho "$d" >> "${started}"\nsleep 30\n${COPYING_CONVERT}`);
  // SIGKILL on the timeout's grace: no EXIT trap runs, as for calibre.
  const out = await tempDir();
  const timedOut = await cli(['build', book, '--out', out, '--format', 'mobi', '--ebook-convert', slow, '--timeout', '1']);
  assert.equal(timedOut.exitCode, 1, timedOut.all);
  assert.match(timedOut.all, /ebook-convert timed out after 1 s/);
  await assertNothingLeft(out, timedOut);
  // The tool saw a temp dir inside the build's own, not the build's TMPDIR itself.
  for (const dir of (await readFile(started, 'utf8')).trim().split('\n'))
    assert.match(dir, new RegExp(`^${timedOut.tmp}/progit-ebook-[^/]+/tmp/calibre_7\\.0_tmp_\\d+$`));

  await rm(started);
  const run = await startCli(['build', book, '--out', out, '--format', 'mobi', '--ebook-convert', slow]);
  await waitFor('ebook-convert to make its temp dir', () => existsSync(started));
  run.child.kill('SIGINT');
  const interrupted = await run.child;
  assert.equal(interrupted.exitCode, 130, interrupted.all);
  await assertNothingLeft(out, run);

  const calibre = ebookConvertOrSkip();
  if (calibre.skip) return t.skip(calibre.skip);
  const real = await startCli(['build', book, '--out', out, '--format', 'mobi', '-l', 'en', '--timeout', '120'], { timeoutMs: 120_000 });
  // Interrupted once calibre has made its temp dir, wherever that is under the build's TMPDIR.
  const calibreTemp = async () => (await readdir(real.tmp, { recursive: true })).some((p) => /calibre_[^/]*_tmp_/.test(p));
  await waitFor('calibre to make its temp dir', calibreTemp, 60_000);
  real.child.kill('SIGINT');
  const realResult = await real.child;
  assert.equal(realResult.exitCode, 130, realResult.all);
  await assertNothingLeft(out, real);
});

test('SIGTERM while dia, ebook-convert and the epubcheck JVM run: all of them end, exit 143, files intact', async (t) => {
  const epubcheck = epubcheckOrSkip();
  if (epubcheck.skip) return t.skip(epubcheck.skip);
  const book = await makeBook({
    ...TWO_LANGUAGES,
    // en waits in dia; fr gets to its EPUB (epubcheck starts) and then waits in ebook-convert.
    'en/figures-dia/fig0101.dia': 'not really a diagram',
  });
  const out = await tempDir();
  const name = bookName(book);
  await writeFile(join(out, `${name}.en.epub`), 'previous en epub');
  await writeFile(join(out, `${name}.fr.mobi`), 'previous fr mobi');
  const before = await sha256s(out);
  const flags = await tempDir();
  const dia = await fakeTool('dia', `touch "${flags}/dia"\nsleep 30\n`);
  const convert = await fakeTool('ebook-convert', `touch "${flags}/convert"\nsleep 30\n${COPYING_CONVERT}`);
  const run = await startCli(['build', book, '--out', out, '--format', 'html,epub,mobi', '--validate', '--dia', dia, '--ebook-convert', convert]);
  await waitFor(
    'dia, ebook-convert and java to run',
    async () =>
      existsSync(join(flags, 'dia')) &&
      existsSync(join(flags, 'convert')) &&
      (await markedProcesses(run.mark)).some((p) => / -cp .*EpubcheckServer\.java/.test(p)),
  );
  const t0 = Date.now();
  run.child.kill('SIGTERM');
  const result = await run.child;
  assert.ok(Date.now() - t0 < 5_000, `exit took ${Date.now() - t0} ms`);
  assert.equal(result.exitCode, 143, result.all);
  assert.match(result.stderr, /progit-ebook: interrupted by SIGTERM;/);
  noStackTrace(result.stderr);
  // The French HTML may have been finished before the signal; everything that was there is untouched.
  const after = await sha256s(out);
  for (const [file, sum] of Object.entries(before)) assert.equal(after[file], sum, file);
  assert.deepEqual(
    Object.keys(after).filter((f) => !(f in before) && f !== `${name}.fr.html`),
    [],
  );
  await assertNothingLeft(out, run);
});

/** Mounts a small tmpfs; undefined (with the reason) where mounting is not allowed. */
async function mountTmpfs(t: TestContext, size: string): Promise<string | undefined> {
  const dir = await tempDir();
  const mounted = await execa('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { reject: false });
  if (mounted.exitCode !== 0) {
    const reason = `cannot mount a tmpfs to simulate the disk (${String(mounted.stderr || mounted.shortMessage || `exit ${mounted.exitCode}`).trim()}); needs root or CAP_SYS_ADMIN`;
    console.log(`# skipped: ${reason}`);
    t.skip(reason);
    return undefined;
  }
  t.after(() => execa('umount', ['-l', dir], { reject: false }));
  return dir;
}

/** Fills the file system until only `leave` bytes are free. */
async function fill(dir: string, leave: number): Promise<void> {
  const fs = await statfs(dir);
  const free = fs.bavail * fs.bsize;
  await writeFile(join(dir, `filler-${randomUUID()}`), Buffer.alloc(Math.max(0, free - leave))).catch(() => {});
}

test('a full disk (ENOSPC, a real 256 KiB tmpfs): exit 1 naming the file and the cause; previous files intact; no partial temp file left', async (t) => {
  const disk = await mountTmpfs(t, '256k');
  if (!disk) return;
  // Big enough that no output fits in the little space left (random hex barely compresses).
  const book = await makeBook({ 'en/01-intro/01-chapter1.markdown': `# Intro\n\n${randomBytes(20_000).toString('hex')}\n` });
  const name = bookName(book);
  const out = join(disk, 'dist');
  const args = ['build', book, '--out', out, '--format', 'html,epub'];
  const first = await cli(args);
  assert.equal(first.exitCode, 0, first.all);
  const before = await sha256s(out);

  // Room for the lock file, not for an ebook: the writes themselves fail half-way.
  await fill(disk, 8192);
  const partly = await cli(args);
  assert.equal(partly.exitCode, 1, partly.all);
  assert.match(partly.all, new RegExp(`en html: cannot write ${out}/${name}\\.en\\.html: no space left on device: free space or choose another --out`));
  assert.match(partly.all, /en epub: cannot write .*: no space left on device/);
  noStackTrace(partly.all);
  assert.deepEqual(await sha256s(out), before);
  await assertNothingLeft(out, partly);

  // Not even the lock file fits: the build stops before doing anything.
  await fill(disk, 0);
  const full = await cli(args);
  assert.equal(full.exitCode, 1, full.all);
  assert.match(full.all, new RegExp(`${out}: error: cannot write to the output directory: no space left on device: free space or choose another --out`));
  assert.deepEqual(await sha256s(out), before);
  await assertNothingLeft(out, full);
});

test('an unwritable output directory (a file in its path, a read-only mount): exit 1 naming the path and the cause; previous file intact', async (t) => {
  const book = await makeBook(TWO_LANGUAGES);
  const name = bookName(book);
  const parent = join(await tempDir(), 'not-a-directory');
  await writeFile(parent, 'a regular file');
  const underFile = await cli(['build', book, '--out', join(parent, 'dist'), '--format', 'html,epub']);
  assert.equal(underFile.exitCode, 1, underFile.all);
  assert.match(
    underFile.all,
    new RegExp(`${parent}/dist: error: cannot create the output directory: a part of the path is a file, not a directory: choose another --out`),
  );
  noStackTrace(underFile.all);

  // Node's own recursive mkdir spins forever here, with no output.
  if (existsSync('/proc/self/status')) {
    const proc = `/proc/progit-ebook-test-${process.pid}/dist`;
    const refused = await cli(['build', book, '--out', proc, '--format', 'html'], { timeoutMs: 20_000 });
    assert.equal(refused.exitCode, 1, refused.all);
    assert.match(
      refused.all,
      new RegExp(
        `${proc}: error: cannot create the output directory: the directory is gone or the file system refuses to create it there: choose another --out`,
      ),
    );
    // A cache that cannot be made there is not an error: the build uses the temp directory's.
    const cacheThere = await cli(['build', book, '--out', join(await tempDir(), 'dist'), '--format', 'html'], {
      env: { PROGIT_EBOOK_CACHE: proc },
      timeoutMs: 20_000,
    });
    assert.equal(cacheThere.exitCode, 0, cacheThere.all);
  } else {
    t.diagnostic('no procfs at /proc: the case of a file system that refuses a directory is not run');
  }

  const disk = await mountTmpfs(t, '1m');
  if (!disk) return;
  const old = join(disk, `${name}.en.epub`);
  await writeFile(old, 'previous good build');
  const remount = await execa('mount', ['-o', 'remount,ro', disk], { reject: false });
  assert.equal(remount.exitCode, 0, remount.stderr);
  const readOnly = await cli(['build', book, '--out', disk, '--format', 'html,epub']);
  assert.equal(readOnly.exitCode, 1, readOnly.all);
  assert.match(readOnly.all, new RegExp(`${disk}: error: cannot write to the output directory: read-only file system: choose another --out`));
  assert.equal(await readFile(old, 'utf8'), 'previous good build');
  assert.deepEqual((await readdir(disk)).sort(), [`${name}.en.epub`]);
});

test('two builds into one directory at once: the second waits for the first; both exit 0; every file is a whole zip, identical to a single build', async () => {
  const book = await makeBook(TWO_LANGUAGES);
  const log = join(await tempDir(), 'conversions.log');
  // Records when each build (its pid is the script's parent) converts, to see whether they overlap.
  const convert = await fakeTool(
    'ebook-convert',
    `echo "start $PPID $(date +%s%N)" >> "${log}"\nsleep 0.7\n${COPYING_CONVERT}\necho "end $PPID $(date +%s%N)" >> "${log}"`,
  );
  const args = (out: string) => ['build', book, '--out', out, '--format', 'html,epub,mobi', '--ebook-convert', convert];
  const single = await tempDir();
  assert.equal((await cli(args(single))).exitCode, 0);
  await rm(log);

  const out = await tempDir();
  const [a, b] = await Promise.all([startCli(args(out)), startCli(args(out))]);
  const [ra, rb] = await Promise.all([a.child, b.child]);
  assert.equal(ra.exitCode, 0, ra.all);
  assert.equal(rb.exitCode, 0, rb.all);
  const waited = [ra, rb].filter((r) => /waiting for the build with pid \d+ to finish/.test(r.stderr));
  assert.equal(waited.length, 1, `${ra.stderr}\n---\n${rb.stderr}`);
  const other = waited[0] === ra ? b.child.pid : a.child.pid;
  assert.match(waited[0]!.stderr, new RegExp(`waiting for the build with pid ${other} to finish \\(it holds ${out}/${LOCK_NAME.replaceAll('.', '\\.')}\\)`));

  // One build's conversions all end before the other's begin.
  const spans = new Map<string, { start: bigint; end: bigint }>();
  for (const [, what, pid, time] of (await readFile(log, 'utf8')).matchAll(/^(start|end) (\d+) (\d+)$/gm)) {
    const span = spans.get(pid!) ?? { start: BigInt(time!), end: 0n };
    if (what === 'start' && BigInt(time!) < span.start) span.start = BigInt(time!);
    if (what === 'end' && BigInt(time!) > span.end) span.end = BigInt(time!);
    spans.set(pid!, span);
  }
  const [s1, s2] = [...spans.values()].sort((x, y) => (x.start < y.start ? -1 : 1));
  assert.ok(s1 && s2 && s1.end <= s2.start, `conversions overlap: ${JSON.stringify([...spans].map(([p, s]) => [p, String(s.start), String(s.end)]))}`);

  assert.deepEqual(await sha256s(out), await sha256s(single));
  for (const file of (await readdir(out)).filter((f) => /\.(epub|mobi)$/.test(f))) {
    const zip = await JSZip.loadAsync(await readFile(join(out, file)));
    assert.ok(zip.file('mimetype'), file);
  }
});

test('a lock left by a dead build is taken over, with its staged files removed; a live one makes build() give up after lockWaitSeconds', async () => {
  const book = await makeBook(TWO_LANGUAGES);
  const name = bookName(book);
  const out = await tempDir();
  const dead = execa('true');
  const deadPid = dead.pid!;
  await dead;
  await writeFile(join(out, LOCK_NAME), `${deadPid}\n`);
  const leftover = `.${name}.en.epub.${deadPid}.k3j2h1.tmp.epub`;
  await writeFile(join(out, leftover), 'half an EPUB');
  const run = await cli(['build', book, '--out', out, '--format', 'html,epub']);
  assert.equal(run.exitCode, 0, run.all);
  assert.doesNotMatch(run.all, /waiting/);
  await assertNothingLeft(out, run);

  const holder = execa('sleep', ['30']);
  try {
    await writeFile(join(out, LOCK_NAME), `${holder.pid}\n`);
    const messages: string[] = [];
    await assert.rejects(
      build({ book, out, formats: ['html'], lockWaitSeconds: 1, log: (_level, message) => messages.push(message) }),
      new RegExp(
        `the build with pid ${holder.pid} is still writing here after 1 s: wait for it, or remove ${out}/${LOCK_NAME.replaceAll('.', '\\.')} if no build is running`,
      ),
    );
    assert.equal(messages.filter((m) => m.startsWith(`waiting for the build with pid ${holder.pid} `)).length, 1, messages.join('\n'));
    assert.equal(await readFile(join(out, LOCK_NAME), 'utf8'), `${holder.pid}\n`);
  } finally {
    holder.kill('SIGKILL');
    await holder.catch(() => {});
  }
});

test('a lock from another PID namespace (another container or machine on the same volume): a live heartbeat blocks, whatever its pid means here; an old one is taken over', async () => {
  const book = await makeBook(TWO_LANGUAGES);
  const name = bookName(book);
  const out = await tempDir();
  const lock = join(out, LOCK_NAME);
  // A pid that is dead here, as the other container's pids mostly are.
  const dead = execa('true');
  const pid = dead.pid!;
  await dead;
  const staged = `.${name}.en.epub.${pid}.k3j2h1.tmp.epub`;
  const me = { host: hostname(), boot: (await readFile('/proc/sys/kernel/random/boot_id', 'utf8').catch(() => '')).trim() };
  const elsewhere: [string, string, RegExp][] = [
    [`${pid}\nhost ci-runner-2\nboot 0a1b\npidns pid:[1]\ntoken t1\n`, `the build with pid ${pid} on host ci-runner-2`, /on host ci-runner-2/],
    [`${pid}\nhost ${me.host}\nboot ${me.boot}\npidns pid:[1]\ntoken t2\n`, `the build with pid ${pid} in another container`, /in another container/],
  ];
  for (const [text, who] of elsewhere) {
    await writeFile(lock, text);
    await writeFile(join(out, staged), 'half an EPUB, still being written');
    const messages: string[] = [];
    await assert.rejects(build({ book, out, formats: ['html'], lockWaitSeconds: 1, log: (_level, message) => messages.push(message) }), (err: Error) =>
      err.message.includes(`${who} is still writing here after 1 s: wait for it, or remove ${lock} if no build is running`),
    );
    assert.deepEqual(
      messages.filter((m) => m.startsWith('waiting')),
      [`waiting for ${who} to finish (it holds ${lock})`],
    );
    assert.equal(await readFile(lock, 'utf8'), text);
    assert.equal(await readFile(join(out, staged), 'utf8'), 'half an EPUB, still being written');
    assert.ok(!existsSync(join(out, `${name}.en.html`)));
  }
  // Its heartbeat stopped two minutes ago: that build is gone; its lock and staged file go too.
  const old = new Date(Date.now() - 120_000);
  await utimes(lock, old, old);
  const run = await cli(['build', book, '--out', out, '--format', 'html,epub']);
  assert.equal(run.exitCode, 0, run.all);
  assert.doesNotMatch(run.all, /waiting/);
  await assertNothingLeft(out, run);
});

test('a real build holding the lock in another PID namespace (unshare --pid): this one waits for it; its heartbeat keeps the lock fresh', async (t) => {
  if (process.getuid?.() !== 0) return t.skip('unshare --pid needs root');
  if ((await execa('unshare', ['--pid', '--fork', '--mount-proc', 'true'], { reject: false })).exitCode !== 0)
    return t.skip('unshare --pid does not work here');
  const book = await makeBook(TWO_LANGUAGES);
  const out = await tempDir();
  const script = join(await tempDir(), 'hold.mjs');
  await writeFile(
    script,
    `const { acquireOutputLock } = await import(process.argv[2]);\nconst lock = await acquireOutputLock(process.argv[3]);\nconsole.log('locked ' + process.pid);\nprocess.stdin.on('data', () => {}).on('end', async () => { await lock.release(); process.exit(0); });\n`,
  );
  const module = pathToFileURL(join(REPO_ROOT, 'lib/src/util/output-lock.js')).href;
  const holder = execa('unshare', ['--pid', '--fork', '--mount-proc', process.execPath, script, module, out], { stdin: 'pipe', reject: false });
  try {
    let said = '';
    holder.stdout.on('data', (chunk: Buffer) => (said += chunk.toString()));
    await waitFor('the other namespace to take the lock', () => said.includes('locked'));
    const text = await readFile(join(out, LOCK_NAME), 'utf8');
    assert.match(text, /^1\n/, 'pid 1 in its own namespace');
    assert.notEqual(/^pidns (.*)$/m.exec(text)?.[1], await readlink('/proc/self/ns/pid'));
    // Made old by hand, the lock is made fresh again by the holder's heartbeat.
    const old = new Date(Date.now() - 120_000);
    await utimes(join(out, LOCK_NAME), old, old);
    await waitFor('the heartbeat', async () => Date.now() - (await stat(join(out, LOCK_NAME))).mtimeMs < 10_000, 8_000);
    await assert.rejects(
      build({ book, out, formats: ['html'], lockWaitSeconds: 1 }),
      /the build with pid 1 in another container is still writing here after 1 s/,
    );
  } finally {
    holder.stdin.end();
    await holder;
  }
  assert.ok(!existsSync(join(out, LOCK_NAME)), 'released');
});

test('an output directory in a language directory is a usage error naming it, -l too; at the book root or in a non-language directory it is left out alone', async () => {
  const book = await makeBook({
    ...TWO_LANGUAGES,
    // `pub` matches a language tag and holds a chapter: a language; `02-out` is a chapter of en.
    'pub/01-notes/notes.markdown': '# Release notes\n',
    'en/02-out/notes.markdown': '# Release notes\n',
  });
  const escaped = (path: string) => path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  for (const [out, args] of [
    ['en', []],
    ['en', ['-l', 'en']],
    ['en/02-out', []],
    ['en/dist', []],
    ['pub', []],
    ['pub/01-v2', ['-l', 'fr']],
  ] as const) {
    const run = await cli(['build', book, '--out', join(book, out), '--format', 'html', ...args]);
    assert.equal(run.exitCode, 2, run.all);
    const language = join(book, out.split('/')[0]!);
    const where = out.includes('/') ? `is inside the language directory ${escaped(language)}` : 'is the language directory';
    assert.match(
      run.stderr,
      new RegExp(`the output directory ${escaped(join(book, out))} ${where}: the build would leave out what it holds; write the ebooks outside`),
    );
    assert.ok(!existsSync(join(book, out, `${bookName(book)}.en.html`)), out);
  }
  // The book's root itself, a directory of it that no language can be, and one that is not a language yet.
  for (const out of ['', 'dist', 'figures/out', 'de']) {
    const built = await build({ book, out: join(book, out), formats: ['html'], cache: false });
    assert.deepEqual(
      built.languages.map((l) => [l.lang, l.chapters]),
      [
        ['en', 2],
        ['fr', 1],
        ['pub', 1],
      ],
      out,
    );
  }
});

test('book, output, cache and chapter paths with spaces, quotes, $(...) and ; go through ebook-convert (MOBI) and dia untouched', async (t) => {
  const calibre = ebookConvertOrSkip();
  if (calibre.skip) return t.skip(calibre.skip);
  const dia = findDia();
  if (!dia) return t.skip('dia is not installed (npm run setup installs it)');
  const root = await tempDir();
  const cwd = join(root, 'cwd');
  await mkdir(join(cwd, 'x'), { recursive: true });
  const hostile = `my "book's" $(touch PWNED1); echo \`touch PWNED2\` & x`;
  const book = join(root, hostile);
  const chapter = join(book, 'en', `01-what's new; $(rm -rf x)`);
  await mkdir(join(book, 'en', 'figures-dia'), { recursive: true });
  await mkdir(chapter, { recursive: true });
  await writeFile(join(chapter, `01 "chapter" $(touch PWNED3).markdown`), "# What's new; $(rm -rf x)\n\nInsert fig0301.png\nFigure 3-1. A diagram\n");
  await copyFile(join(REPO_ROOT, 'test/fixtures/world/ru/figures-dia/fig0301.dia'), join(book, 'en', 'figures-dia', 'fig0301.dia'));
  const out = join(root, `out; $(touch PWNED4) 'q' "dq"`);
  const run = await cli(['build', book, '--out', out, '--format', 'epub,mobi', '--ebook-convert', calibre.path!, '--dia', dia], {
    cwd,
    env: { PROGIT_EBOOK_CACHE: join(root, `cache $(touch PWNED5); x`) },
    timeoutMs: 60_000,
  });
  assert.equal(run.exitCode, 0, run.all);
  assert.doesNotMatch(run.all, /warning/);
  const mobi = await readFile(join(out, `${hostile}.en.mobi`));
  assert.equal(mobi.subarray(60, 68).toString('latin1'), 'BOOKMOBI');
  const epub = await JSZip.loadAsync(await readFile(join(out, `${hostile}.en.epub`)));
  const image = Object.keys(epub.files).find((f) => /fig0301.*\.png$/.test(f));
  assert.ok(image, Object.keys(epub.files).join(', '));
  assert.match((await epub.file(image)!.async('nodebuffer')).subarray(1, 4).toString('latin1'), /PNG/);
  const xhtml = await Promise.all(
    Object.keys(epub.files)
      .filter((f) => f.endsWith('.xhtml'))
      .map((f) => epub.file(f)!.async('string')),
  );
  assert.ok(
    xhtml.some((x) => /What(’|'|&#39;)s new; \$\(rm -rf x\)/.test(x)),
    xhtml.join('\n'),
  );
  const everything = (await readdir(root, { recursive: true })).map(String);
  assert.deepEqual(
    everything.filter((f) => basename(f).startsWith('PWNED')),
    [],
  );
  assert.ok(existsSync(join(cwd, 'x')));
  await assertNothingLeft(out, run);
});

test('a FIFO where a chapter, a figure or book.json should be: a clear error naming it, no hang (open() on a FIFO blocks, and held up even SIGTERM)', async () => {
  const book = await makeBook({
    ...TWO_LANGUAGES,
    'fr/01-intro/02-pipe.markdown': '',
    'de/01-intro/01-chapter1.markdown': '# Einführung #\n\nInsert fig0102.png\nFigure 1-2. Ein Bild\n',
    'figures/fig0102.png': '',
  });
  for (const fifo of ['fr/01-intro/02-pipe.markdown', 'figures/fig0102.png']) {
    await rm(join(book, fifo));
    const made = await execa('mkfifo', [join(book, fifo)], { reject: false });
    if (made.exitCode !== 0) return assert.fail(`mkfifo failed: ${made.stderr}`);
  }
  const out = join(await tempDir(), 'dist');
  const run = await cli(['build', book, '--out', out, '--format', 'html,epub'], { timeoutMs: 30_000 });
  assert.equal(run.timedOut, false, 'the build hung on a FIFO');
  assert.equal(run.exitCode, 1, run.all);
  assert.match(
    run.all,
    /fr\/01-intro\/02-pipe\.markdown: error: chapter file is not a regular file \(a FIFO, socket or device\): replace it with a file or remove it/,
  );
  assert.match(run.all, /de[: ].*figures\/fig0102\.png is not a regular file/);
  noStackTrace(run.all);
  const name = bookName(book);
  assert.deepEqual(
    (await readdir(out)).filter((f) => !f.startsWith('.')).sort(),
    ['index.html', 'manifest.json', `${name}.en.epub`, `${name}.en.html`],
    'en is built',
  );

  const checked = await cli(['check', book], { timeoutMs: 30_000 });
  assert.equal(checked.timedOut, false, 'check hung on a FIFO');
  assert.equal(checked.exitCode, 1, checked.all);
  assert.match(checked.all, /02-pipe\.markdown: error: chapter file is not a regular file/);

  await execa('mkfifo', [join(book, 'book.json')]);
  const config = await cli(['build', book, '--out', out, '--format', 'html'], { timeoutMs: 30_000 });
  assert.equal(config.timedOut, false, 'the build hung on a FIFO book.json');
  assert.notEqual(config.exitCode, 0, config.all);
  assert.match(config.all, /book\.json.*is not a regular file/);
  noStackTrace(config.all);
});

test('stderr and stdout closed by their reader (`2>&1 | head -c 1`): the build still writes every file and exits with its own status', async () => {
  const book = await makeBook(TWO_LANGUAGES);
  const out = join(await tempDir(), 'dist');
  const child = execa(process.execPath, [CLI, 'build', book, '--out', out, '--format', 'html,epub'], {
    reject: false,
    stdout: 'pipe',
    stderr: 'pipe',
    timeout: 40_000,
    env: { SOURCE_DATE_EPOCH: '1700000000' },
  });
  child.stdout!.destroy();
  child.stderr!.destroy();
  const result = await child;
  assert.equal(result.exitCode, 0, String(result.stderr));
  const name = bookName(book);
  assert.deepEqual((await readdir(out)).filter((f) => !f.startsWith('.')).sort(), [
    'index.html',
    'manifest.json',
    `${name}.en.epub`,
    `${name}.en.html`,
    `${name}.fr.epub`,
    `${name}.fr.html`,
  ]);
});

/** The command that runs the CLI as a user who cannot read a chmod 000 directory; a reason when there is none. */
async function unprivileged(): Promise<{ runAs?: string[]; skip: false | string }> {
  if (process.getuid?.() !== 0) return { skip: false };
  const runAs = ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'];
  const probe = await execa(runAs[0]!, [...runAs.slice(1), process.execPath, CLI, '--version'], { reject: false });
  if (probe.exitCode !== 0)
    return { skip: `root reads chmod 000 directories, and running the CLI as uid 65534 with setpriv failed: ${probe.stderr || probe.message}` };
  return { runAs, skip: false };
}

test('an unreadable chapter or language directory fails that language, naming the directory; the others are built; its previous files stay', async (t) => {
  const user = await unprivileged();
  if (user.skip) return t.skip(user.skip);
  const book = await makeBook({
    ...TWO_LANGUAGES,
    'en/02-more/01-chapter2.markdown': '# More #\n',
    'zh/01-intro/01-chapter1.markdown': '# 介绍 #\n',
  });
  const out = join(await tempDir(), 'dist');
  assert.equal((await cli(['build', book, '--out', out, '--format', 'html'])).exitCode, 0);
  const name = bookName(book);
  const goodEn = await readFile(join(out, `${name}.en.html`));
  const goodFr = await readFile(join(out, `${name}.fr.html`));
  const goodZh = await readFile(join(out, `${name}.zh.html`));
  await Promise.all([chmod(book, 0o755), chmod(join(out, '..'), 0o777), chmod(out, 0o777)]);
  await chmod(join(book, 'en', '02-more'), 0o000);
  await chmod(join(book, 'zh'), 0o000);
  t.after(() => Promise.all([chmod(join(book, 'en', '02-more'), 0o755), chmod(join(book, 'zh'), 0o755)]));

  const run = await cli(['build', book, '--out', out, '--format', 'html', '--force'], { runAs: user.runAs });
  assert.equal(run.exitCode, 1, run.all);
  assert.match(run.all, /en\/02-more: error: cannot read the chapter directory: permission denied: make it readable/);
  assert.match(run.all, /zh: error: cannot read the language directory: permission denied: make it readable/);
  assert.match(run.all, /failed: en, zh/);
  noStackTrace(run.all);
  assert.deepEqual(await readFile(join(out, `${name}.en.html`)), goodEn, 'the good en file is not replaced by one missing a chapter');
  assert.deepEqual(await readFile(join(out, `${name}.zh.html`)), goodZh);
  assert.deepEqual(await readFile(join(out, `${name}.fr.html`)), goodFr);

  const zh = await cli(['build', book, '--out', out, '--format', 'html', '-l', 'zh'], { runAs: user.runAs });
  assert.equal(zh.exitCode, 1, zh.all);
  assert.doesNotMatch(zh.all, /unknown language/);
  assert.match(zh.all, /zh: error: cannot read the language directory/);

  const checked = await cli(['check', book], { runAs: user.runAs });
  assert.equal(checked.exitCode, 1, checked.all);
  assert.match(checked.all, /02-more: error: cannot read the chapter directory: permission denied/);
  assert.match(checked.all, /zh: error: cannot read the language directory: permission denied/);

  const status = await cli(['status', book, '--json'], { runAs: user.runAs });
  assert.equal(status.exitCode, 0, status.all);
  const warnings = (JSON.parse(status.stdout) as { languages: { lang: string; warnings: { file: string; message: string }[] }[] }).languages.map((l) => [
    l.lang,
    l.warnings.map((w) => basename(w.file)),
  ]);
  assert.deepEqual(warnings, [
    ['en', ['02-more']],
    ['fr', []],
    ['zh', ['zh']],
  ]);
});

test('outside git, a dangling chapter link and a file name that is not UTF-8: each fails its language by name, no stack trace; the others are built; check says the same', async () => {
  const book = await makeBook({
    ...TWO_LANGUAGES,
    'de/01-intro/01-chapter1.markdown': '# Einführung #\n',
  });
  await symlink('nowhere', join(book, 'en/01-intro/02-d.markdown'));
  await writeFile(Buffer.from(join(book, 'fr/01-intro/02-bad\xff.markdown'), 'latin1'), '# x\n');
  const out = join(await tempDir(), 'dist');
  // The date then comes from the files' times: a dangling link there stopped every language.
  const run = await cli(['build', book, '--out', out, '--format', 'html'], { env: { SOURCE_DATE_EPOCH: '' } });
  assert.equal(run.exitCode, 1, run.all);
  noStackTrace(run.all);
  assert.match(run.all, /en\/01-intro\/02-d\.markdown: error: chapter file is a symbolic link to nowhere, which does not exist: fix the link or remove it/);
  assert.match(run.all, /fr\/01-intro\/02-bad\ufffd\.markdown: error: file name is not valid UTF-8: rename it/);
  assert.match(run.all, /failed: en, fr/);
  assert.deepEqual((await readdir(out)).filter((f) => !f.startsWith('.')).sort(), ['index.html', 'manifest.json', `${bookName(book)}.de.html`]);

  const checked = await cli(['check', book]);
  assert.equal(checked.exitCode, 1, checked.all);
  noStackTrace(checked.all);
  assert.match(checked.all, /02-d\.markdown: error: chapter file is a symbolic link to nowhere/);
  assert.match(checked.all, /02-bad\ufffd\.markdown: error: file name is not valid UTF-8: rename it \[encoding\]/);
});

test('TMPDIR pointing at a file: the conversion fails saying so and what to do; HTML and EPUB are built', async () => {
  const book = await makeBook(TWO_LANGUAGES);
  const fake = await fakeTool('ebook-convert', 'exit 0');
  const file = join(await tempDir(), 'not-a-directory');
  await writeFile(file, 'x');
  const out = join(await tempDir(), 'dist');
  const run = await cli(['build', book, '--out', out, '--format', 'html,epub,mobi', '--ebook-convert', fake], { env: { TMPDIR: file } });
  assert.equal(run.exitCode, 1, run.all);
  assert.match(run.all, new RegExp(`en mobi: cannot create a temporary directory in ${file} \\(ENOTDIR\\): set TMPDIR to a writable directory`));
  noStackTrace(run.all);
  assert.equal((await readdir(out)).filter((f) => /\.(html|epub)$/.test(f) && f !== 'index.html').length, 4);
});
