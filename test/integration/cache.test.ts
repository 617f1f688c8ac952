// The build cache, --jobs and manifest.json: what is rebuilt when an input changes, that an
// interrupted build never leaves a stale or partial artifact to be served, and what the manifest says.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { chmod, mkdir, readdir, readFile, rm, symlink, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { execa } from 'execa';
import { build, type BuildOptions, type BuildReport } from '../../src/build/build.js';
import type { Manifest } from '../../src/catalog/manifest.js';
import { UserError } from '../../src/util/diagnostics.js';
import { BuildInterrupted } from '../../src/util/cancellation.js';
import { CLI, makeBook, tempDir, TINY_PNG } from '../helpers.js';

process.env.SOURCE_DATE_EPOCH = '1700000000';

const BOOK = {
  'en/01-intro/01-chapter1.markdown': '# Intro\n\nHello.\n\nInsert fig0101.png\nFigure 1-1. A figure\n',
  'fr/01-intro/01-chapter1.markdown': '# Introduction\n\nBonjour.\n\nInsert fig0102.png\nFigure 1-2. Figure manquante\n',
  'de/01-intro/01-chapter1.markdown': '# Einleitung\n\nHallo.\n',
  'figures/fig0101-tn.png': TINY_PNG,
};

/** A fake ebook-convert: copies the EPUB (after `delay` seconds) and logs when it starts and ends. */
async function fakeConvert(log: string, delay = 0): Promise<string> {
  const path = join(await tempDir(), 'ebook-convert');
  await writeFile(path, `#!/bin/sh\necho "start $(date +%s%N)" >> "${log}"\nsleep ${delay}\ncp "$1" "$2"\necho "end $(date +%s%N)" >> "${log}"\n`);
  await chmod(path, 0o755);
  return path;
}

const statuses = (r: BuildReport) =>
  Object.fromEntries(r.languages.flatMap((l) => l.outputs.map((o) => [`${l.lang}.${o.format}`, o.cached ? 'cached' : 'built'])));
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

async function setup() {
  const book = await makeBook(BOOK);
  const out = await tempDir();
  const cache = await tempDir();
  const run = (extra: Partial<BuildOptions> = {}) => build({ book, out, cache, formats: ['html', 'epub'], ...extra });
  return { book, out, cache, run };
}

test('cache: a second build takes everything from the cache and replays warnings; editing a chapter, a figure or book.json rebuilds what they feed; --force rebuilds all', async () => {
  const { book, run } = await setup();
  const first = await run();
  assert.ok(first.ok);
  assert.ok(
    Object.values(statuses(first)).every((s) => s === 'built'),
    JSON.stringify(statuses(first)),
  );

  const second = await run();
  assert.ok(
    Object.values(statuses(second)).every((s) => s === 'cached'),
    JSON.stringify(statuses(second)),
  );
  // fr's missing figure is still reported though fr was not read again.
  const fr = second.languages.find((l) => l.lang === 'fr')!;
  assert.deepEqual(
    fr.warnings.map((w) => w.rule),
    ['figure-missing'],
  );
  assert.deepEqual(
    second.languages.map((l) => l.chapters),
    first.languages.map((l) => l.chapters),
  );
  for (const [a, b] of first.languages.map((l, i) => [l, second.languages[i]!] as const))
    assert.deepEqual(
      b.outputs.map((o) => o.sha256),
      a.outputs.map((o) => o.sha256),
    );

  await writeFile(join(book, 'de/01-intro/01-chapter1.markdown'), '# Einleitung\n\nHallo, Welt.\n');
  assert.deepEqual(statuses(await run()), {
    'de.html': 'built',
    'de.epub': 'built',
    'en.html': 'cached',
    'en.epub': 'cached',
    'fr.html': 'cached',
    'fr.epub': 'cached',
  });

  // A figure fr was missing appears: fr is rebuilt and its warning is gone; en and de (same shared figures/) too.
  await writeFile(join(book, 'figures/fig0102.png'), TINY_PNG);
  const added = await run();
  assert.equal(statuses(added)['fr.epub'], 'built');
  assert.deepEqual(added.languages.find((l) => l.lang === 'fr')!.warnings, []);
  assert.equal(statuses(await run())['fr.epub'], 'cached');

  await writeFile(join(book, 'book.json'), JSON.stringify({ title: 'Another title' }));
  assert.ok(Object.values(statuses(await run())).every((s) => s === 'built'));
  assert.ok(Object.values(statuses(await run())).every((s) => s === 'cached'));
  assert.ok(Object.values(statuses(await run({ force: true }))).every((s) => s === 'built'));
});

