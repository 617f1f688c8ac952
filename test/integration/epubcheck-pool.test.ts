// The long-lived epubcheck workers: the same verdicts as one epubcheck run per file, a broken file
// does not disturb the next one, and a Java that cannot start the server falls back to per-file runs.
import assert from 'node:assert/strict';
import { chmod, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { build } from '../../src/index.js';
import { EpubcheckPool } from '../../src/tools/epubcheck-server.js';
import { runEpubcheck } from '../../src/tools/epubcheck.js';
import { epubcheckOrSkip, makeBook, tempDir } from '../helpers.js';

const epubcheck = epubcheckOrSkip();
let good = '';
let broken = '';

before(async () => {
  if (epubcheck.skip) return;
  const out = await tempDir();
  const report = await build({ book: await makeBook({ 'en/01-a/01.markdown': '# Title\n\nText.\n' }), out, formats: ['epub'] });
  good = report.languages[0]!.outputs[0]!.path;
  broken = join(out, 'broken.epub');
  await writeFile(broken, 'this is not a zip file');
});

test('a worker gives the same verdicts as per-file runs, and a broken EPUB does not disturb the next one', { skip: epubcheck.skip }, async () => {
  const pool = new EpubcheckPool(epubcheck.command!, 1);
  try {
    const [a, b, c] = await Promise.all([pool.check(good), pool.check(broken), pool.check(good)]);
    assert.deepEqual([a!.errors, a!.warnings, a!.fatals], [0, 0, 0]);
    assert.deepEqual([c!.errors, c!.warnings, c!.fatals], [0, 0, 0]);
    const single = await runEpubcheck(epubcheck.command!, broken);
    assert.ok(single.errors + single.fatals > 0, single.output);
    assert.equal(b!.errors + b!.fatals, single.errors + single.fatals, b!.output);
    assert.deepEqual(
      b!.messages.map((m) => m.rule),
      single.messages.map((m) => m.rule),
    );
  } finally {
    pool.close();
  }
});

test('when the JVM cannot start the server, every EPUB is still checked, one run each', { skip: epubcheck.skip }, async () => {
  const dir = await tempDir();
  const fakeJava = join(dir, 'java');
  // Refuses the server's `-cp jar Server.java` form, runs the real java for `-jar`.
  await writeFile(fakeJava, `#!/bin/sh\n[ "$1" = "-cp" ] && exit 3\nexec "${epubcheck.command!.file}" "$@"\n`);
  await chmod(fakeJava, 0o755);
  const pool = new EpubcheckPool({ file: fakeJava, args: epubcheck.command!.args }, 1);
  try {
    const [a, b] = await Promise.all([pool.check(good), pool.check(broken)]);
    assert.equal(a!.errors + a!.fatals, 0, a!.output);
    assert.ok(b!.errors + b!.fatals > 0, b!.output);
  } finally {
    pool.close();
  }
});

test('a worker killed mid-file: that file and the ones queued behind it are still checked, none hangs', { skip: epubcheck.skip }, async () => {
  const pool = new EpubcheckPool(epubcheck.command!, 1);
  try {
    const pending = [pool.check(good), pool.check(broken), pool.check(good)];
    await new Promise((r) => setTimeout(r, 300));
    pool.kill();
    const [a, b, c] = await Promise.all(pending);
    assert.equal(a!.errors + a!.fatals, 0, a!.output);
    assert.ok(b!.errors + b!.fatals > 0, b!.output);
    assert.equal(c!.errors + c!.fatals, 0, c!.output);
    const after = await pool.check(broken);
    assert.ok(after.errors + after.fatals > 0);
  } finally {
    pool.close();
  }
});

test('a missing file or a file that is not an EPUB is an error, never a pass', { skip: epubcheck.skip }, async () => {
  const pool = new EpubcheckPool(epubcheck.command!, 1);
  const notes = join(await tempDir(), 'notes.txt');
  await writeFile(notes, 'hello\n');
  try {
    for (const file of [join(await tempDir(), 'missing.epub'), notes]) {
      const result = await pool.check(file);
      assert.ok(result.errors + result.fatals > 0, `${file}: ${result.output}`);
      assert.ok(
        result.messages.some((m) => m.severity === 'error'),
        result.output,
      );
    }
    const single = await runEpubcheck(epubcheck.command!, notes);
    assert.ok(single.errors > 0, single.output);
  } finally {
    pool.close();
  }
});
