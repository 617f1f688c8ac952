// The index page as a function of its input (src/catalog/): entries in their language and
// direction, links escaped, names as text, the same bytes for the same input; and which file names
// are ebooks'.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseEbookName } from '../../src/catalog/directory-state.js';
import { humanSize, languageNames } from '../../src/catalog/format-guide.js';
import { indexPage, type IndexPageInput } from '../../src/catalog/index-page.js';
import { pageLanguages } from '../../src/catalog/write-index.js';

const file = (lang: string, format: string, name = `book.${lang}.${format}`) => ({ lang, format, file: name, bytes: 1_234_567, sha256: 'a'.repeat(64) });

const INPUT: IndexPageInput = {
  title: 'Pro Git',
  languages: [
    { lang: 'ar', facts: { lang: 'ar', title: 'برو جيت', chapters: 5, of: 9, translated: 41 }, files: [file('ar', 'epub')] },
    {
      lang: 'en',
      facts: { lang: 'en', title: 'Pro Git', chapters: 9, of: 9, translated: 100 },
      files: [file('en', 'html'), file('en', 'epub'), file('en', 'pdf')],
    },
    { lang: 'fa', files: [file('fa', 'azw3')] },
    { lang: 'ru', files: [file('ru', 'mobi')] },
  ],
  date: '2026-11-24T22:54:34Z',
  tool: '0.1.0',
  calibre: '6.13.0',
  sums: true,
};

const entryOf = (html: string, lang: string) => html.match(new RegExp(`<li class="language" lang="${lang}"[^>]*>.*?</ul></div></li>`))?.[0] ?? '';

test('each entry carries its language and direction: Arabic and Persian right to left, the others left to right', () => {
  const html = indexPage(INPUT);
  assert.match(html, /<li class="language" lang="ar" dir="rtl"/);
  assert.match(html, /<li class="language" lang="fa" dir="rtl"/);
  assert.match(html, /<li class="language" lang="en" dir="ltr"/);
  // What the page says about a language is English, set apart from the entry's own language.
  assert.match(entryOf(html, 'ar'), /<div lang="en" dir="ltr"><p class="muted">Arabic \(ar\) · 5 of 9 chapters, 41% translated<\/p>/);
  assert.match(entryOf(html, 'ar'), /<h3 id="lang-ar">العربية<\/h3><p><cite>برو جيت<\/cite><\/p>/);
  assert.match(entryOf(html, 'ru'), /<h3 id="lang-ru">Русский<\/h3>/);
});

test('formats are listed in the guide order with their sizes; the guide lists only the formats present; the page links SHA256SUMS and says what built it', () => {
  const html = indexPage(INPUT);
  const en = entryOf(html, 'en');
  assert.deepEqual(
    [...en.matchAll(/>(EPUB|PDF|HTML)</g)].map((m) => m[1]),
    ['EPUB', 'PDF', 'HTML'],
  );
  assert.match(en, /<a href="book\.en\.epub" hreflang="en">EPUB<\/a> <span class="muted">1\.2 MB<\/span>/);
  assert.deepEqual(
    [...html.matchAll(/<dt>(\w+)<\/dt>/g)].map((m) => m[1]),
    ['EPUB', 'AZW3', 'MOBI', 'PDF', 'HTML'],
  );
  assert.match(html, /<dt>AZW3<\/dt><dd>Kindle, copied over USB\.<\/dd>/);
  assert.match(html, /<a href="SHA256SUMS">/);
  assert.match(html, /Built 2026-11-24 with progit-ebook 0\.1\.0 and calibre 6\.13\.0\./);
  assert.doesNotMatch(indexPage({ ...INPUT, sums: false }), /SHA256SUMS/);
  assert.doesNotMatch(indexPage({ ...INPUT, languages: [INPUT.languages[1]!] }), /<dt>MOBI/);
});

test('file names with spaces, non-ASCII characters, # and quotes are escaped in links', () => {
  const html = indexPage({ ...INPUT, languages: [{ lang: 'ru', files: [file('ru', 'epub', 'Про Гит #1 "x".ru.epub')] }] });
  assert.match(html, /href="%D0%9F%D1%80%D0%BE%20%D0%93%D0%B8%D1%82%20%231%20%22x%22\.ru\.epub"/);
  assert.equal(decodeURIComponent('%D0%9F%D1%80%D0%BE%20%D0%93%D0%B8%D1%82%20%231%20%22x%22.ru.epub'), 'Про Гит #1 "x".ru.epub');
});

