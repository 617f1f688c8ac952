// Sources a translator's pull request may bring: each gets a clear outcome, never a crash.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeHTML } from 'entities';
import { build } from '../../src/build/build.js';
import { makeBook, openEpub, tempDir, TINY_PNG, zipText } from '../helpers.js';

test('an empty language directory is not a language; a language whose only chapter is empty fails alone with a clear message', async () => {
  const root = await makeBook({
    'en/01-a/01.markdown': '# A\n\nText.\n',
    'fr/.keep': '',
    'de/01-a/01.markdown': '\n\n<!-- nothing translated yet -->\n',
  });
  const report = await build({ book: root, out: await tempDir(), formats: ['html', 'epub'] });
  assert.deepEqual(
    report.languages.map((l) => [l.lang, l.ok]),
    [
      ['de', false],
      ['en', true],
    ],
  );
  const de = report.languages[0]!;
  assert.match(de.failures[0]!.message, /de: error: the language has chapter files but no content/);
  assert.deepEqual(de.outputs, []);
});

test('duplicate heading texts and headings of only punctuation or emoji get unique ids and keep their titles', async () => {
  const root = await makeBook({
    'en/01-a/01.markdown': '# Start\n\n## Summary\n\ntext\n\n## Summary\n\ntext\n\n## ???\n\n## 🚀🚀\n\n### !!!\n',
  });
  const report = await build({ book: root, out: await tempDir(), formats: ['epub'] });
  assert.equal(report.ok, true, JSON.stringify(report.languages[0]!.failures));
  const chapter = await zipText(await openEpub(report.languages[0]!.outputs[0]!.path), 'OEBPS/ch01.xhtml');
  const ids = [...chapter.matchAll(/<h[1-3] id="([^"]+)">(.*?)<\/h[1-3]>/g)].map((m) => [m[1], decodeHTML(m[2]!.replace(/<[^>]+>/g, ''))]);
  assert.equal(new Set(ids.map((i) => i[0])).size, ids.length, JSON.stringify(ids));
  assert.deepEqual(
    ids.map((i) => i[1]),
    ['Chapter 1: Start', 'Summary', 'Summary', '???', '🚀🚀', '!!!'],
  );
  for (const [id] of ids) assert.match(id!, /^[A-Za-z][A-Za-z0-9_-]*$/);
});

test('a BOM and CRLF line ends just work, the figure directive too', async () => {
  const root = await makeBook({
    'en/01-a/01.markdown': '\ufeff# Title\r\n\r\nInsert fig0101.png\r\nFigure 1-1. Caption\r\n\r\n## Next\r\n',
    'figures/fig0101-tn.png': TINY_PNG,
  });
  const report = await build({ book: root, out: await tempDir(), formats: ['html'] });
  assert.equal(report.ok, true);
  assert.deepEqual(report.languages[0]!.warnings, []);
  const { readFile } = await import('node:fs/promises');
  const html = await readFile(report.languages[0]!.outputs[0]!.path, 'utf8');
  assert.match(
    html,
    /<figure class="figure"><img src="data:image\/png;base64,[^"]+" alt="Figure 1-1\. Caption" \/><figcaption>Figure 1-1\. Caption<\/figcaption><\/figure>/,
  );
  assert.match(html, /<h1 id="title"><span class="chapter-label">Chapter 1<\/span>: Title<\/h1>/);
  assert.doesNotMatch(html, /\r|\ufeff/);
});

