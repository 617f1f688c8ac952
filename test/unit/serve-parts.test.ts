// serve's parts on their own: the page snippet, the event-stream registry, the debounce, the
// one-rendering-at-a-time loop, the findings log and the loopback checks (the whole server, in a
// browser, is test/integration/serve.test.ts).
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { test } from 'node:test';
import { EventClients, versionEvent, type EventStream } from '../../src/serve/serve-events.js';
import { listen, loopbackHost } from '../../src/serve/serve-http.js';
import { EVENTS_PATH, previewPage, renderSummary, withLiveReload } from '../../src/serve/serve-page.js';
import { FindingsLog } from '../../src/serve/serve-render.js';
import { SerialRunner, debounce } from '../../src/serve/serve-watch.js';
import { UserError, type Diagnostic } from '../../src/util/diagnostics.js';

const warning: Diagnostic = { severity: 'warning', file: 'en/01.markdown', line: 3, message: 'figure <fig0101.png> not found' };
const error: Diagnostic = { severity: 'error', file: 'en/02.markdown', line: 7, message: 'comment never closed' };

test('the live-reload snippet goes before the last </body>, or at the end when there is none', () => {
  const html = '<html><body><pre>&lt;/body&gt; quoted, and a raw </body> in a comment?</pre></body></html>';
  const served = withLiveReload(html, 'v1', []);
  const at = served.indexOf('<script>');
  assert.ok(at > html.indexOf('</pre>'), 'after the content');
  assert.ok(served.endsWith('</body></html>'), 'the document still ends as it did');
  assert.equal(served.replace(/<script>[\s\S]*<\/script>\n/, ''), html, 'nothing else changes');
  assert.match(served, /const version = "v1";/);
  assert.match(served, new RegExp(`new EventSource\\(${JSON.stringify(EVENTS_PATH).replace(/[/]/g, '\\/')}\\)`));
  const bare = withLiveReload('<p>no body</p>', 'v2', []);
  assert.ok(bare.startsWith('<p>no body</p><script>'));
  assert.ok(bare.trimEnd().endsWith('</script>'));
});

test('warnings show in an escaped, counted panel; a version is a JSON string, not code', () => {
  const one = withLiveReload('<body></body>', 'v', [warning]);
  assert.match(one, /<summary>1 warning<\/summary>/);
  assert.match(one, /figure &lt;fig0101\.png&gt; not found/);
  assert.doesNotMatch(one, /<fig0101\.png>/);
  assert.match(withLiveReload('<body></body>', 'v', [warning, warning]), /<summary>2 warnings<\/summary>/);
  assert.doesNotMatch(withLiveReload('<body></body>', 'v', []), /progit-ebook-serve-warnings/);
  assert.match(withLiveReload('<body></body>', '";alert(1);"', []), /const version = "\\";alert\(1\);\\"";/);
});

test('a rendering with an error serves the errors (500), without the page or a warnings panel', () => {
  const good = previewPage('en', 'v3', '<body><p>text</p></body>', [warning]);
  assert.equal(good.status, 200);
  assert.match(good.html, /<p>text<\/p>/);
  assert.match(good.html, /progit-ebook-serve-warnings/);
  const bad = previewPage('en', 'v3', '<body><p>text</p></body>', [warning, error]);
  assert.equal(bad.status, 500);
  assert.doesNotMatch(bad.html, /<p>text<\/p>|progit-ebook-serve-warnings/);
  assert.match(bad.html, /<pre id="progit-ebook-serve-errors">en\/02\.markdown:7/);
  assert.match(bad.html, /const version = "v3";/, 'the error page reloads too');
  assert.equal(previewPage('en', 'v', undefined, []).status, 500, 'no HTML is an error page even without a finding');
});

test('the line after a rendering counts errors and warnings', () => {
  assert.equal(renderSummary('en', [], 12), 'en: rendered in 12 ms');
  assert.equal(renderSummary('en', [warning], 5), 'en: rendered in 5 ms (1 warning)');
  assert.equal(renderSummary('zh', [error, error, warning, warning], 9), 'zh: 2 errors, the page shows them in 9 ms (2 warnings)');
});

class FakeStream implements EventStream {
  text = '';
  ended = false;
  write(chunk: string) {
    this.text += chunk;
  }
  end() {
    this.ended = true;
  }
}

