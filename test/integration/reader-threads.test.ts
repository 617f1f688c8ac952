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

test('reader threads: a writer failing in a reader thread fails that format, with the message and no stack, as in one thread', async () => {
  const book = await makeBook({
    'en/01-a/01-chapter1.markdown': '# One\n\n![a directory](../../figures/dir.png)\n',
    'de/01-a/01-chapter1.markdown': '# Eins\n\nText.\n',
    'figures/dir.png/keep': '',
  });
  const failures = async (readerThreads: number) => {
    const report = await build({ book, out: await tempDir(), formats: ['html', 'epub'], cache: false, readerThreads });
    return report.languages.map((l) => ({ lang: l.lang, ok: l.ok, outputs: l.outputs.length, failures: l.failures.map((f) => `${f.format}: ${f.message}`) }));
  };
  const threaded = await failures(2);
  assert.deepEqual(threaded, await failures(0));
  const en = threaded.find((l) => l.lang === 'en')!;
  assert.equal(en.ok, false);
  assert.deepEqual(en.failures.map((f) => f.split(':')[0]), ['html', 'epub']);
  assert.ok(en.failures.every((f) => /figures\/dir\.png is a directory, not a file/.test(f) && !/\n\s+at /.test(f)), en.failures.join('\n'));
  assert.deepEqual(threaded.find((l) => l.lang === 'de'), { lang: 'de', ok: true, outputs: 2, failures: [] });
});
