// build({ readerThreads }): languages read and rendered in worker threads give the same files,
// findings and failures as a build in one thread.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { build, type BuildReport } from '../../src/api/build.js';
import { makeBook, REPO_ROOT, tempDir, TINY_PNG } from '../helpers.js';

const WORLD = join(REPO_ROOT, 'test', 'fixtures', 'world');

function summary(report: BuildReport) {
  return report.languages.map((l) => ({
    lang: l.lang,
    ok: l.ok,
    chapters: l.chapters,
    outputs: l.outputs.map((o) => `${o.format} ${o.sha256}`),
    warnings: l.warnings.map((w) => `${w.file}:${w.line}: ${w.message}`),
    failures: l.failures.map((f) => f.message),
  }));
}

test('reader threads: the world fixture built with 2 reader threads equals the one-thread build, byte for byte', async () => {
  const options = { book: WORLD, formats: ['html', 'epub'], cache: false as const, dia: false as const };
  const one = await build({ ...options, out: await tempDir(), readerThreads: 0 });
  const two = await build({ ...options, out: await tempDir(), readerThreads: 2 });
  assert.ok(one.ok && two.ok);
  assert.ok(one.languages.length >= 5);
  assert.deepEqual(summary(two), summary(one));
});

test('reader threads: a broken language fails with its file and line while the others are written', async () => {
  const book = await makeBook({
    'figures/fig.png': TINY_PNG,
    'en/01-a/01-chapter1.markdown': '# One\n\nInsert fig.png\nFigure 1-1. Cap\n',
    'fr/01-a/01-chapter1.markdown': Buffer.from('# Un\n\nd\xe9j\xe0\n', 'latin1'),
    'de/01-a/01-chapter1.markdown': '# Eins\n\n[nirgends](#nowhere)\n',
  });
  const logged: string[] = [];
  const report = await build({ book, out: await tempDir(), formats: ['html', 'epub'], cache: false, readerThreads: 2, log: (_level, message) => logged.push(message) });
  const fr = report.languages.find((l) => l.lang === 'fr')!;
  assert.equal(fr.ok, false);
  assert.match(logged.join('\n'), /fr\/01-a\/01-chapter1\.markdown:3:\d+: error: invalid UTF-8/);
  assert.deepEqual(report.languages.filter((l) => l.lang !== 'fr').map((l) => [l.lang, l.ok, l.outputs.length]), [['de', true, 2], ['en', true, 2]]);
  assert.ok(report.languages.find((l) => l.lang === 'de')!.warnings.some((w) => w.rule === 'link-anchor'));
});
