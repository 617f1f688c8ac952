// Adding a format is one Writer: registered, it is built end to end (and from the cache the second
// time) without the orchestrator knowing of it; a format made from another declares it in `from`.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import { build } from '../../src/api/build.js';
import { registerWriter } from '../../src/writers/registry.js';
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

const unregister: (() => void)[] = [];
before(() => unregister.push(registerWriter(titles), registerWriter(shout)));
after(() => unregister.forEach((u) => u()));

test('a registered format is built for every language, then restored from the cache', async () => {
  const out = await tempDir();
  const cache = await tempDir();
  const first = await build({ book: SAMPLE_BOOK, out, formats: ['titles'], cache });
  assert.ok(first.ok, JSON.stringify(first.languages.map((l) => l.failures)));
  for (const l of first.languages) {
    const [output] = l.outputs;
    assert.equal(output?.format, 'titles');
    assert.equal(output.cached, false);
    const text = await readFile(output.path, 'utf8');
    assert.equal(text.trim().split('\n').length, l.chapters);
  }
  const second = await build({ book: SAMPLE_BOOK, out, formats: ['titles'], cache });
  assert.deepEqual(
    second.languages.map((l) => l.outputs.map((o) => [o.format, o.cached])),
    first.languages.map(() => [['titles', true]]),
  );
});

test('a format made from another renders its source in-process without writing it', async () => {
  const report = await build({ book: SAMPLE_BOOK, out: await tempDir(), formats: ['shout'], cache: false });
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
  const remove = registerWriter(broken);
  try {
    const book = await makeBook({ 'en/01-a/01.markdown': '# One\n\nText.\n', 'de/01-a/01.markdown': '# Eins\n\nText.\n' });
    const logged: string[] = [];
    const report = await build({ book, out: await tempDir(), formats: ['broken'], cache: false, log: (_l, m) => logged.push(m) });
    const de = report.languages.find((l) => l.lang === 'de')!;
    assert.equal(de.ok, false);
    assert.match(de.failures[0]!.message, /^internal error \(de broken\), please report it: TypeError: cannot read properties of undefined\n\s+at /);
    assert.equal(report.languages.find((l) => l.lang === 'en')!.ok, true);
    assert.ok(
      logged.some((m) => m.startsWith('de broken: internal error')),
      logged.join('\n'),
    );
  } finally {
    remove();
  }
});