test('cache: an output file changed or removed by hand is put back; a damaged cache blob is never served', async () => {
  const { out, cache, run } = await setup();
  const first = await run();
  const epub = first.languages.find((l) => l.lang === 'en')!.outputs.find((o) => o.format === 'epub')!;
  await writeFile(epub.path, 'tampered');
  await rm(first.languages.find((l) => l.lang === 'de')!.outputs[0]!.path);
  const again = await run();
  assert.equal(sha(await readFile(epub.path)), epub.sha256);
  assert.equal((await readdir(out)).filter((f) => /\.(html|epub)$/.test(f) && f !== 'index.html').length, 6);
  assert.ok(Object.values(statuses(again)).every((s) => s === 'cached'));

  // Every blob truncated: the next build finds them wrong and builds instead.
  const blobs = cache;
  const files = (await readdir(blobs, { recursive: true, withFileTypes: true })).filter((e) => e.isFile() && e.parentPath.includes('blobs'));
  assert.ok(files.length >= 6);
  for (const f of files) await truncate(join(f.parentPath, f.name), 10);
  await writeFile(epub.path, 'tampered again');
  const repaired = await run();
  assert.equal(statuses(repaired)['en.epub'], 'built');
  assert.equal(sha(await readFile(epub.path)), epub.sha256);
});

test('cache: an image or figure looked for and missing, once it appears (outside the hashed figures, or as a link in them), rebuilds the language', async () => {
  const { book, run } = await setup();
  const chapter = join(book, 'en/01-intro/01-chapter1.markdown');
  await writeFile(chapter, `${BOOK['en/01-intro/01-chapter1.markdown']}\n![A picture](../../art/pic.png)\n`);
  // Other bytes than the figure en already embeds, so that its data: URI is this image's alone.
  const png = Buffer.concat([TINY_PNG, Buffer.from('art')]);
  const picture = `data:image/png;base64,${png.toString('base64')}`;
  const enHtml = async (r: BuildReport) => readFile(r.languages.find((l) => l.lang === 'en')!.outputs.find((o) => o.format === 'html')!.path, 'utf8');
  const rules = (r: BuildReport, lang: string) => r.languages.find((l) => l.lang === lang)!.warnings.map((w) => w.rule);

  const first = await run();
  assert.deepEqual(rules(first, 'en'), ['image-missing']);
  assert.ok(!(await enHtml(first)).includes(picture));

  // art/ is none of the directories the key hashes: only the entry's record of the miss can tell.
  await mkdir(join(book, 'art'));
  await writeFile(join(book, 'art/pic.png'), png);
  const second = await run();
  assert.deepEqual(statuses(second), {
    'de.html': 'cached',
    'de.epub': 'cached',
    'en.html': 'built',
    'en.epub': 'built',
    'fr.html': 'cached',
    'fr.epub': 'cached',
  });
  assert.deepEqual(rules(second, 'en'), []);
  assert.ok((await enHtml(second)).includes(picture), 'the image is embedded');
  assert.equal(statuses(await run())['en.html'], 'cached');

  // fr's missing figure appears as a symbolic link, which the shared figures' hash does not count.
  await symlink('../art/pic.png', join(book, 'figures/fig0102.png'));
  const linked = await run();
  assert.equal(statuses(linked)['fr.epub'], 'built');
  assert.deepEqual(rules(linked, 'fr'), []);
});

test('cache: an entry of the wrong shape (still JSON) is a miss, and the build writes a good one over it', async () => {
  const { cache, run } = await setup();
  const log = join(await tempDir(), 'convert.log');
  const formats = ['html', 'epub', 'mobi'];
  const ebookConvert = await fakeConvert(log);
  assert.ok((await run({ formats, ebookConvert })).ok);
  const entries = join(cache, 'entries');
  const files = await readdir(entries);
  assert.ok(files.filter((f) => f.startsWith('lang-')).length === 3 && files.filter((f) => f.startsWith('convert-')).length === 3, files.join(' '));
  for (const f of files) await writeFile(join(entries, f), '{}');

  const again = await run({ formats, ebookConvert });
  assert.ok(again.ok, JSON.stringify(again.languages.map((l) => l.failures)));
  assert.ok(
    Object.values(statuses(again)).every((s) => s === 'built'),
    JSON.stringify(statuses(again)),
  );
  assert.ok(Object.values(statuses(await run({ formats, ebookConvert }))).every((s) => s === 'cached'));
});