test('event streams: told the current version on connecting, every new one after, until removed or closed', () => {
  const clients = new EventClients();
  const a = new FakeStream();
  const b = new FakeStream();
  const removeA = clients.add(a, 's-1');
  assert.equal(a.text, `retry: 1000\n\n${versionEvent('s-1')}`);
  clients.add(b, 's-1');
  clients.broadcast('s-2');
  assert.ok(a.text.endsWith('event: version\ndata: s-2\n\n') && b.text.endsWith('event: version\ndata: s-2\n\n'));
  removeA();
  assert.equal(clients.size, 1);
  clients.broadcast('s-3');
  assert.doesNotMatch(a.text, /s-3/);
  assert.match(b.text, /data: s-3/);
  clients.closeAll();
  assert.ok(b.ended && !a.ended, 'only the streams still registered are ended');
  assert.equal(clients.size, 0);
});

test('debounce: one run after the last trigger has been quiet for the given time; cancel stops it', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  let runs = 0;
  const changed = debounce(() => runs++, 100);
  changed.trigger();
  t.mock.timers.tick(60);
  changed.trigger();
  t.mock.timers.tick(60);
  assert.equal(runs, 0, 'the second change restarted the quiet time');
  t.mock.timers.tick(40);
  assert.equal(runs, 1);
  t.mock.timers.tick(1000);
  assert.equal(runs, 1, 'once per quiet time');
  changed.trigger();
  changed.cancel();
  t.mock.timers.tick(1000);
  assert.equal(runs, 1);
});

test('the render loop runs one at a time: requests during a run make exactly one more run; stop waits and ends it', async () => {
  const started: Array<() => void> = [];
  const runner = new SerialRunner(
    () => new Promise<void>((done) => started.push(done)),
    () => assert.fail('no error expected'),
  );
  const settle = () => new Promise((r) => setImmediate(r));
  runner.request();
  runner.request();
  runner.request();
  assert.equal(started.length, 1, 'the second and third wait');
  started[0]!();
  await settle();
  assert.equal(started.length, 2, 'exactly one more run');
  started[1]!();
  await settle();
  assert.equal(started.length, 2, 'and no third');
  runner.request();
  runner.request();
  const stopped = runner.stop();
  started[2]!();
  await stopped;
  await settle();
  assert.equal(started.length, 3, 'nothing runs after stop, not even the follow-up that was due');
  runner.request();
  assert.equal(started.length, 3);
});

test('the render loop reports a failed run and goes on', async () => {
  const errors: unknown[] = [];
  let runs = 0;
  const runner = new SerialRunner(
    async () => {
      if (++runs === 1) throw new Error('broken');
    },
    (err) => errors.push(err),
  );
  runner.request();
  await new Promise((r) => setImmediate(r));
  runner.request();
  await runner.stop();
  assert.equal(runs, 2, 'the run after the failure happened');
  assert.deepEqual(
    errors.map((e) => (e as Error).message),
    ['broken'],
  );
});

test('findings are printed once while they last, and again when they come back', () => {
  const printed: string[] = [];
  const log = new FindingsLog((level, message) => printed.push(`${level} ${message}`));
  log.report([warning]);
  log.report([warning, error]);
  log.report([warning]);
  log.report([warning, error]);
  assert.deepEqual(
    printed.map((line) => line.split(':')[0]),
    ['warn en/01.markdown', 'error en/02.markdown', 'error en/02.markdown'],
  );
});

test('only requests naming the loopback host are answered (DNS rebinding)', () => {
  for (const host of ['127.0.0.1:4000', 'localhost:4000', 'LOCALHOST', '[::1]:4000', '127.0.0.1']) assert.ok(loopbackHost(host), host);
  for (const host of ['attacker.example:4000', '127.0.0.1.attacker.example', '', undefined, '192.168.1.2:4000']) assert.ok(!loopbackHost(host), String(host));
});

test('a port in use is a one-line error that says what to do', async (t) => {
  const first = createServer();
  const port = await listen(first, 0);
  t.after(() => first.close());
  assert.ok(port > 0);
  const second = createServer();
  await assert.rejects(listen(second, port), (err: unknown) => {
    assert.ok(err instanceof UserError);
    assert.equal(err.diagnostic.message, `port ${port} on 127.0.0.1 is in use: choose another with --port N, or --port 0 for a free one`);
    return true;
  });
});
