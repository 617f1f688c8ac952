// `progit-ebook doctor` against fake PATHs (no calibre, a calibre of another version, a broken one),
// unwritable output directories, and the real machine.
import assert from 'node:assert/strict';
import { chmod, mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { execa } from 'execa';
import { doctor, pinnedCalibreVersion, type DoctorCheck, type DoctorReport } from '../../src/doctor/doctor.js';
import { doctorLines, doctorTable } from '../../src/cli/doctor-command.js';
import { CLI, ebookConvertOrSkip, epubcheckOrSkip, makeBook, tempDir } from '../helpers.js';

/** Runs the CLI with PATH holding only `pathDir`, so no real tool is found unless put there. */
function cli(args: string[], pathDir: string) {
  return execa(process.execPath, [CLI, ...args], {
    reject: false,
    env: { PATH: pathDir, EBOOK_CONVERT: undefined, JAVA: undefined, DIA: undefined, EPUBCHECK_JAR: undefined },
    extendEnv: true,
  });
}

async function fakeTool(name: string, script: string): Promise<string> {
  const dir = await tempDir();
  await writeFile(join(dir, name), `#!/bin/sh\n${script}\n`);
  await chmod(join(dir, name), 0o755);
  return dir;
}

function check(report: DoctorReport, name: string): DoctorCheck {
  const found = report.checks.find((c) => c.name === name);
  assert.ok(found, `no ${name} check in ${JSON.stringify(report)}`);
  return found;
}

test('calibre missing: a warning for the default formats (mobi is skipped), exit 1 with an install fix when mobi or azw3 is asked for', async () => {
  const empty = await tempDir();
  const byDefault = await cli(['doctor', '--json', '--out', await tempDir()], empty);
  assert.equal(byDefault.exitCode, 0, byDefault.stderr);
  const calibre = check(JSON.parse(byDefault.stdout), 'calibre');
  assert.equal(calibre.status, 'warning');
  assert.equal(calibre.required, false);

  for (const format of ['mobi', 'azw3', 'all']) {
    const asked = await cli(['doctor', '--format', format, '--out', await tempDir()], empty);
    assert.equal(asked.exitCode, 1, `${format}: ${asked.stdout}${asked.stderr}`);
    assert.match(asked.stdout, /^calibre: error: ebook-convert not found \(needed for the requested formats\); fix: sudo apt-get install calibre/m);
    assert.match(
      asked.stderr,
      format === 'all' ? /not ready to build .*: calibre, chromium missing or broken/ : /not ready to build .*: calibre missing or broken/,
    );
  }
  // PDF needs Chromium, not calibre.
  const pdf = await cli(['doctor', '--format', 'pdf', '--json', '--out', await tempDir()], empty);
  assert.equal(pdf.exitCode, 1, pdf.stdout);
  const report = JSON.parse(pdf.stdout) as DoctorReport;
  assert.equal(check(report, 'calibre').status, 'warning');
  assert.equal(check(report, 'chromium').status, 'error');
  assert.match(check(report, 'chromium').fix ?? '', /apt-get install chromium/);
  // HTML and EPUB need no external tool at all.
  const epubOnly = await cli(['doctor', '--format', 'html,epub', '--out', await tempDir()], empty);
  assert.equal(epubOnly.exitCode, 0, epubOnly.stdout);
});

test('a calibre of another version than scripts/calibre-version is a warning naming both versions, not a failure', async () => {
  const pin = pinnedCalibreVersion();
  assert.ok(pin && /^\d+\.\d+/.test(pin), `scripts/calibre-version holds ${pin}`);
  const other = await fakeTool('ebook-convert', 'echo "ebook-convert (calibre 5.44.0)"; echo "Created by: Kovid Goyal"');
  const run = await cli(['doctor', '--format', 'mobi', '--json', '--out', await tempDir()], other);
  assert.equal(run.exitCode, 0, run.stdout + run.stderr);
  const calibre = check(JSON.parse(run.stdout), 'calibre');
  assert.equal(calibre.status, 'warning');
  assert.equal(calibre.version, '5.44.0');
  assert.equal(calibre.path, join(other, 'ebook-convert'));
  assert.match(calibre.detail, new RegExp(`5\\.44\\.0 at .*; the pinned version is ${pin.replace(/\./g, '\\.')}`));
  assert.match(calibre.fix ?? '', new RegExp(`install calibre ${pin.replace(/\./g, '\\.')}`));

  const same = await fakeTool('ebook-convert', `echo "ebook-convert (calibre ${pin})"`);
  const pinned = check(JSON.parse((await cli(['doctor', '--format', 'mobi', '--json', '--out', await tempDir()], same)).stdout), 'calibre');
  assert.equal(pinned.status, 'ok');
  assert.match(pinned.detail, /the pinned version/);
});

test('an ebook-convert that fails to run, or a bad --ebook-convert, is an error when calibre is required', async () => {
  const broken = await fakeTool('ebook-convert', 'echo "ImportError: no module named calibre" >&2; exit 3');
  const run = await cli(['doctor', '--format', 'mobi', '--out', await tempDir()], broken);
  assert.equal(run.exitCode, 1, run.stdout);
  assert.match(run.stdout, /^calibre: error: .*ebook-convert exited with code 3: ImportError: no module named calibre; fix: /m);

  const bad = await cli(['doctor', '--format', 'mobi', '--ebook-convert', '/no/such/ebook-convert'], await tempDir());
  assert.equal(bad.exitCode, 1, bad.stdout);
  assert.match(bad.stdout, /^calibre: error: --ebook-convert: \/no\/such\/ebook-convert is not an executable file; fix: /m);
});

test('--validate makes Java and epubcheck required; without them it exits 1; --validate without epub and an unknown format are usage errors', async () => {
  const empty = await tempDir();
  const run = await cli(['doctor', '--format', 'html,epub', '--validate', '--out', await tempDir()], empty);
  assert.equal(run.exitCode, 1, run.stdout);
  assert.match(run.stdout, /^java: error: java not found/m);
  assert.match(run.stdout, /^epubcheck: error: epubcheck not found, or no Java to run its jar/m);
  const withoutValidate = await cli(['doctor', '--format', 'html,epub', '--out', await tempDir()], empty);
  assert.equal(withoutValidate.exitCode, 0);
  assert.match(withoutValidate.stdout, /^epubcheck: warning: /m);
  const usage = await cli(['doctor', '--format', 'html', '--validate'], empty);
  assert.equal(usage.exitCode, 2);
  assert.match(usage.stderr, /--validate checks the EPUBs a build writes: add epub to --format/);
  const unknown = await cli(['doctor', '--format', 'docx'], empty);
  assert.equal(unknown.exitCode, 2);
  assert.match(unknown.stderr, /unknown format: docx; available: html, epub, mobi/);
});

async function assertUnwritable(out: string, pattern: RegExp) {
  const run = await cli(['doctor', '--format', 'html', '--out', out], await tempDir());
  assert.equal(run.exitCode, 1, run.stdout);
  assert.match(run.stdout, pattern);
}

test('an output directory that cannot be written is an error; a writable one keeps no trace of the check', async (t: TestContext) => {
  const base = await tempDir();
  await writeFile(join(base, 'file'), 'x');
  await assertUnwritable(
    join(base, 'file', 'dist'),
    new RegExp(`^output: error: ${base}/file/dist: ${base}/file is a file, not a directory; fix: choose another --out`, 'm'),
  );
  await assertUnwritable(join(base, 'file'), /^output: error: .*\/file: is a file, not a directory/m);

  // A read-only directory: permissions for a normal user; root ignores them, so a read-only mount.
  const readOnly = join(base, 'ro');
  await mkdir(readOnly);
  if (process.getuid?.() !== 0) {
    await chmod(readOnly, 0o555);
    await assertUnwritable(join(readOnly, 'dist'), /^output: error: cannot write to .*\/ro\/dist: permission denied; fix: choose another --out/m);
  } else {
    const mounted = await execa('mount', ['-t', 'tmpfs', '-o', 'size=64k,ro', 'tmpfs', readOnly], { reject: false });
    if (mounted.exitCode !== 0) {
      t.diagnostic(`read-only case skipped: cannot mount a tmpfs (${mounted.stderr.trim()})`);
    } else {
      try {
        await assertUnwritable(join(readOnly, 'dist'), /^output: error: cannot write to .*\/ro\/dist: read-only file system; fix: choose another --out/m);
      } finally {
        await execa('umount', ['-l', readOnly], { reject: false });
      }
    }
  }

  const writable = await tempDir();
  const ok = await cli(['doctor', '--format', 'html', '--out', writable], await tempDir());
  assert.equal(ok.exitCode, 0, ok.stdout);
  assert.match(ok.stdout, new RegExp(`^output: ok: ${writable} is writable$`, 'm'));
  assert.deepEqual(await readdir(writable), []);
  const created = join(writable, 'a', 'b');
  const later = await cli(['doctor', '--format', 'html', '--out', created], await tempDir());
  assert.match(later.stdout, new RegExp(`^output: ok: ${created} can be created \\(${writable} is writable\\)$`, 'm'));
  assert.deepEqual(await readdir(writable), [], 'doctor created nothing');
});

test('Node older than 20 is an error; a book narrows the font check to its languages', async () => {
  const old = await doctor({ nodeVersion: '18.19.0', formats: ['html'], out: await tempDir() });
  assert.equal(old.ok, false);
  assert.equal(check(old, 'node').status, 'error');
  assert.match(check(old, 'node').fix ?? '', /Node\.js 20 or later/);

  const book = await makeBook({ 'zh/01-intro/01-chapter1.markdown': '# 介绍\n\n正文\n' });
  const report = await doctor({ book, formats: ['html'], out: await tempDir() });
  const fonts = check(report, 'fonts');
  if (fonts.status === 'ok') assert.match(fonts.detail, /^the 6 font families PDF uses for zh are installed$/);
  else assert.match(fonts.detail, /for zh/);
  await assert.rejects(doctor({ book, languages: ['xx'] }), /unknown language: xx; available: zh/);
});

test('the terminal table and the plain lines carry every check and its fix', () => {
  const report: DoctorReport = {
    ok: false,
    formats: ['pdf'],
    checks: [
      { name: 'node', status: 'ok', required: true, detail: 'v20.1.0' },
      { name: 'calibre', status: 'error', required: true, detail: 'ebook-convert not found', fix: 'sudo apt-get install calibre' },
    ],
  };
  assert.equal(
    doctorTable(report),
    [
      'check    status  found',
      'node     ok      v20.1.0',
      'calibre  error   ebook-convert not found',
      '                 fix: sudo apt-get install calibre',
      '',
    ].join('\n'),
  );
  assert.equal(doctorLines(report), 'node: ok: v20.1.0\ncalibre: error: ebook-convert not found; fix: sudo apt-get install calibre\n');
});

test('on this machine (setup done): every check passes for all formats with --validate, calibre at the pinned version', async (t) => {
  const calibre = ebookConvertOrSkip();
  const epubcheck = epubcheckOrSkip();
  if (calibre.skip || epubcheck.skip) return t.skip(String(calibre.skip || epubcheck.skip));
  const out = await tempDir();
  const run = await execa(process.execPath, [CLI, 'doctor', '--format', 'all', '--validate', '--json', '--out', out], { reject: false });
  const report = JSON.parse(run.stdout) as DoctorReport;
  const problems = report.checks.filter((c) => c.status !== 'ok' && c.name !== 'dia');
  assert.deepEqual(problems, [], run.stdout);
  assert.equal(run.exitCode, 0, run.stderr);
  assert.equal(check(report, 'calibre').version, pinnedCalibreVersion());
  assert.match(check(report, 'epubcheck').version ?? '', /^\d+\.\d+/);
  assert.deepEqual(await readdir(out), []);
});

test('doctor --a11y: DAISY Ace and a browser for it become required; without it, a missing browser is a warning', async () => {
  const empty = await tempDir();
  const out = await tempDir();
  const plain = await cli(['doctor', '--format', 'html', '--json', '--out', out], empty);
  assert.equal(check(JSON.parse(plain.stdout) as DoctorReport, 'ace').status, 'warning');
  assert.equal(plain.exitCode, 0, plain.stderr);
  const a11y = await cli(['doctor', '--format', 'html', '--a11y', '--json', '--out', out], empty);
  const ace = check(JSON.parse(a11y.stdout) as DoctorReport, 'ace');
  assert.deepEqual([ace.status, ace.required], ['error', true]);
  assert.equal(a11y.exitCode, 1);
  assert.match(a11y.stderr, /not ready to build html: ace missing or broken/);
});
