// `progit-ebook serve` in a real headless Chromium (Debian's, driven by playwright-core): a saved
// chapter shows up without a manual reload, a broken one shows its file and line, and the next
// good save recovers. Plus the server's HTTP surface and the CLI's start and stop.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { get } from 'node:http';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { test } from 'node:test';
import { execa } from 'execa';
import { chromium, type Browser } from 'playwright-core';
import { build } from '../../src/build/build.js';
import { serve } from '../../src/serve/serve.js';
import { CLI, makeBook, tempDir, TINY_PNG } from '../helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const CHAPTER = 'en/01-intro/01-chapter1.markdown';
const chapter = (sentence: string) => `# Introduction #\n\n${sentence}\n\nInsert fig0101.png\nFigure 1-1. A figure\n`;

async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

test('in Chromium: a saved chapter, a source error, its fix and a new figure all reach the open page by themselves', { timeout: 120_000 }, async (t) => {
  if (!existsSync(CHROMIUM)) return t.skip(`${CHROMIUM} not found (npm run setup installs Debian's chromium)`);
  const book = await makeBook({
    [CHAPTER]: chapter('The first draft of this sentence.'),
    'zh/01-intro/01-chapter1.markdown': '# 介绍\n\n正文\n',
    'figures/fig0201-tn.png': TINY_PNG,
  });
  const server = await serve({ book, lang: 'en', port: 0, debounceMs: 50 });
  t.after(() => server.close());
  assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
  const browser = await launch();
  t.after(() => browser.close());
  const page = await browser.newPage();
  let navigations = 0;
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) navigations++;
  });
  const eventsRequested = page.waitForRequest(/\/__progit-ebook\/events$/);
  const response = await page.goto(server.url);
  assert.equal(response?.status(), 200);
  assert.match(await page.innerText('body'), /The first draft of this sentence\./);
  // Figure not there yet: a placeholder and a warning in the served page only.
  assert.equal(await page.locator('img[src^="data:image/png"]').count(), 0);
  assert.match((await page.textContent('#progit-ebook-serve-warnings')) ?? '', /figure fig0101\.png not found/);
  // The page asks for the event stream; a change it misses before connecting still reloads it (versions differ).
  await eventsRequested;

  // A string: the test is compiled without the DOM's types; this runs in the page.
  const shows = (text: string) =>
    page.waitForFunction(`document.body && document.body.innerText.includes(${JSON.stringify(text)})`, undefined, { timeout: 20_000 });

  await writeFile(join(book, CHAPTER), chapter('A translator saved this brand-new sentence.'));
  await shows('A translator saved this brand-new sentence.');
  assert.doesNotMatch(await page.innerText('body'), /first draft/);

  // A comment never closed is a source error: the page says where, the server keeps running.
  await writeFile(join(book, CHAPTER), '# Introduction #\n\nStill fine.\n\n<!-- this comment is never closed\n\nLost text.\n');
  await shows('cannot be built');
  const errors = await page.innerText('#progit-ebook-serve-errors');
  assert.match(errors, new RegExp(`${CHAPTER.replace(/[./]/g, '\\$&')}:5(:\\d+)?: error: `));

  await writeFile(join(book, CHAPTER), chapter('Recovered after the fix.'));
  await shows('Recovered after the fix.');

  // A figure is watched too: adding it replaces the placeholder with the image.
  await writeFile(join(book, 'figures', 'fig0101-tn.png'), TINY_PNG);
  await page.waitForSelector('img[src^="data:image/png"]', { timeout: 20_000 });
  assert.ok(navigations >= 4, `the page reloaded by itself (${navigations} navigations)`);
});

test('HTTP: loopback only, other hosts refused, unknown paths 404, events as text/event-stream; close() frees the port', async () => {
  const book = await makeBook({ [CHAPTER]: chapter('Hello.') });
  const server = await serve({ book, port: 0 });
  assert.equal(server.lang, 'en', 'a book with one language needs no --lang');
  const page = await fetch(server.url);
  assert.equal(page.status, 200);
  assert.equal(page.headers.get('cache-control'), 'no-store');
  assert.match(await page.text(), /new EventSource\("\/__progit-ebook\/events"\)/);
  assert.equal((await fetch(new URL('/nothing', server.url))).status, 404);
  const port = new URL(server.url).port;
  // What a browser sends after DNS rebinding: the attacker's host name, our address.
  const rebound = await new Promise<number | undefined>((done, fail) => {
    get({ host: '127.0.0.1', port: Number(port), path: '/', headers: { Host: `attacker.example:${port}` } }, (res) => {
      res.resume();
      done(res.statusCode);
    }).on('error', fail);
  });
  assert.equal(rebound, 403);
  const events = await fetch(new URL('/__progit-ebook/events', server.url));
  assert.match(events.headers.get('content-type') ?? '', /^text\/event-stream/);
  const reader = events.body!.getReader();
  const first = new TextDecoder().decode((await reader.read()).value);
  assert.match(first, /retry: 1000/);
  await server.close();
  await assert.rejects(fetch(`http://127.0.0.1:${port}/`));
});