test("book.json's language name and title are text, never markup", () => {
  const html = indexPage({
    ...INPUT,
    title: '<script>alert(1)</script>',
    languages: [{ lang: 'en', facts: { lang: 'en', name: '<b onclick="x()">English</b>', title: 'A & B <i>' }, files: [file('en', 'epub')] }],
  });
  assert.match(html, /<h3 id="lang-en">&lt;b onclick=&quot;x\(\)&quot;&gt;English&lt;\/b&gt;<\/h3>/);
  assert.match(html, /<cite>A &amp; B &lt;i&gt;<\/cite>/);
  assert.match(html, /<h1>&lt;script&gt;alert\(1\)&lt;\/script&gt;<\/h1>/);
  assert.doesNotMatch(html, /<b onclick/);
  assert.equal(html.match(/<script>/g)?.length, 1, 'only the filter script');
});

test('the same input gives the same bytes; the cover is embedded once', () => {
  const cover = { mediaType: 'image/png', bytes: new Uint8Array([137, 80, 78, 71]) };
  const a = indexPage({ ...INPUT, cover });
  assert.equal(a, indexPage({ ...INPUT, cover }));
  assert.equal(a.match(/data:image\/png;base64,/g)?.length, 1);
  assert.doesNotMatch(a, /https?:\/\/|src="\//, 'nothing from the network or an absolute path');
});

test('language names: in their own script and in English, a code Intl does not know is its own name', () => {
  assert.deepEqual(languageNames('zh-tw'), { tag: 'zh-TW', dir: 'ltr', native: '中文（台灣）', english: 'Chinese (Taiwan)' });
  assert.equal(languageNames('no-nb').english, 'Norwegian Bokmål');
  assert.equal(languageNames('fa').dir, 'rtl');
  assert.equal(languageNames('ru', 'Русский язык').native, 'Русский язык');
  assert.equal(languageNames('qqq').native, 'qqq');
});

test('which names are ebooks: <name>.<lang>.<ext> with a known extension', () => {
  assert.deepEqual(parseEbookName('progit.no-nb.azw3'), { name: 'progit', lang: 'no-nb', format: 'azw3' });
  assert.deepEqual(parseEbookName('my book.v2.en.epub'), { name: 'my book.v2', lang: 'en', format: 'epub' });
  assert.deepEqual(parseEbookName('progit.en.docx'), { reason: 'unknown extension .docx' });
  assert.deepEqual(parseEbookName('notes.txt'), { reason: 'not <name>.<lang>.<ext>' });
  assert.deepEqual(parseEbookName('.en.epub'), { reason: 'not <name>.<lang>.<ext>' });
  assert.deepEqual(parseEbookName('book.1234.epub'), { reason: 'not <name>.<lang>.<ext>' });
});

test('sizes: bytes, kB and MB, decimal', () => {
  assert.deepEqual([999, 1000, 999_499, 1_250_000, 23_456_789].map(humanSize), ['999 B', '1 kB', '999 kB', '1.3 MB', '23.5 MB']);
});

test('the page of 30,000 files of one language: grouped in linear time (it was quadratic: 16 s), the page rendered with every file', () => {
  const files = Array.from({ length: 30_000 }, (_, i) => ({ lang: 'en', format: 'html', file: `b${i}.en.html`, bytes: 1, sha256: 'ab'.repeat(32) }));
  const t0 = performance.now();
  const languages = pageLanguages(files, [{ lang: 'en', title: 'T' }]);
  const html = indexPage({ title: 'T', languages, date: '2026-01-01T00:00:00Z', tool: '0.1.0', sums: false });
  const ms = performance.now() - t0;
  assert.equal(languages[0]!.files.length, 30_000);
  assert.equal((html.match(/hreflang/g) ?? []).length >= 30_000, true);
  assert.ok(ms < 3_000, `${ms.toFixed(0)} ms for 30,000 files`);
});
