// How the build command shows progress: modes, timestamped lines, quiet, the live view.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { progressMode, progressReporter } from '../../src/cli/progress.js';
import { main } from '../../src/cli/main.js';
import { makeBook, tempDir } from '../helpers.js';

test('progress mode: live only on a terminal outside CI; --quiet wins', () => {
  assert.equal(progressMode({ quiet: false, isTty: true, env: {} }), 'live');
  assert.equal(progressMode({ quiet: false, isTty: true, env: { CI: 'true' } }), 'lines');
  assert.equal(progressMode({ quiet: false, isTty: true, env: { CI: 'false' } }), 'live');
  assert.equal(progressMode({ quiet: false, isTty: false, env: {} }), 'lines');
  assert.equal(progressMode({ quiet: true, isTty: true, env: {} }), 'quiet');
});

test('lines: info lines carry a timestamp, warnings and errors keep their path:line form; quiet: errors only', () => {
  let text = '';
  const lines = progressReporter(
    'lines',
    (t) => (text += t),
    () => new Date('2026-01-02T03:04:05.678Z'),
  );
  lines.log('info', 'en epub: dist/book.en.epub (10 bytes, 5 ms)');
  lines.log('warn', 'en/01/a.md:3: warning: figure x.png not found [figure-missing]');
  assert.equal(text, '[03:04:05.678] en epub: dist/book.en.epub (10 bytes, 5 ms)\nen/01/a.md:3: warning: figure x.png not found [figure-missing]\n');
  text = '';
  const quiet = progressReporter('quiet', (t) => (text += t));
  quiet.log('info', 'x');
  quiet.log('warn', 'y');
  quiet.log('error', 'en mobi: failed');
  assert.equal(text, 'en mobi: failed\n');
});

test('live: one row per language with a mark per format, redrawn in place', () => {
  let text = '';
  const live = progressReporter('live', (t) => (text += t));
  live.progress!({ lang: 'en', state: 'running' });
  live.progress!({ lang: 'en', format: 'html', state: 'done' });
  live.progress!({ lang: 'en', format: 'mobi', state: 'running' });
  live.progress!({ lang: 'zh', format: 'epub', state: 'cached' });
  live.finish();
  assert.match(text, /▶ en +✓ html {2}▶ mobi\n/);
  assert.match(text, /zh += epub\n/);
  live.log('error', 'boom');
  live.finish();
  // The table is erased (cursor up, clear) before the error and drawn again below it.
  assert.match(text, /\x1b\[2A\x1b\[0Jboom\n/);
});

test('build CLI without a terminal: timestamped lines on stderr; --quiet prints nothing for a clean build', async () => {
  const book = await makeBook({ 'en/01-a/01.markdown': '# Title\n\nText.\n' });
  const out = await tempDir();
  let stderr = '';
  const io = { stdout: () => {}, stderr: (t: string) => void (stderr += t), isTty: false, stderrIsTty: false };
  assert.equal(await main(['build', book, '--out', out, '--format', 'html,epub'], io), 0);
  assert.match(stderr, /^\[\d\d:\d\d:\d\d\.\d{3}\] en html: /m);
  assert.match(stderr, /^\[\d\d:\d\d:\d\d\.\d{3}\] en epub: /m);
  stderr = '';
  assert.equal(await main(['build', book, '--out', out, '--format', 'html,epub', '--quiet'], io), 0);
  assert.equal(stderr, '');
});

test('live: more languages than the terminal has rows: finished ones are counted, the table never outgrows the screen', () => {
  let text = '';
  const live = progressReporter(
    'live',
    (t) => (text += t),
    () => new Date(),
    4,
  );
  for (const lang of ['a', 'b', 'c', 'd', 'e', 'f']) live.progress!({ lang, state: 'done' });
  live.progress!({ lang: 'g', state: 'running' });
  live.finish();
  const rows = text.split('\n').filter(Boolean);
  assert.equal(rows.length, 2, text);
  assert.match(text, /▶ g/);
  assert.match(text, /✓ 6 more/);
});
