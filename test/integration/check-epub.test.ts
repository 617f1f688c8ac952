// `check --epub`: epubcheck's findings on built EPUBs, in the same form as every other finding.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { execa } from 'execa';
import { CLI, epubcheckOrSkip, makeBook, tempDir } from '../helpers.js';

const epubcheck = epubcheckOrSkip();
test('check --epub reports epubcheck findings in the same format and exits 1 on an error', { skip: epubcheck.skip }, async () => {
  const book = await makeBook({
    'book.json': JSON.stringify({ name: 'x', css: 'extra.css' }),
    'extra.css': 'p { direction: rtl; }\n',
    'en/01-a/01.markdown': '# Title\n\nText.\n',
  });
  const goodBook = await makeBook({ 'book.json': JSON.stringify({ name: 'y' }), 'en/01-a/01.markdown': '# Title\n\nText.\n' });
  // One directory holds one book's ebooks.
  const [out, goodOut] = [await tempDir(), await tempDir()];
  await execa(process.execPath, [CLI, 'build', book, '--format', 'epub', '--out', out]);
  await execa(process.execPath, [CLI, 'build', goodBook, '--format', 'epub', '--out', goodOut]);
  const bad = await execa(process.execPath, [CLI, 'check', '--epub', join(out, 'x.en.epub'), join(goodOut, 'y.en.epub')], { reject: false });
  assert.equal(bad.exitCode, 1, bad.stderr);
  assert.match(bad.stdout, /x\.en\.epub\/OEBPS\/style\.css:\d+:\d+: error: .* \[CSS-001\]/);
  assert.doesNotMatch(bad.stdout, /y\.en\.epub/);
  const good = await execa(process.execPath, [CLI, 'check', '--epub', join(goodOut, 'y.en.epub')], { reject: false });
  assert.equal(good.exitCode, 0, good.stdout + good.stderr);
});
