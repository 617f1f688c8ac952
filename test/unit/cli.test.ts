// The CLI as a user runs it: a child process, real files, exit codes and messages.
import assert from 'node:assert/strict';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { execa } from 'execa';
import { CLI, makeBook, REPO_ROOT, tempDir, TINY_PNG } from '../helpers.js';

const GOOD_BOOK = {
  'en/01-intro/01-chapter1.markdown': '# Intro #\n\n## Section ##\n\nInsert fig0101.png\nFigure 1-1. A figure\n',
  'figures/fig0101-tn.png': TINY_PNG,
};

const EMPTY_PATH = await tempDir();

/** Runs the CLI with an empty PATH, so no calibre is found unless one is given. */
function cli(args: string[], env: Record<string, string | undefined> = {}) {
  return execa(process.execPath, [CLI, ...args], {
    reject: false,
    env: { PATH: EMPTY_PATH, EBOOK_CONVERT: undefined, ...env },
    extendEnv: true,
  });
}

test('usage errors exit 2: unknown language lists the available ones, unknown format lists formats', async () => {
  const book = await makeBook(GOOD_BOOK);
  const lang = await cli(['build', book, '--lang', 'en,xx', '--out', await tempDir()]);
  assert.equal(lang.exitCode, 2);
  assert.match(lang.stderr, /unknown language: xx; available: en/);
  const format = await cli(['build', book, '--format', 'docx', '--out', await tempDir()]);
  assert.equal(format.exitCode, 2);
  assert.match(format.stderr, /unknown format: docx; available: html, epub, mobi/);
  const option = await cli(['build', '--no-such-option']);
  assert.equal(option.exitCode, 2);
});

test('--version and --help exit 0', async () => {
  const version = await cli(['--version']);
  assert.equal(version.exitCode, 0);
  const pkg = JSON.parse(await readFile(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
  assert.equal(version.stdout.trim(), pkg.version);
  const help = await cli(['build', '--help']);
  assert.equal(help.exitCode, 0);
  assert.match(help.stdout, /--ebook-convert <path>/);
});

test('without calibre, default formats skip mobi with one warning; --json reports path, bytes, sha256, ms', async () => {
  const book = await makeBook(GOOD_BOOK);
  const out = await tempDir();
  const run = await cli(['build', book, '--out', out, '--json']);
  assert.equal(run.exitCode, 0, run.stderr);
  assert.equal(run.stderr.split('\n').filter((l) => /skipping mobi/.test(l)).length, 1);
  const report = JSON.parse(run.stdout);
  assert.equal(report.ok, true);
  assert.deepEqual(
    report.skipped.map((s: { format: string }) => s.format),
    ['mobi'],
  );
  const outputs = report.languages[0].outputs;
  assert.deepEqual(
    outputs.map((o: { format: string }) => o.format),
    ['html', 'epub'],
  );
  for (const o of outputs) {
    const bytes = await readFile(o.path);
    assert.equal(o.bytes, bytes.length);
    assert.match(o.sha256, /^[0-9a-f]{64}$/);
    assert.equal(typeof o.ms, 'number');
  }
  assert.ok(existsSync(join(out, `${book.split('/').pop()}.en.epub`)));
});

test('without calibre, an explicit mobi request fails with install hints', async () => {
  const book = await makeBook(GOOD_BOOK);
  const run = await cli(['build', book, '--format', 'epub,mobi', '--out', await tempDir()]);
  assert.equal(run.exitCode, 1);
  assert.match(run.stderr, /mobi needs ebook-convert/);
  assert.match(run.stderr, /apt-get install calibre/);
  assert.match(run.stderr, /brew install --cask calibre/);
  assert.match(run.stderr, /docker run/);
});

test('a failing ebook-convert shows the tail of its output and keeps the other formats and the old file', async () => {
  const book = await makeBook(GOOD_BOOK);
  const out = await tempDir();
  const fake = join(await tempDir(), 'ebook-convert');
  await writeFile(fake, '#!/bin/sh\necho "line one of noise" >&2\necho "Conversion error: the KF8 writer fell over" >&2\nexit 3\n');
  await chmod(fake, 0o755);
  const oldMobi = join(out, `${book.split('/').pop()}.en.mobi`);
  await writeFile(oldMobi, 'previous good build');
  const run = await cli(['build', book, '--out', out, '--ebook-convert', fake]);
  assert.equal(run.exitCode, 1);
  assert.match(run.stderr, /en mobi: ebook-convert exited with code 3/);
  assert.match(run.stderr, /the KF8 writer fell over/);
  assert.equal(await readFile(oldMobi, 'utf8'), 'previous good build');
  assert.ok(existsSync(join(out, `${book.split('/').pop()}.en.epub`)));
  assert.ok(existsSync(join(out, `${book.split('/').pop()}.en.html`)));
});

test('--ebook-convert pointing nowhere is a usage error', async () => {
  const book = await makeBook(GOOD_BOOK);
  const run = await cli(['build', book, '--ebook-convert', '/no/such/ebook-convert', '--out', await tempDir()]);
  assert.equal(run.exitCode, 2);
  assert.match(run.stderr, /--ebook-convert: \/no\/such\/ebook-convert is not an executable file/);
});

test('one broken language does not stop the others; the error names file and line, without a stack trace', async () => {
  const book = await makeBook({
    ...GOOD_BOOK,
    'fr/01-intro/01-chapter1.markdown': Buffer.concat([Buffer.from('# Intro\n\nd'), Buffer.from([0xe9, 0x0a])]),
  });
  const out = await tempDir();
  const run = await cli(['build', book, '--out', out, '--format', 'html,epub']);
  assert.equal(run.exitCode, 1);
  assert.match(run.stderr, /fr: .*fr\/01-intro\/01-chapter1\.markdown:3:2: error: invalid UTF-8/);
  assert.doesNotMatch(run.stderr, /\n\s+at /);
  assert.ok(existsSync(join(out, `${book.split('/').pop()}.en.epub`)));
  assert.ok(!existsSync(join(out, `${book.split('/').pop()}.fr.epub`)));
  assert.match(run.stderr, /failed: fr/);
});

test('a missing figure warns with file:line; --strict makes it fail the language without writing it', async () => {
  const book = await makeBook({ 'en/01-intro/01-chapter1.markdown': '# Intro\n\nInsert fig0404.png\nFigure 4-4. Nowhere\n' });
  const out = await tempDir();
  const lenient = await cli(['build', book, '--out', out, '--format', 'html']);
  assert.equal(lenient.exitCode, 0);
  assert.match(lenient.stderr, /01-chapter1\.markdown:3: warning: figure fig0404\.png not found/);
  const strictOut = await tempDir();
  const strict = await cli(['build', book, '--out', strictOut, '--format', 'html', '--strict']);
  assert.equal(strict.exitCode, 1);
  assert.ok(!existsSync(join(strictOut, `${book.split('/').pop()}.en.html`)));
});

test('a broken book.json stops the build with its line and column', async () => {
  const book = await makeBook({ ...GOOD_BOOK, 'book.json': '{\n  "title": "x",,\n}\n' });
  const run = await cli(['build', book, '--out', await tempDir()]);
  assert.equal(run.exitCode, 1);
  assert.match(run.stderr, /book\.json:2:16: error: invalid JSON/);
});
