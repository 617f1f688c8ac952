// Byte-reproducible builds: the CLI, run as a user runs it, in different time zones and with
// different --jobs, into different directories with separate caches, writes the same bytes for
// every artifact, the PDF among them (Chromium's clock dates set to the build date).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { execa } from 'execa';
import { chromiumOrSkip, CLI, ebookConvertOrSkip, openEpub, SAMPLE_BOOK, tempDir, zipText } from '../helpers.js';
import { centralDirectory } from '../zip-directory.js';

const calibre = ebookConvertOrSkip();
const chromium = chromiumOrSkip();
const FORMATS = [...(calibre.skip ? ['html', 'epub'] : ['html', 'epub', 'mobi', 'azw3']), ...(chromium ? [] : ['pdf'])];

/** sha256 of every file the build wrote, but manifest.json, which records how long each step took. */
async function digests(dir: string): Promise<Map<string, string>> {
  const names = (await readdir(dir)).filter((n) => n !== 'manifest.json').sort();
  const out = new Map<string, string>();
  for (const name of names)
    out.set(
      name,
      createHash('sha256')
        .update(await readFile(join(dir, name)))
        .digest('hex'),
    );
  return out;
}

async function buildWith(env: Record<string, string>, jobs: number): Promise<string> {
  const out = await tempDir();
  // Each build gets its own empty cache: the second must really rebuild, not copy the first.
  const cache = await tempDir();
  const run = await execa(process.execPath, [CLI, 'build', SAMPLE_BOOK, '--format', FORMATS.join(','), '--out', out, '--jobs', String(jobs)], {
    env: { ...env, PROGIT_EBOOK_CACHE: cache },
    reject: false,
  });
  assert.equal(run.exitCode, 0, run.all ?? `${run.stdout}\n${run.stderr}`);
  return out;
}

describe('reproducible builds', () => {
  let first: string;
  let second: string;

  before(async () => {
    // Dated from the sample book's last commit (or, outside git, its newest chapter file).
    first = await buildWith({ TZ: 'UTC', SOURCE_DATE_EPOCH: '' }, 1);
    second = await buildWith({ TZ: 'Asia/Tokyo', SOURCE_DATE_EPOCH: '' }, 2);
  });

  test(`two builds (TZ=UTC --jobs 1, TZ=Asia/Tokyo --jobs 2) give identical ${FORMATS.join(', ')}`, async (t) => {
    if (calibre.skip) t.diagnostic(`MOBI and AZW3 are not compared: ${calibre.skip}`);
    if (chromium) t.diagnostic(`PDF is not compared: ${chromium}`);
    const a = await digests(first);
    const b = await digests(second);
    // The index page too: it lists the files with their sizes, and holds no clock and no path.
    assert.deepEqual([...a.keys()], ['index.html', ...['en', 'zh'].flatMap((lang) => FORMATS.map((f) => `making-ebooks.${lang}.${f}`))].sort());
    assert.deepEqual(b, a);
  });

  test('a third build, TZ=America/Los_Angeles with SOURCE_DATE_EPOCH, dates everything from it and nothing else changes', async () => {
    const epoch = 1_700_000_000;
    const third = await buildWith({ TZ: 'America/Los_Angeles', SOURCE_DATE_EPOCH: String(epoch) }, 3);
    const zipBytes = await readFile(join(third, 'making-ebooks.zh.epub'));
    const opf = await zipText(await openEpub(join(third, 'making-ebooks.zh.epub')), 'OEBPS/content.opf');
    assert.match(opf, /<dc:date>2023-11-14T22:13:20Z<\/dc:date>/);
    assert.match(opf, /<meta property="dcterms:modified">2023-11-14T22:13:20Z<\/meta>/);
    // 22:13:20 UTC on 2023-11-14, in MS-DOS form: the time zone of the build plays no part.
    for (const e of centralDirectory(zipBytes))
      assert.deepEqual({ date: e.date, time: e.time }, { date: (43 << 9) | (11 << 5) | 14, time: (22 << 11) | (13 << 5) | 10 }, e.name);
    if (!calibre.skip) {
      for (const format of ['mobi', 'azw3']) {
        const palm = await readFile(join(third, `making-ebooks.zh.${format}`));
        assert.equal(palm.readUInt32BE(36), epoch, `${format}: PalmDB creation date`);
        assert.equal(palm.readUInt32BE(40), epoch, `${format}: PalmDB modification date`);
      }
    }
    // The HTML page's one date is its title page's, in UTC whatever the time zone: otherwise the
    // same bytes as the builds dated from the last commit.
    const undated = (html: string) => html.replace(/<time datetime="[^"]*">[^<]*<\/time>/g, '<time/>');
    for (const lang of ['en', 'zh']) {
      const html = await readFile(join(third, `making-ebooks.${lang}.html`), 'utf8');
      assert.match(html, lang === 'en' ? /<time datetime="2023-11-14">November 14, 2023<\/time>/ : /<time datetime="2023-11-14">2023年11月14日<\/time>/);
      assert.equal(undated(html), undated(await readFile(join(first, `making-ebooks.${lang}.html`), 'utf8')));
    }
    const before = await digests(first);
    assert.notEqual((await digests(third)).get('making-ebooks.zh.epub'), before.get('making-ebooks.zh.epub'));
  });

  test('the EPUB holds UTF-8 text (no numeric character references), stores its PNGs, starts with a stored mimetype', async () => {
    const bytes = await readFile(join(first, 'making-ebooks.zh.epub'));
    const zip = await openEpub(join(first, 'making-ebooks.zh.epub'));
    const chapter = await zipText(zip, 'OEBPS/ch01.xhtml');
    assert.match(chapter, /[\u4e00-\u9fff]/);
    assert.doesNotMatch(chapter, /&#x?[0-9a-fA-F]+;/);
    const entries = centralDirectory(bytes);
    assert.equal(entries[0]!.name, 'mimetype');
    assert.equal(entries[0]!.method, 0);
    const images = entries.filter((e) => e.name.startsWith('OEBPS/images/'));
    assert.ok(images.length > 0, 'the sample book has figures');
    for (const e of images) assert.equal(e.method, 0, `${e.name} is deflated again`);
    for (const e of entries.filter((e) => e.name.endsWith('.xhtml'))) assert.equal(e.method, 8, `${e.name} is not deflated`);
  });

  test('MOBI and AZW3 carry the book UUID as ASIN, not a random one', { skip: calibre.skip }, async () => {
    const opf = await zipText(await openEpub(join(first, 'making-ebooks.en.epub')), 'OEBPS/content.opf');
    const uuid = /urn:uuid:([0-9a-f-]{36})/.exec(opf)![1]!;
    for (const format of ['mobi', 'azw3']) {
      const file = await readFile(join(first, `making-ebooks.en.${format}`));
      assert.ok(file.includes(`calibre:${uuid}`), `${format}: EXTH 112 holds calibre:${uuid}`);
      assert.equal(file.readUInt32BE(file.readUInt32BE(78) + 32), Number.parseInt(uuid.slice(0, 8), 16), `${format}: MOBI header unique ID`);
    }
  });
});
