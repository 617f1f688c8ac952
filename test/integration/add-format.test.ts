// Adding a format is one Writer: given to build(), it is built end to end (and from the cache the
// second time) without the orchestrator knowing of it; a format made from another declares it in `from`.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { build, type BuildOptions } from '../../src/build/build.js';
import { WRITERS } from '../../src/writers/registry.js';
import type { Writer } from '../../src/writers/writer.js';
import { makeBook, SAMPLE_BOOK, tempDir } from '../helpers.js';

/** Chapter titles, one a line: a format made from the document. */
const titles: Writer = {
  format: 'titles',
  extension: 'titles.txt',
  from: 'document',
  render: async ({ doc }) => Buffer.from(doc.chapters.map((c) => c.title).join('\n') + '\n'),
};

/** The titles shouted: a format made from another format's bytes, as MOBI is from the EPUB. */
const shout: Writer = {
  format: 'shout',
  extension: 'shout.txt',
  from: 'titles',
  render: async (ctx) =>
    Buffer.from(
      Buffer.from(await ctx.artifact('titles'))
        .toString('utf8')
        .toUpperCase(),
    ),
};

/** The built-in writers and these two. */
const withTitles = (options: BuildOptions) => build({ ...options, writers: [...WRITERS, titles, shout] });

test('a registered format is built for every language, then restored from the cache', async () => {
  const out = await tempDir();
  const cache = await tempDir();
  const first = await withTitles({ book: SAMPLE_BOOK, out, formats: ['titles'], cache });
  assert.ok(first.ok, JSON.stringify(first.languages.map((l) => l.failures)));
  for (const l of first.languages) {
    const [output] = l.outputs;
    assert.equal(output?.format, 'titles');
    assert.equal(output.cached, false);
    const text = await readFile(output.path, 'utf8');
    assert.equal(text.trim().split('\n').length, l.chapters);
  }
  const second = await withTitles({ book: SAMPLE_BOOK, out, formats: ['titles'], cache });
  assert.deepEqual(
    second.languages.map((l) => l.outputs.map((o) => [o.format, o.cached])),
    first.languages.map(() => [['titles', true]]),
  );
});

test('a format made from another renders its source in-process without writing it', async () => {
  const report = await withTitles({ book: SAMPLE_BOOK, out: await tempDir(), formats: ['shout'], cache: false });
  assert.ok(report.ok);
  for (const l of report.languages) {
    assert.deepEqual(
      l.outputs.map((o) => o.format),
      ['shout'],
    );
    const text = await readFile(l.outputs[0]!.path, 'utf8');
    assert.equal(text, text.toUpperCase());
    assert.ok(text.trim().length > 0);
  }
});

test('a writer that breaks is an internal error naming language and format, with its stack; the other languages are written', async () => {
  const broken: Writer = {
    format: 'broken',
    extension: 'broken',
    from: 'document',
    render: async ({ doc }) => {
      if (doc.meta.lang === 'de') throw new TypeError('cannot read properties of undefined');
      return Buffer.from('ok');
    },
  };
  const book = await makeBook({ 'en/01-a/01.markdown': '# One\n\nText.\n', 'de/01-a/01.markdown': '# Eins\n\nText.\n' });
  const logged: string[] = [];
  const report = await build({ book, out: await tempDir(), formats: ['broken'], writers: [...WRITERS, broken], cache: false, log: (_l, m) => logged.push(m) });
  const de = report.languages.find((l) => l.lang === 'de')!;
  assert.equal(de.ok, false);
  assert.match(de.failures[0]!.message, /^internal error \(de broken\), please report it: TypeError: cannot read properties of undefined\n\s+at /);
  assert.equal(report.languages.find((l) => l.lang === 'en')!.ok, true);
  assert.ok(
    logged.some((m) => m.startsWith('de broken: internal error')),
    logged.join('\n'),
  );
});

test('two builds in one process, each with its own writers: neither sees the other’s formats', async () => {
  const upper: Writer = {
    ...titles,
    format: 'upper',
    extension: 'upper.txt',
    render: async (ctx) => Buffer.from((await titles.render(ctx)).toString().toUpperCase()),
  };
  const [a, b] = await Promise.all([
    build({ book: SAMPLE_BOOK, out: await tempDir(), formats: ['titles'], writers: [...WRITERS, titles], cache: false }),
    build({ book: SAMPLE_BOOK, out: await tempDir(), formats: ['upper'], writers: [...WRITERS, upper], cache: false }),
  ]);
  for (const [report, format] of [
    [a, 'titles'],
    [b, 'upper'],
  ] as const) {
    assert.ok(report.ok);
    assert.deepEqual(report.formats, [format]);
    for (const l of report.languages)
      assert.deepEqual(
        l.outputs.map((o) => o.format),
        [format],
      );
  }
  const upperText = await readFile(b.languages[0]!.outputs[0]!.path, 'utf8');
  assert.equal(upperText, upperText.toUpperCase());
  await assert.rejects(
    build({ book: SAMPLE_BOOK, out: await tempDir(), formats: ['upper'], writers: [...WRITERS, titles], cache: false }),
    /unknown format: upper; available: html, epub, mobi, azw3, pdf, titles, all/,
  );
  await assert.rejects(
    build({ book: SAMPLE_BOOK, out: await tempDir(), formats: ['titles'], cache: false }),
    /unknown format: titles/,
    'the built-in writers by default',
  );
  await assert.rejects(build({ book: SAMPLE_BOOK, out: await tempDir(), writers: [...WRITERS, titles, titles] }), /two writers for the format titles/);
});
