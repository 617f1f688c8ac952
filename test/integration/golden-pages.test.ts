// Golden pages: each page this tool writes, made from the sample book (book/), byte for byte as
// reviewed once (test/golden/, looked at in Chromium at phone and desktop widths, light and dark).
// A change to a page shows here as a failed comparison; when it is meant, UPDATE_GOLDEN=1 rewrites
// the files, to be reviewed again in the diff. The build date is fixed by SOURCE_DATE_EPOCH, the
// book is a copy outside any git checkout (no history, no currency line), and the status page's
// history is made here by git with fixed names and dates, so every byte is reproducible.
import assert from 'node:assert/strict';
import { cp, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { before, describe, test } from 'node:test';
import { build } from '../../src/index.js';
import { main } from '../../src/cli/main.js';
import { previewPage } from '../../src/serve/serve-page.js';
import { REPO_ROOT, SAMPLE_BOOK, tempDir } from '../helpers.js';
import { gitBook, gitSkip } from '../git-book.js';

const GOLDEN = join(REPO_ROOT, 'test', 'golden');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

/** The page against its golden file; the message shows where they part, not two whole pages. */
async function matchesGolden(name: string, actual: string): Promise<void> {
  const path = join(GOLDEN, name);
  if (UPDATE) {
    await mkdir(GOLDEN, { recursive: true });
    await writeFile(path, actual);
    return;
  }
  const expected = await readFile(path, 'utf8');
  if (actual === expected) return;
  let at = 0;
  while (actual[at] === expected[at]) at++;
  const line = expected.slice(0, at).split('\n').length;
  assert.fail(
    `${name} differs from test/golden/${name} at line ${line}:\n  golden: ${JSON.stringify(expected.slice(at - 40, at + 80))}\n  now:    ${JSON.stringify(actual.slice(at - 40, at + 80))}\n` +
      'If the change is meant, rerun with UPDATE_GOLDEN=1 and review the new file (open it in a browser).',
  );
}

/** Runs `fn` with SOURCE_DATE_EPOCH set, as the build reads it from the environment. */
async function withEpoch<T>(fn: () => Promise<T>): Promise<T> {
  const saved = process.env.SOURCE_DATE_EPOCH;
  process.env.SOURCE_DATE_EPOCH = '1700000000';
  try {
    return await fn();
  } finally {
    if (saved === undefined) delete process.env.SOURCE_DATE_EPOCH;
    else process.env.SOURCE_DATE_EPOCH = saved;
  }
}

describe('golden pages of the sample book', () => {
  let out: string;

  before(async () => {
    const book = join(await tempDir(), 'book');
    await cp(SAMPLE_BOOK, book, { recursive: true });
    out = await tempDir();
    const report = await withEpoch(() => build({ book, out, formats: ['html'], cache: false }));
    assert.equal(report.ok, true, JSON.stringify(report.languages.map((l) => l.failures)));
  });

  test('the HTML book page (en)', async () => {
    await matchesGolden('making-ebooks.en.html', await readFile(join(out, 'making-ebooks.en.html'), 'utf8'));
  });

  test('index.html', async () => {
    await matchesGolden('index.html', await readFile(join(out, 'index.html'), 'utf8'));
  });
});

const gitSkipped = await gitSkip();

test(
  'the status page (status --html -), on the sample book in a history made here: zh behind on a change whose subject holds markup',
  { skip: gitSkipped },
  async () => {
    const book = await gitBook();
    const files: Record<string, string> = {};
    for (const entry of await readdir(SAMPLE_BOOK, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || !/\.(markdown|json)$/.test(entry.name)) continue;
      const path = join(entry.parentPath, entry.name);
      files[relative(SAMPLE_BOOK, path)] = await readFile(path, 'utf8');
    }
    await book.commit('The sample book', files, '2024-01-01T10:00:00+00:00');
    const chapter1 = 'en/01-introduction/01-chapter1.markdown';
    await book.commit(
      'Explain <staging> & "quotes" first',
      { [chapter1]: `${files[chapter1]}\nStaging comes first: \`git add <file>\`.\n` },
      '2024-02-01T10:00:00+00:00',
    );
    let stdout = '';
    let stderr = '';
    const code = await main(['status', book.dir, '--html', '-'], { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), isTty: false });
    assert.equal(code, 0, stderr);
    assert.match(stdout, /Explain &lt;staging&gt; &amp; &quot;quotes&quot; first/);
    await matchesGolden('status.html', stdout);
  },
);

test('serve’s error page, with diagnostics that hold markup', async () => {
  const page = previewPage('en', 'v1', undefined, [
    {
      severity: 'error',
      file: 'en/01-introduction/01-chapter1.markdown',
      line: 7,
      message: 'the figure <fig0101> is not an image & cannot be shown',
      rule: 'figure-bytes',
    },
    { severity: 'error', file: 'en/02-layout/01-chapter2.markdown', line: 12, message: 'a "table" declaration without rows' },
  ]);
  assert.equal(page.status, 500);
  assert.match(page.html, /the figure &lt;fig0101&gt; is not an image &amp; cannot be shown/);
  await matchesGolden('serve-error.html', page.html);
});