/** Reads the event stream until it announces a version other than `than`. */
async function nextVersion(stream: ReadableStreamDefaultReader<Uint8Array>, than?: string): Promise<string> {
  let text = '';
  for (;;) {
    const { value, done } = await stream.read();
    if (done) throw new Error(`event stream ended: ${text}`);
    text += new TextDecoder().decode(value);
    const versions = [...text.matchAll(/^data: (.+)$/gm)].map((m) => m[1]!);
    const other = versions.find((v) => v !== than);
    if (other) return other;
  }
}

test('a shared figures/ made after the start is watched: its new and changed images reach the page', { timeout: 60_000 }, async (t) => {
  const book = await makeBook({ [CHAPTER]: chapter('Figures later.') });
  const server = await serve({ book, port: 0, debounceMs: 50 });
  t.after(() => server.close());
  const stream = (await fetch(new URL('/__progit-ebook/events', server.url))).body!.getReader();
  t.after(() => stream.cancel());
  const dataUri = async () => /src="(data:image\/png;base64,[^"]+)"/.exec(await (await fetch(server.url)).text())?.[1];
  let version = await nextVersion(stream);
  assert.equal(await dataUri(), undefined);
  await mkdir(join(book, 'figures'));
  await writeFile(join(book, 'figures', 'fig0101-tn.png'), TINY_PNG);
  // Renders may come in one or two steps (the directory, then the file): wait for the image.
  let first: string | undefined;
  while (!(first = await dataUri())) version = await nextVersion(stream, version);
  await writeFile(join(book, 'figures', 'fig0101-tn.png'), Buffer.concat([TINY_PNG, Buffer.from('changed')]));
  let second: string | undefined = first;
  while (second === first) {
    version = await nextVersion(stream, version);
    second = await dataUri();
  }
  assert.notEqual(second, first);
});

test('the live-reload script is only in the served page, never in a built HTML file', async () => {
  const book = await makeBook({ [CHAPTER]: chapter('Hello.'), 'figures/fig0101-tn.png': TINY_PNG });
  const out = await tempDir();
  const report = await build({ book, out, formats: ['html'] });
  const html = await readFile(report.languages[0]!.outputs[0]!.path, 'utf8');
  assert.match(html, /Hello\./);
  assert.doesNotMatch(html, /EventSource|__progit-ebook|progit-ebook-serve/);
});

async function busyPort(): Promise<{ port: number; close: () => void }> {
  const blocker = createServer();
  await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
  return { port: (blocker.address() as { port: number }).port, close: () => blocker.close() };
}

test('CLI: prints the URL, serves, and SIGINT stops it with exit 0; a busy port and a missing --lang are one-line errors', async () => {
  const book = await makeBook({ [CHAPTER]: chapter('From the command line.'), 'zh/01-intro/01-chapter1.markdown': '# 介绍\n\n正文\n' });
  const child = execa(process.execPath, [CLI, 'serve', book, '--lang', 'zh', '--port', '0'], { reject: false });
  const url = await new Promise<string>((resolveUrl, reject) => {
    let seen = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const m = /serving zh at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(seen);
      if (m) resolveUrl(m[1]!);
    });
    child.once('exit', () => reject(new Error(`serve exited early: ${seen}`)));
  });
  assert.match(await (await fetch(url)).text(), /正文/);
  child.kill('SIGINT');
  const done = await child;
  assert.equal(done.exitCode, 0, done.stderr);
  assert.match(done.stderr, /SIGINT: server stopped/);

  const busy = await busyPort();
  try {
    const inUse = await execa(process.execPath, [CLI, 'serve', book, '--lang', 'en', '--port', String(busy.port)], { reject: false });
    assert.equal(inUse.exitCode, 1);
    assert.equal(inUse.stderr.trim().split('\n').length, 1, inUse.stderr);
    assert.match(inUse.stderr, new RegExp(`port ${busy.port} on 127\\.0\\.0\\.1 is in use: choose another with --port N, or --port 0 for a free one`));
  } finally {
    busy.close();
  }
  const noLang = await execa(process.execPath, [CLI, 'serve', book, '--port', '0'], { reject: false });
  assert.equal(noLang.exitCode, 2);
  assert.match(noLang.stderr, /serve previews one language: add --lang \(available: en, zh\)/);
  const badLang = await execa(process.execPath, [CLI, 'serve', book, '--lang', 'xx', '--port', '0'], { reject: false });
  assert.equal(badLang.exitCode, 2);
  assert.match(badLang.stderr, /unknown language: xx; available: en, zh/);
  const badPort = await execa(process.execPath, [CLI, 'serve', book, '--port', '70000'], { reject: false });
  assert.equal(badPort.exitCode, 2);
});
