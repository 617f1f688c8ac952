// The EPUB writer through epub-gen-memory: what the library would make random, re-encode, deflate
// or drop comes out reproducible, UTF-8, stored and kept. Each test fails if an update of the
// library (or of our subclass) brings one of those back.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { execa } from 'execa';
import JSZip from 'jszip';
import type { Diagnostic } from '../../src/util/diagnostics.js';
import { readBook, readDoc, render } from '../epub-render.js';
import { centralDirectory } from '../zip-directory.js';

test('every text file is UTF-8 without numeric references; the markup keeps what the library would drop', async () => {
  const warnings: Diagnostic[] = [];
  const zip = await JSZip.loadAsync(await render(await readDoc(await readBook()), warnings));
  const texts = Object.keys(zip.files).filter((n) => /\.(xhtml|ncx|opf)$/.test(n));
  assert.ok(texts.length >= 5, texts.join(', '));
  for (const name of texts) {
    const text = await zip.file(name)!.async('string');
    assert.doesNotMatch(
      text,
      /&#x?0*(?:[89a-fA-F][0-9a-fA-F]|[0-9a-fA-F]{3,});|&#(?:1[2-9][0-9]|[2-9][0-9]{2}|[0-9]{4,});/,
      `${name} holds a numeric reference for a non-ASCII character`,
    );
  }
  const ch01 = await zip.file('OEBPS/ch01.xhtml')!.async('string');
  assert.match(ch01, /中文段落 русский ελληνικά it's “quoted”/);
  assert.match(ch01, /<ol start="3">/);
  assert.match(ch01, /<img src="images\/raw\.png" width="10" height="20" alt=""\/>/);
  assert.match(ch01, /<img src="images\/18333fig0101-tn\.png" alt="图 1-1\. 本地"\/>/);
  assert.match(ch01, /href="ch02\.xhtml#later"/);
  assert.doesNotMatch(ch01, /image-placeholder|progit-ebook-kept/);
  assert.match(await zip.file('OEBPS/toc.ncx')!.async('string'), /<text>起步 "A" &amp; B<\/text>|<text>起步 &#34;A&#34; &amp; B<\/text>/);
  assert.deepEqual(warnings, []);
});

test('two renders give the same bytes; mimetype first and stored, images stored, text deflated, one date everywhere', async () => {
  const doc = await readDoc(await readBook(), '2024-03-01T12:34:56Z');
  const bytes = await render(doc);
  assert.deepEqual(await render(doc), bytes);
  const entries = centralDirectory(bytes);
  assert.equal(entries[0]!.name, 'mimetype');
  assert.equal(entries[0]!.method, 0);
  // `mimetype` must start at byte 30 of the file, uncompressed: readers sniff it there.
  assert.equal(bytes.toString('latin1', 30, 38), 'mimetype');
  assert.equal(bytes.toString('latin1', 38, 58), 'application/epub+zip');
  const images = entries.filter((e) => /\.png$/.test(e.name));
  assert.deepEqual(images.map((e) => e.name).sort(), ['OEBPS/images/18333fig0101-tn.png', 'OEBPS/images/raw.png']);
  for (const e of images) assert.equal(e.method, 0, `${e.name} is deflated again`);
  for (const e of entries.filter((e) => /\.(xhtml|opf|ncx|css)$/.test(e.name))) assert.equal(e.method, 8, `${e.name} is not deflated`);
  const dos = { date: ((2024 - 1980) << 9) | (3 << 5) | 1, time: (12 << 11) | (34 << 5) | 28 };
  for (const e of entries) assert.deepEqual({ date: e.date, time: e.time }, dos, e.name);
  const opf = await (await JSZip.loadAsync(bytes)).file('OEBPS/content.opf')!.async('string');
  assert.match(opf, /<dc:identifier id="BookId">urn:uuid:[0-9a-f-]{36}<\/dc:identifier>/);
  assert.match(opf, /<meta property="dcterms:modified">2024-03-01T12:34:56Z<\/meta>/);
  assert.notDeepEqual(await render({ ...doc, meta: { ...doc.meta, date: '2024-03-02T00:00:00Z' } }), bytes);
});

test('the same book gives the same EPUB bytes in other processes and time zones', async () => {
  const root = await readBook();
  // Just before midnight UTC: the next day in Tokyo, the previous evening in Los Angeles.
  const script = `const { readDoc, render } = await import(${JSON.stringify(new URL('../epub-render.js', import.meta.url).href)});
    const { createHash } = await import('node:crypto');
    const bytes = await render(await readDoc(process.argv[1], '2024-03-01T23:59:58Z'));
    process.stdout.write(createHash('sha256').update(bytes).digest('hex'));`;
  const digest = async (tz: string) => (await execa(process.execPath, ['--input-type=module', '-e', script, root], { env: { TZ: tz } })).stdout;
  const utc = await digest('UTC');
  assert.match(utc, /^[0-9a-f]{64}$/);
  assert.equal(await digest('Asia/Tokyo'), utc);
  assert.equal(await digest('America/Los_Angeles'), utc);
});

test('a date before 1980 (SOURCE_DATE_EPOCH=0) dates the entries 1980-01-01, the first date a zip holds', async () => {
  const bytes = await render(await readDoc(await readBook(), '1970-01-01T00:00:00Z'));
  for (const e of centralDirectory(bytes)) assert.deepEqual({ date: e.date, time: e.time }, { date: (1 << 5) | 1, time: 0 }, e.name);
});

test('the title page comes before the contents and the contents before chapter 1: spine, landmarks, guide; chapters numbered', async () => {
  const zip = await JSZip.loadAsync(await render(await readDoc(await readBook(), '2024-03-01T23:59:58Z')));
  const text = (name: string) => zip.file(`OEBPS/${name}`)!.async('string');
  const opf = await text('content.opf');
  assert.deepEqual(
    [...opf.matchAll(/<itemref idref="([^"]+)"/g)].map((m) => m[1]),
    ['titlepage', 'nav', 'ch01', 'ch02'],
  );
  assert.deepEqual(
    [...opf.matchAll(/<reference type="([^"]+)"[^>]* href="([^"]+)"/g)].map((m) => `${m[1]} ${m[2]}`),
    ['title-page titlepage.xhtml', 'toc toc.xhtml', 'text ch01.xhtml'],
  );
  const nav = await text('toc.xhtml');
  const landmarks = /<nav epub:type="landmarks"[\s\S]*?<\/nav>/.exec(nav)![0];
  assert.deepEqual(
    [...landmarks.matchAll(/<a epub:type="([^"]+)" href="([^"]+)"/g)].map((m) => `${m[1]} ${m[2]}`),
    ['titlepage titlepage.xhtml', 'toc toc.xhtml', 'bodymatter ch01.xhtml'],
  );
  const titlePage = await text('titlepage.xhtml');
  assert.match(titlePage, /<body>\s*<section class="title-page">/);
  assert.match(titlePage, /<p class="book-title">起步 (?:&quot;|&#34;)A(?:&quot;|&#34;) &amp; B<\/p>/);
  assert.match(titlePage, /<p class="book-language">中文<\/p>/);
  assert.match(titlePage, /<time datetime="2024-03-01">2024年3月1日<\/time>/);
  assert.doesNotMatch(titlePage, /<h[1-6]\b/);
  // The contents page lists the chapters; their sections stay in the navigation, hidden on the page.
  const toc = /<nav epub:type="toc"[\s\S]*?<\/nav>/.exec(nav)![0];
  assert.match(toc, /<li><a href="ch01\.xhtml">第1章 起步 &quot;A&quot; &amp; B<\/a><ol hidden="hidden"><li><a href="ch01\.xhtml#sub">Sub<\/a>/);
  // `# 第二章` is numbered already.
  assert.match(toc, /<li><a href="ch02\.xhtml">第二章<\/a>/);
  assert.match(
    await text('ch01.xhtml'),
    /<title>第1章 起步 (?:&quot;|&#34;)A(?:&quot;|&#34;) &amp; B<\/title>[\s\S]*<h1 id="[^"]+"><span class="chapter-label">第1章<\/span> 起步/,
  );
  assert.match(await text('ch02.xhtml'), /<h1 id="[^"]+">第二章<\/h1>/);
});
