// The build() API at its edges: what a caller's callbacks, writer list or book directory name
// can do to a build, each with a clear outcome.
import assert from 'node:assert/strict';
import { chmod, mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { build } from '../../src/build/build.js';
import { WRITERS } from '../../src/writers/registry.js';
import { makeBook, tempDir } from '../helpers.js';

const CHAPTER = { 'en/01-a/01.markdown': '# A\n\nText.\n', 'fr/01-a/01.markdown': '# A\n\nTexte.\n' };

/** An ebook-convert that takes a second and logs when each run starts and ends. */
async function slowConvert(log: string): Promise<string> {
  const path = join(await tempDir(), 'ebook-convert');
  await writeFile(path, `#!/bin/sh\necho start >> "${log}"\nsleep 1\ncp "$1" "$2"\necho end >> "${log}"\n`);
  await chmod(path, 0o755);
  return path;
}

for (const callback of ['progress', 'log'] as const) {
  test(`a ${callback} callback that throws: the build finishes its conversions, then build() rejects with that error`, async () => {
    const log = join(await tempDir(), 'runs.log');
    const out = await tempDir();
    const thrower = () => {
      throw new Error('the caller broke');
    };
    await assert.rejects(
      build({ book: await makeBook(CHAPTER), out, cache: false, formats: ['html', 'epub', 'mobi'], ebookConvert: await slowConvert(log), [callback]: thrower }),
      new RegExp(`the ${callback} callback given to build\\(\\) threw: the caller broke`),
    );
    // Nothing is still converting once build() has settled.
    const runs = (await readFile(log, 'utf8')).split('\n').filter(Boolean);
    assert.equal(runs.filter((r) => r === 'start').length, 2, runs.join(','));
    assert.equal(runs.filter((r) => r === 'end').length, 2, runs.join(','));
    assert.ok((await readdir(out)).some((f) => f.endsWith('.fr.mobi')));
  });
}

test('a custom writers list without mobi and no formats builds the default formats it has; with none of them, a usage error', async () => {
  const writers = WRITERS.filter((w) => w.format === 'html' || w.format === 'epub' || w.format === 'pdf');
  const report = await build({ book: await makeBook(CHAPTER), out: await tempDir(), cache: false, writers });
  assert.deepEqual(report.formats, ['html', 'epub']);
  assert.equal(report.ok, true);
  await assert.rejects(
    build({ book: await makeBook(CHAPTER), out: await tempDir(), cache: false, writers: WRITERS.filter((w) => w.format === 'pdf') }),
    /no format was given and none of the writers \(pdf\) writes a default format \(html, epub, mobi\): pass formats/,
  );
});

test('a book directory whose name starts with "." needs a name in book.json: its ebooks would be hidden files', async () => {
  const book = join(await tempDir(), '.mybook');
  await mkdir(join(book, 'en', '01-a'), { recursive: true });
  await writeFile(join(book, 'en', '01-a', '01.markdown'), '# A\n');
  const out = await tempDir();
  await assert.rejects(
    build({ book, out, cache: false, formats: ['html'] }),
    /no "name" is set and the book directory's name "\.mybook" does not start with a letter or a digit \(its ebooks would be \.mybook\.en\.html and so on, hidden files\): set "name" in book\.json/,
  );
  assert.deepEqual(await readdir(out), []);
  await writeFile(join(book, 'book.json'), '{"name": "mybook"}');
  const report = await build({ book, out, cache: false, formats: ['html'] });
  assert.deepEqual(
    report.languages[0]!.outputs.map((o) => o.path.split('/').pop()),
    ['mybook.en.html'],
  );
});
