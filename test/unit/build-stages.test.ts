// The plan's `validate` flag, not whether an epubcheck was found, decides whether a written file is
// staged until its EPUB's verdict (write-format.ts): staged with validate, in place at once without.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { ProgressEvent } from '../../src/build/build-types.js';
import { newLog } from '../../src/build/language-log.js';
import { commitStaged, produce, type WritePlan } from '../../src/build/write-format.js';
import type { LanguageSource } from '../../src/model/book.js';
import type { LanguageDocument } from '../../src/model/document.js';
import type { EpubcheckPool } from '../../src/tools/epubcheck-server.js';
import { writerFor } from '../../src/writers/registry.js';

const lang: LanguageSource = { code: 'en', dir: '/nowhere/en', chapters: [], problems: [] };
// produce() names the file from the document's metadata alone.
const doc = { meta: { name: 'book' } } as unknown as LanguageDocument;
const epub = writerFor('epub')!;
const bytes = new TextEncoder().encode('the bytes of an EPUB');

/** An epubcheck that must never be asked: writing a file does not validate it. */
const epubcheck = {
  check: () => Promise.reject(new Error('writing a file must not run epubcheck')),
  close: () => {},
} as unknown as EpubcheckPool;

for (const validate of [true, false]) {
  for (const withEpubcheck of [true, false]) {
    test(`validate ${validate}, ${withEpubcheck ? 'with' : 'without'} an epubcheck in the plan: the file is ${validate ? 'staged' : 'in place at once'}`, async () => {
      const out = await mkdtemp(join(tmpdir(), 'progit-stages-'));
      try {
        const events: ProgressEvent[] = [];
        // The plan as build() hands it over carries its tools too; writing reads none of them.
        const plan = {
          inputs: { outDir: out },
          caches: {},
          sinks: { log: () => {}, progress: (e: ProgressEvent) => events.push(e) },
          tools: withEpubcheck ? { epubcheck } : {},
          validate,
        };
        const log = newLog(lang);
        const written = await produce(plan satisfies WritePlan, log, doc, epub, async () => ({ bytes, cached: false, ms: 1, waitMs: 0 }));
        assert.ok(written, `produce failed: ${JSON.stringify(log.failures)}`);
        assert.deepEqual(log.failures, []);
        const final = join(out, 'book.en.epub');
        assert.equal(written.output.path, final);
        assert.equal(written.output.bytes, bytes.byteLength);
        assert.deepEqual(events, [{ lang: 'en', format: 'epub', state: 'done' }]);
        if (validate) {
          assert.ok(written.staged, 'with validate the file waits for the verdict');
          assert.equal(existsSync(final), false, 'nothing is in place before the verdict');
          assert.equal(existsSync(written.staged.tmp), true);
          assert.deepEqual(await commitStaged(plan.sinks, log, [written], true), [written.output]);
        } else {
          assert.equal(written.staged, undefined, 'without validate nothing waits');
        }
        assert.deepEqual(new Uint8Array(await readFile(final)), bytes);
        assert.deepEqual(await readdir(out), ['book.en.epub'], 'no staged file is left');
      } finally {
        await rm(out, { recursive: true, force: true });
      }
    });
  }
}

test('with validate, a failed verdict removes the staged file and keeps the previous one out of the report', async () => {
  const out = await mkdtemp(join(tmpdir(), 'progit-stages-'));
  try {
    const plan: WritePlan = { inputs: { outDir: out }, caches: {}, sinks: { log: () => {}, progress: () => {} }, validate: true };
    const log = newLog(lang);
    const written = await produce(plan, log, doc, epub, async () => ({ bytes, cached: false, ms: 1, waitMs: 0 }));
    assert.ok(written?.staged);
    assert.deepEqual(await commitStaged(plan.sinks, log, [written], false), []);
    assert.deepEqual(await readdir(out), []);
  } finally {
    await rm(out, { recursive: true, force: true });
  }
});