test('remote images are never fetched: a warning each, the alt text stays', async () => {
  const { createServer } = await import('node:http');
  let requests = 0;
  const server = createServer((_req, res) => {
    requests++;
    res.end(TINY_PNG);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as import('node:net').AddressInfo;
  try {
    const root = await makeBook({
      'en/01-a/01.markdown': `# A\n\n![markdown alt](http://127.0.0.1:${port}/a.png)\n\n<p><img src="http://127.0.0.1:${port}/b.png" alt="raw alt"> <img src="//127.0.0.1:${port}/c.png" alt="relative alt"></p>\n`,
    });
    const report = await build({ book: root, out: await tempDir(), formats: ['html', 'epub'] });
    assert.equal(report.ok, true, JSON.stringify(report.languages[0]!.failures));
    assert.equal(requests, 0);
    assert.deepEqual(
      report.languages[0]!.warnings.map((w) => `${w.line} ${w.rule}`),
      ['3 image-remote', '5 image-remote', '5 image-remote'],
    );
    const chapter = await zipText(await openEpub(report.languages[0]!.outputs.find((o) => o.format === 'epub')!.path), 'OEBPS/ch01.xhtml');
    assert.match(chapter, /markdown alt/);
    assert.match(chapter, /raw alt/);
    assert.doesNotMatch(chapter, /127\.0\.0\.1/);
  } finally {
    server.close();
  }
});

test('a language failed by a source error or by --strict still reports how long it took', async () => {
  const root = await makeBook({
    'en/01-a/01.markdown': '# A\n\nInsert fig0101.png\nFigure 1-1. Not drawn\n',
    'fr/01-a/01.markdown': '# B\n\n![x](../../../../etc/passwd)\n',
  });
  const report = await build({ book: root, out: await tempDir(), formats: ['html'], strict: true, cache: false });
  assert.deepEqual(
    report.languages.map((l) => [l.lang, l.ok]),
    [
      ['en', false],
      ['fr', false],
    ],
  );
  for (const l of report.languages) assert.ok(l.ms > 0, `${l.lang}: ms ${l.ms}`);
});

test('characters XML forbids in book.json (a title with \\u0001) are dropped from the EPUB package and pages', async () => {
  const root = await makeBook({
    'book.json': JSON.stringify({ title: 'Pro\u0001 Git\u001f', authors: ['A\u0002uthor'] }),
    'en/01-a/01.markdown': '# A\n\nText.\n',
  });
  const out = await tempDir();
  const report = await build({ book: root, out, formats: ['html', 'epub'], cache: false });
  assert.equal(report.ok, true);
  const epub = await openEpub(report.languages[0]!.outputs.find((o) => o.format === 'epub')!.path);
  for (const name of Object.keys(epub.files).filter((n) => /\.(opf|ncx|xhtml)$/.test(n))) {
    const text = await zipText(epub, name);
    assert.doesNotMatch(text, /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/, name);
  }
  assert.match(await zipText(epub, 'OEBPS/content.opf'), /<dc:title[^>]*>Pro Git<\/dc:title>/);
});

test('a chapter of 120,000 tiny paragraphs builds; one paragraph of 9 MB fails its language with its line, not as nesting', async () => {
  const root = await makeBook({
    'en/01-a/01.markdown': `# A\n\n${'p\n\n'.repeat(120_000)}`,
    'fr/01-a/01.markdown': `# B\n\nintro\n\n${'mot '.repeat(2_400_000)}\n`,
  });
  const report = await build({ book: root, out: await tempDir(), formats: ['html'], cache: false });
  const [en, fr] = report.languages;
  assert.deepEqual([en!.lang, en!.ok, en!.failures], ['en', true, []]);
  assert.equal(fr!.ok, false);
  assert.match(
    fr!.failures[0]!.message,
    /fr\/01-a\/01\.markdown:5: error: a paragraph of 9600001 characters is too long for the Markdown parser \(or nests emphasis too deeply\): split it into shorter paragraphs \[too-large\]/,
  );
});

test('100,000 unclosed raw HTML tags fail their language at once with file and line (htmlparser2 alone would take minutes)', { timeout: 30_000 }, async () => {
  const root = await makeBook({
    'en/01-a/01.markdown': `# A\n\nIntro\n\n${'<a>'.repeat(100_000)}\n`,
    'fr/01-a/01.markdown': `# B\n\n<b><i>${'<span>'.repeat(900)}deep${'</span>'.repeat(900)}</i></b>\n`,
  });
  const report = await build({ book: root, out: await tempDir(), formats: ['html', 'epub'], cache: false });
  const [en, fr] = report.languages;
  assert.equal(en!.ok, false);
  assert.match(
    en!.failures[0]!.message,
    /en\/01-a\/01\.markdown:5: error: raw HTML leaves more than 1000 elements open at once: close the tags it opens .*\[too-deep\]/,
  );
  assert.deepEqual([fr!.lang, fr!.ok, fr!.outputs.length], ['fr', true, 2], 'closed nesting 900 deep is fine');
});
