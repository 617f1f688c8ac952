// Languages read in worker threads (api/read-pool.ts) come back as they would be read here; a source
// error crosses as the same one-line error; an interrupted build ends the workers.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resolveConfig } from '../../src/config/metadata.js';
import { discoverBook } from '../../src/layout/discover.js';
import { runReadJob, type ReadJob } from '../../src/api/read-job.js';
import { ReaderPool } from '../../src/api/read-pool.js';
import { BuildInterrupted } from '../../src/util/cancellation.js';
import { UserError } from '../../src/util/diagnostics.js';
import { makeBook, TINY_PNG } from '../helpers.js';

async function jobs(files: Record<string, string | Uint8Array>): Promise<ReadJob[]> {
  const root = await makeBook(files);
  const layout = await discoverBook(root);
  const config = await resolveConfig(layout);
  return layout.languages.map((lang) => ({ lang, dirs: { shared: layout.sharedFigures }, layout, config, date: '2020-01-02T03:04:05Z' }));
}

const BOOK = {
  'figures/fig.png': TINY_PNG,
  'en/01-a/01-chapter1.markdown': '# One\n\n## Sec &copy;\n\nInsert fig.png\nFigure 1-1. Cap\n\n* a [link](#one)\n',
  'en/02-b/01-chapter2.markdown': '# Two\n\n<b>raw</b> text\n\n[gone](#nowhere)\n',
  'zh/01-a/01-chapter1.markdown': '# 一\n\n中文\n文本\n',
  'ru/01-a/01-chapter1.markdown': '# Раз\n\nТекст.\n',
};

test('reader pool: documents read and files rendered in worker threads equal those made in this thread, warnings and assets included', async () => {
  const all = (await jobs(BOOK)).map((job) => ({ ...job, formats: ['html', 'epub'] }));
  const pool = new ReaderPool(2);
  try {
    const threaded = await Promise.all(all.map((job) => pool.read(job)));
    for (const [i, job] of all.entries()) {
      const here = await runReadJob(job);
      assert.deepEqual(threaded[i]!.doc, here.doc, job.lang.code);
      assert.deepEqual(Object.keys(threaded[i]!.artifacts), ['html', 'epub']);
      for (const format of ['html', 'epub']) assert.ok(Buffer.from(threaded[i]!.artifacts[format]!).equals(Buffer.from(here.artifacts[format]!)), `${job.lang.code} ${format}`);
    }
    assert.ok(threaded.some((r) => r.doc.warnings.some((w) => w.rule === 'link-anchor')), 'the reader warnings came back');
  } finally {
    pool.close();
  }
});

test('reader pool: a source error in a worker is the same UserError, naming file and line; the other languages are read', async () => {
  const all = await jobs({ ...BOOK, 'pl/01-a/01-chapter1.markdown': Buffer.from('# Tytu\xb3\n\ntekst\n', 'latin1') });
  const pool = new ReaderPool(2);
  try {
    const results = await Promise.allSettled(all.map((job) => pool.read(job)));
    const pl = results[all.findIndex((j) => j.lang.code === 'pl')]!;
    assert.equal(pl.status, 'rejected');
    const err = (pl as PromiseRejectedResult).reason as UserError;
    assert.ok(err instanceof UserError, `a UserError, not ${String(err)}`);
    assert.match(err.message, /pl\/01-a\/01-chapter1\.markdown:1:\d+: error: invalid UTF-8/);
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, all.length - 1);
  } finally {
    pool.close();
  }
});

test('reader pool: an interruption rejects every read with BuildInterrupted and ends the workers', async () => {
  const all = await jobs(BOOK);
  const controller = new AbortController();
  const pool = new ReaderPool(1, controller.signal);
  const reads = all.map((job) => pool.read(job));
  controller.abort('SIGINT');
  for (const r of await Promise.allSettled(reads)) {
    assert.equal(r.status, 'rejected');
    assert.ok((r as PromiseRejectedResult).reason instanceof BuildInterrupted);
  }
  await assert.rejects(pool.read(all[0]!), BuildInterrupted);
});