test('cache: a build interrupted mid-way (BuildOptions.signal) caches nothing partial; the next build gives what an uncached build gives', async () => {
  const { book, out, run } = await setup();
  const log = join(await tempDir(), 'convert.log');
  const formats = ['html', 'epub', 'mobi'];
  assert.ok((await run({ formats, ebookConvert: await fakeConvert(log) })).ok);
  await writeFile(join(book, 'en/01-intro/01-chapter1.markdown'), '# Intro\n\nHello again, second edition.\n');

  const slow = await fakeConvert(log, 30);
  const controller = new AbortController();
  const started = (async () => {
    for (;;) {
      const text = await readFile(log, 'utf8').catch(() => '');
      if ((text.match(/^start/gm) ?? []).length > 3) return;
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  const interrupted = run({ formats, ebookConvert: slow, signal: controller.signal });
  await started;
  controller.abort('SIGINT');
  await assert.rejects(interrupted, BuildInterrupted);

  const fast = await fakeConvert(log);
  const resumed = await run({ formats, ebookConvert: fast });
  assert.ok(resumed.ok);
  assert.equal(statuses(resumed)['en.mobi'], 'built', 'the interrupted conversion was not cached');
  const fresh = await build({ book, out: await tempDir(), cache: false, formats, ebookConvert: fast });
  const sums = (r: BuildReport) => r.languages.flatMap((l) => l.outputs.map((o) => `${l.lang}.${o.format} ${o.sha256}`));
  assert.deepEqual(sums(resumed), sums(fresh));
  for (const o of resumed.languages.flatMap((l) => l.outputs)) assert.equal(sha(await readFile(o.path)), o.sha256, o.path);
  assert.match(await readFile(join(out, `${book.split('/').pop()}.en.html`), 'utf8'), /second edition/);
});

test('--jobs: conversions of all languages run side by side up to the limit; bad values are usage errors', async () => {
  const { run } = await setup();
  const log = join(await tempDir(), 'convert.log');
  const report = await run({ formats: ['html', 'epub', 'mobi', 'azw3'], ebookConvert: await fakeConvert(log, 0.5), concurrency: 2, cache: false });
  assert.ok(report.ok);
  const events = (await readFile(log, 'utf8'))
    .trim()
    .split('\n')
    .map((l) => l.split(' ') as ['start' | 'end', string])
    .sort((a, b) => (BigInt(a[1]) < BigInt(b[1]) ? -1 : 1));
  let running = 0;
  let most = 0;
  for (const [what] of events) {
    running += what === 'start' ? 1 : -1;
    most = Math.max(most, running);
  }
  assert.equal(events.length, 12);
  assert.equal(most, 2, 'two conversions at a time, never more');

  await assert.rejects(
    run({ concurrency: 0 }),
    (err: unknown) => err instanceof UserError && err.exitCode === 2 && /jobs must be a whole number/.test(err.message),
  );
  const bad = await execa(process.execPath, [CLI, 'build', '--jobs', 'two'], { reject: false });
  assert.equal(bad.exitCode, 2);
  assert.match(bad.stderr, /--jobs <n>.*a whole number of at least 1/);
});

test('manifest.json: every artifact with its bytes, sha256, time, cached or built, warnings; the versions; the same twice but for the times', async () => {
  const { out, run } = await setup();
  const first = await run();
  const manifest = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')) as Manifest;
  assert.equal(first.manifest, join(out, 'manifest.json'));
  assert.equal(manifest.tool.name, 'progit-ebook');
  assert.match(manifest.tool.version, /^\d+\.\d+\.\d+/);
  assert.equal(manifest.node, process.version);
  assert.equal(manifest.calibre, null, 'no format needed calibre');
  assert.deepEqual(
    manifest.artifacts.map((a) => `${a.lang}.${a.format}`),
    ['de.html', 'de.epub', 'en.html', 'en.epub', 'fr.html', 'fr.epub'],
  );
  for (const a of manifest.artifacts) {
    const bytes = await readFile(join(out, a.file));
    assert.equal(a.bytes, bytes.byteLength);
    assert.equal(a.sha256, sha(bytes));
    assert.equal(a.status, 'built');
    assert.ok(a.ms >= 0);
  }
  assert.equal(manifest.artifacts.find((a) => a.lang === 'fr')!.warnings, 1);
  assert.match(manifest.languages.find((l) => l.lang === 'fr')!.warnings?.[0] ?? '', /fig0102\.png not found .*\[figure-missing\]/);

  await run();
  const cached = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')) as Manifest;
  assert.ok(cached.artifacts.every((a) => a.status === 'cached'));
  await run({ force: true });
  const rebuilt = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')) as Manifest;
  // A file's modification time is the one field besides the durations that a rebuild changes.
  const untimed = (m: Manifest) => JSON.stringify({ ...m, ms: 0, artifacts: m.artifacts.map((a) => ({ ...a, ms: 0, mtimeMs: 0 })) });
  assert.equal(untimed(rebuilt), untimed(manifest));
});

test('cache: MOBI is reused while the EPUB and calibre are the same; another ebook-convert converts again', async () => {
  const { run } = await setup();
  const log = join(await tempDir(), 'convert.log');
  const formats = ['html', 'epub', 'mobi'];
  const first = await fakeConvert(log);
  assert.ok(Object.values(statuses(await run({ formats, ebookConvert: first }))).every((s) => s === 'built'));
  assert.ok(Object.values(statuses(await run({ formats, ebookConvert: first }))).every((s) => s === 'cached'));
  const conversions = (await readFile(log, 'utf8')).match(/^start/gm)!.length;
  assert.equal(conversions, 3, 'one conversion per language, none on the cached build');
  const other = await fakeConvert(log);
  const again = await run({ formats, ebookConvert: other });
  assert.deepEqual([...new Set(again.languages.map((l) => statuses(again)[`${l.lang}.mobi`]))], ['built']);
  assert.equal((await readFile(log, 'utf8')).match(/^start/gm)!.length, 6);
});
