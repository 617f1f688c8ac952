// Costs that grow with the number of headings stay linear: tens of thousands of headings (a
// generated reference, a mangled file) once took minutes (docs/performance.md). The time limits
// are some thirty times what the linear code takes, and a tenth of what the quadratic one did.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { IdAllocator } from '../../src/markdown/ids.js';
import { ReproducibleEPub } from '../../src/writers/epub-library.js';

test('80,000 headings of one title get numbered ids at once', () => {
  const ids = new IdAllocator();
  const started = performance.now();
  const got = Array.from({ length: 80_000 }, () => ids.allocate('Summary', 'x'));
  const ms = performance.now() - started;
  assert.deepEqual(got.slice(0, 3), ['summary', 'summary-2', 'summary-3']);
  assert.equal(new Set(got).size, got.length);
  // An id taken meanwhile is skipped, not handed out twice.
  ids.reserve('summary-80002');
  assert.deepEqual([ids.allocate('Summary', 'x'), ids.allocate('Summary', 'x')], ['summary-80001', 'summary-80003']);
  assert.ok(ms < 2000, `${ms.toFixed(0)} ms (the quadratic allocator took about 60 s)`);
});

test('the EPUB library takes a chapter of 20,000 headings in linear time and keeps its markup', () => {
  const parts: string[] = [];
  for (let i = 0; i < 20_000; i++) parts.push(`<h2 id="s${i}">Section ${i}</h2>`, `<p>Text ${i}.</p>`);
  const started = performance.now();
  const epub = new ReproducibleEPub({ title: 'T', version: 3 }, [{ title: 'One', content: parts.join('\n'), filename: 'ch01.xhtml' }], {
    identifier: 'urn:uuid:00000000-0000-4000-8000-000000000000',
    date: new Date(0),
    images: new Map(),
  });
  const ms = performance.now() - started;
  const content = (epub as unknown as { content: { content: string }[] }).content[0]!.content;
  assert.ok(content.startsWith('<h2 id="s0">Section 0</h2>\n<p>Text 0.</p>'), content.slice(0, 100));
  assert.ok(content.endsWith('<p>Text 19999.</p>'), content.slice(-100));
  assert.doesNotMatch(content, /<\/?body/);
  assert.ok(ms < 10_000, `${ms.toFixed(0)} ms (the quadratic markup fixer took about 40 s)`);
});
