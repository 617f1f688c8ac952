// One language failing, in its sources or in a writer, while the others are written.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { build } from '../../src/build/build.js';
import { makeBook, tempDir, TINY_PNG } from '../helpers.js';

test('a broken language fails with its file and line while the others are written', async () => {
  const book = await makeBook({
    'figures/fig.png': TINY_PNG,
    'en/01-a/01-chapter1.markdown': '# One\n\nInsert fig.png\nFigure 1-1. Cap\n',
    'fr/01-a/01-chapter1.markdown': Buffer.from('# Un\n\nd\xe9j\xe0\n', 'latin1'),
    'de/01-a/01-chapter1.markdown': '# Eins\n\n[nirgends](#nowhere)\n',
  });
  const logged: string[] = [];
  const report = await build({ book, out: await tempDir(), formats: ['html', 'epub'], cache: false, log: (_level, message) => logged.push(message) });
  const fr = report.languages.find((l) => l.lang === 'fr')!;
  assert.equal(fr.ok, false);
  assert.match(logged.join('\n'), /fr\/01-a\/01-chapter1\.markdown:3:\d+: error: invalid UTF-8/);
  assert.deepEqual(
    report.languages.filter((l) => l.lang !== 'fr').map((l) => [l.lang, l.ok, l.outputs.length]),
    [
      ['de', true, 2],
      ['en', true, 2],
    ],
  );
  assert.ok(report.languages.find((l) => l.lang === 'de')!.warnings.some((w) => w.rule === 'link-anchor'));
});

test('a writer failing fails that format, with the message and no stack', async () => {
  const book = await makeBook({
    'en/01-a/01-chapter1.markdown': '# One\n\n![a directory](../../figures/dir.png)\n',
    'de/01-a/01-chapter1.markdown': '# Eins\n\nText.\n',
    'figures/dir.png/keep': '',
  });
  const failures = async () => {
    const report = await build({ book, out: await tempDir(), formats: ['html', 'epub'], cache: false });
    return report.languages.map((l) => ({ lang: l.lang, ok: l.ok, outputs: l.outputs.length, failures: l.failures.map((f) => `${f.format}: ${f.message}`) }));
  };
  const threaded = await failures();
  const en = threaded.find((l) => l.lang === 'en')!;
  assert.equal(en.ok, false);
  assert.deepEqual(
    en.failures.map((f) => f.split(':')[0]),
    ['html', 'epub'],
  );
  assert.ok(
    en.failures.every((f) => /figures\/dir\.png is a directory, not a file/.test(f) && !/\n\s+at /.test(f)),
    en.failures.join('\n'),
  );
  assert.deepEqual(
    threaded.find((l) => l.lang === 'de'),
    { lang: 'de', ok: true, outputs: 2, failures: [] },
  );
});
