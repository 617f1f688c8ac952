// Each file's `ms` is the work that made it: an EPUB's includes its rendering (done in the
// language's turn, before it is written), and a conversion's leaves out its wait for a slot, which
// the report and the manifest give apart as `waitMs`.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { build } from '../../src/build/build.js';
import type { Manifest } from '../../src/catalog/manifest.js';
import { WRITERS } from '../../src/writers/registry.js';
import type { Writer } from '../../src/writers/writer.js';
import { makeBook, tempDir } from '../helpers.js';

const RENDER_MS = 400;

/** The built-in writers, with an EPUB that takes RENDER_MS longer to render. */
const slowEpub: Writer[] = WRITERS.map((w) => (w.format === 'epub' ? { ...w, render: async (ctx) => (await sleep(RENDER_MS), w.render(ctx)) } : w));

const oneLanguage = () => makeBook({ 'en/01-a/01.markdown': '# One\n\nText.\n' });

test("an EPUB's ms covers its rendering, in the report and in the manifest", async () => {
  const out = await tempDir();
  const report = await build({ book: await oneLanguage(), out, formats: ['html', 'epub'], writers: slowEpub, cache: false });
  assert.ok(report.ok, JSON.stringify(report.languages.map((l) => l.failures)));
  const epub = report.languages[0]!.outputs.find((o) => o.format === 'epub')!;
  assert.ok(epub.ms >= RENDER_MS, `epub: ${epub.ms} ms`);
  assert.equal(epub.waitMs, 0, 'made in-process: no slot to wait for');
  const manifest = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')) as Manifest;
  const listed = manifest.artifacts.find((a) => a.format === 'epub')!;
  assert.equal(listed.ms, epub.ms);
  assert.equal(listed.waitMs, 0);
});

const CONVERT_MS = 300;

/** A conversion of the HTML that takes CONVERT_MS: two of them with one slot, so that one waits for the other. */
const slowCopy = (format: string): Writer => ({
  format,
  extension: `${format}.html`,
  from: 'html',
  render: async (ctx) => (await sleep(CONVERT_MS), ctx.artifact('html')),
});

test("a conversion's ms leaves out its wait for a slot, given apart as waitMs", async () => {
  const out = await tempDir();
  const writers = [...WRITERS, slowCopy('copy-a'), slowCopy('copy-b')];
  const report = await build({ book: await oneLanguage(), out, formats: ['copy-a', 'copy-b'], writers, concurrency: 1, cache: false });
  assert.ok(report.ok, JSON.stringify(report.languages.map((l) => l.failures)));
  const outputs = report.languages[0]!.outputs;
  assert.deepEqual(
    outputs.map((o) => o.format),
    ['copy-a', 'copy-b'],
  );
  for (const o of outputs) assert.ok(o.ms >= CONVERT_MS, `${o.format}: ${o.ms} ms`);
  const waited = outputs.reduce((a, b) => (a.waitMs > b.waitMs ? a : b));
  assert.ok(waited.waitMs >= CONVERT_MS - 50, `the second waited for the first: ${waited.waitMs} ms`);
  assert.ok(waited.ms < waited.waitMs + CONVERT_MS, `${waited.ms} ms of work is not its wait (${waited.waitMs} ms) and its conversion`);
  const manifest = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')) as Manifest;
  assert.deepEqual(
    manifest.artifacts.map((a) => [a.format, a.ms, a.waitMs]),
    outputs.map((o) => [o.format, o.ms, o.waitMs]),
  );
});
