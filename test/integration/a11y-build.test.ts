// `build --validate --a11y`: DAISY Ace after epubcheck on every EPUB the build writes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { execa } from 'execa';
import { aceOrSkip, CLI, epubcheckOrSkip, SAMPLE_BOOK, tempDir } from '../helpers.js';

const ace = aceOrSkip();
const epubcheck = epubcheckOrSkip();

test(
  'build --validate --a11y runs Ace on each EPUB after epubcheck and writes the files when it finds no violation',
  { skip: ace.skip || epubcheck.skip },
  async () => {
    const out = await tempDir();
    const run = await execa(process.execPath, [CLI, 'build', SAMPLE_BOOK, '--format', 'html,epub', '--validate', '--a11y', '--out', out, '--force'], {
      reject: false,
      env: { CI: '1' },
    });
    assert.equal(run.exitCode, 0, run.stderr);
    for (const lang of ['en', 'zh']) assert.match(run.stderr, new RegExp(`${lang} epub: Ace: \\d+ minor findings?, no violation`));
  },
);

test('--a11y without --validate is a usage error', async () => {
  const run = await execa(process.execPath, [CLI, 'build', SAMPLE_BOOK, '--format', 'epub', '--a11y', '--out', await tempDir()], { reject: false });
  assert.equal(run.exitCode, 2);
  assert.match(run.stderr, /--a11y runs DAISY Ace after epubcheck: add --validate/);
});
