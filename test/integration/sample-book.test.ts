// The sample book in book/ (written for this project) in all three formats.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { execa } from 'execa';
import { build, type BuildReport } from '../../src/index.js';
import { runEpubcheck } from '../../src/tools/epubcheck.js';
import { ebookConvertOrSkip, epubcheckOrSkip, makeBook, openEpub, SAMPLE_BOOK, tempDir, zipText } from '../helpers.js';
import { navEntries } from './epub-inspect.js';
import { insertedFigures, numberedHeadings } from './source-facts.js';

const calibre = ebookConvertOrSkip();
const epubcheck = epubcheckOrSkip();

describe('sample book', () => {
  let report: BuildReport;
  const path = (lang: string, format: string) => report.languages.find((l) => l.lang === lang)!.outputs.find((o) => o.format === format)!.path;

  before(async () => {
    report = await build({ book: SAMPLE_BOOK, out: await tempDir(), formats: calibre.skip ? ['html', 'epub'] : ['html', 'epub', 'mobi'] });
  });

  test('builds both languages in every format, named from book.json, without warnings', () => {
    assert.equal(report.ok, true, JSON.stringify(report.languages.map((l) => l.failures)));
    assert.deepEqual(
      report.languages.map((l) => l.lang),
      ['en', 'zh'],
    );
    for (const l of report.languages) {
      assert.deepEqual(l.warnings, []);
      assert.equal(l.chapters, 3);
      assert.deepEqual(
        l.outputs.map((o) => o.path.split('/').pop()),
        report.formats.map((f) => `making-ebooks.${l.lang}.${f}`),
      );
    }
  });

  for (const lang of ['en', 'zh']) {
    test(`${lang}: epubcheck is clean; nav matches the headings; per-language metadata applies`, { skip: epubcheck.skip }, async () => {
      const result = await runEpubcheck(epubcheck.command!, path(lang, 'epub'));
      assert.equal(result.fatals + result.errors + result.warnings, 0, result.output);
      const zip = await openEpub(path(lang, 'epub'));
      assert.deepEqual(await navEntries(zip), numberedHeadings(join(SAMPLE_BOOK, lang), lang));
      const opf = await zipText(zip, 'OEBPS/content.opf');
      assert.match(opf, new RegExp(`<dc:language>${lang}</dc:language>`));
      assert.match(opf, lang === 'zh' ? /<dc:title>用 Markdown 制作电子书<\/dc:title>/ : /<dc:title>Making Ebooks from Markdown<\/dc:title>/);
      const chapter2 = await zipText(zip, 'OEBPS/ch02.xhtml');
      assert.match(chapter2, /<table class="table-declaration">/);
    });

    test(`${lang}: HTML is self-contained, with every figure inline, the title page and the table of contents first, chapters numbered`, async () => {
      const html = await readFile(path(lang, 'html'), 'utf8');
      const figures = insertedFigures(join(SAMPLE_BOOK, lang));
      assert.ok(figures.length >= 3);
      assert.equal((html.match(/<img src="data:image\/png;base64,/g) ?? []).length, figures.length);
      assert.ok(html.indexOf('<header>\n<section class="title-page">') < html.indexOf('<nav class="toc"'));
      assert.ok(html.indexOf('<nav class="toc"') < html.indexOf('<section class="chapter"'));
      assert.match(html, /<style>\nbody \{/);
      const titlePage = /<section class="title-page">[\s\S]*?<\/section>/.exec(html)![0];
      const [title, authors, language] =
        lang === 'zh' ? ['用 Markdown 制作电子书', 'progit-ebook 开发者', '中文'] : ['Making Ebooks from Markdown', 'The progit-ebook developers', 'English'];
      assert.match(
        titlePage,
        new RegExp(`<p class="book-title">${title}</p>\n<p class="book-authors">${authors}</p>\n<p class="book-language">${language}</p>`),
      );
      const h1s = [...html.matchAll(/<h1 id="[^"]+">([\s\S]*?)<\/h1>/g)].map((m) => m[1]!.replace(/<[^>]+>/g, ''));
      const chapters = numberedHeadings(join(SAMPLE_BOOK, lang), lang).filter((h) => h.level === 1);
      assert.deepEqual(
        h1s,
        chapters.map((h) => h.title),
      );
      for (const h of chapters) assert.ok(html.includes(`">${h.title}</a>`), `the table of contents lists "${h.title}"`);
    });
  }

  test('zh uses its localized figure instead of the shared one', async () => {
    const zip = await openEpub(path('zh', 'epub'));
    const shared = await readFile(join(SAMPLE_BOOK, 'figures', 'fig0101-tn.png'));
    const localized = await readFile(join(SAMPLE_BOOK, 'zh', 'figures', 'fig0101-tn.png'));
    const stored = await Promise.all(
      Object.values(zip.files)
        .filter((f) => f.name.startsWith('OEBPS/images/'))
        .map((f) => f.async('nodebuffer')),
    );
    assert.ok(stored.some((b) => b.equals(localized)));
    assert.ok(!stored.some((b) => b.equals(shared)));
  });

  test('MOBI: ebook-meta reads back the title and language', { skip: calibre.skip }, async () => {
    const meta = await execa('ebook-meta', [path('zh', 'mobi')]);
    assert.match(meta.stdout, /Title\s*: 用 Markdown 制作电子书/);
    assert.match(meta.stdout, /Languages\s*: zho/);
  });

  test('the same sources give byte-identical EPUBs when SOURCE_DATE_EPOCH is set', async () => {
    const saved = process.env.SOURCE_DATE_EPOCH;
    process.env.SOURCE_DATE_EPOCH = '1700000000';
    try {
      const a = await build({ book: SAMPLE_BOOK, out: await tempDir(), formats: ['epub'], languages: ['en'] });
      const b = await build({ book: SAMPLE_BOOK, out: await tempDir(), formats: ['epub'], languages: ['en'] });
      assert.equal(a.languages[0]!.outputs[0]!.sha256, b.languages[0]!.outputs[0]!.sha256);
    } finally {
      if (saved === undefined) delete process.env.SOURCE_DATE_EPOCH;
      else process.env.SOURCE_DATE_EPOCH = saved;
    }
  });
});

describe('hostile sources', () => {
  const book = join(SAMPLE_BOOK, '..', 'test', 'fixtures', 'hostile');
  let report: BuildReport;
  before(async () => {
    report = await build({ book, out: await tempDir(), formats: ['html', 'epub'] });
  });

  test('build, warning with file and line for everything that could not be kept', () => {
    const en = report.languages[0]!;
    assert.equal(en.ok, true, JSON.stringify(en.failures));
    assert.equal(en.chapters, 2);
    const rules = en.warnings.map((w) => `${w.file?.split('/').slice(-2).join('/')}:${w.line} ${w.rule}`).sort();
    assert.deepEqual(rules, [
      '01-entities/01-chapter1.markdown:11 image-missing',
      '01-entities/01-chapter1.markdown:11 image-remote',
      '01-entities/01-chapter1.markdown:15 figure-missing',
      '01-entities/01-chapter1.markdown:35 html-unsafe',
      '01-entities/01-chapter1.markdown:39 html-unsafe',
      '01-entities/01-chapter1.markdown:39 html-unsafe',
      '01-entities/01-chapter1.markdown:41 html-unsafe',
      '01-entities/01-chapter1.markdown:43 html-unsafe',
      '01-entities/01-chapter1.markdown:43 html-unsafe',
      '01-entities/01-chapter1.markdown:6 image-missing',
      '01-entities/01-chapter1.markdown:9 link-anchor',
      '01-entities/01-chapter1.markdown:9 link-relative',
      '03-gap/01-chapter3.markdown:20 link-anchor',
    ]);
  });

  test('the EPUB still passes epubcheck, with cross-chapter links rewritten', { skip: epubcheck.skip }, async () => {
    const epub = report.languages[0]!.outputs.find((o) => o.format === 'epub')!.path;
    const result = await runEpubcheck(epubcheck.command!, epub);
    assert.equal(result.fatals + result.errors + result.warnings, 0, result.output);
    const zip = await openEpub(epub);
    assert.match(await zipText(zip, 'OEBPS/ch02.xhtml'), /<a href="ch01\.xhtml#hostile-chapter">/);
    assert.match(await zipText(zip, 'OEBPS/ch02.xhtml'), /<h2 id="no-space-after-the-hashes">No space after the hashes<\/h2>/);
    // Raw HTML against the XHTML content models is mended, not passed on to fail epubcheck.
    const chapter2 = await zipText(zip, 'OEBPS/ch02.xhtml');
    assert.match(chapter2, /<h2 id="[^"]+"><span> A heading holding a paragraph tag<\/span><\/h2>/);
    assert.match(chapter2, /<ul><li>loose paragraph<\/li><li>loose text<\/li><li>item<\/li><\/ul>/);
    assert.match(chapter2, /<table><tr><td>in a table<\/td><\/tr><tr><td>not a cell<\/td><\/tr><\/table>/);
    assert.match(chapter2, /<span>stray cell<\/span> <span>stray item<\/span>/);
    assert.match(chapter2, /<div><div><h2>heading term<\/h2><\/div>loose definition<\/div>/);
    assert.match(chapter2, /<code>teletype<\/code> <a href="ch01\.xhtml#hostile-chapter"><span>nested link<\/span><\/a>/);
    const html = await readFile(report.languages[0]!.outputs.find((o) => o.format === 'html')!.path, 'utf8');
    assert.doesNotMatch(html, /<script|src="[^"]*passwd|src="file:/);
    // Nothing executable or embedded from elsewhere, no comment, no XML-forbidden character, in either output.
    const chapter1 = await zipText(zip, 'OEBPS/ch01.xhtml');
    for (const [name, text] of [
      ['html', html.replace(/<style>[\s\S]*?<\/style>/, '')],
      ['epub', chapter1],
    ] as const) {
      assert.doesNotMatch(text, /<(script|iframe|object|embed)\b|\son[a-z]+\s*=|javascript:|<!--|[\u0000-\u0008\u000b\u000c\u000e-\u001f]/i, name);
      assert.match(text, /A bad link and <a>raw one<\/a>\./, name);
      assert.match(text, /<div>Click<\/div>/, name);
      assert.match(text, /Control characters here and {2}stray closers <em>never closed/, name);
    }
    assert.match(html, /<title>Hostile © chapter<\/title>/);
  });

  test('a class that looks like the marker of the EPUB writer moves no attribute: each stays on its own element', async () => {
    const epub = report.languages[0]!.outputs.find((o) => o.format === 'epub')!.path;
    const chapter2 = await zipText(await openEpub(epub), 'OEBPS/ch02.xhtml');
    // With a fixed marker the span took the list's start="3" (epubcheck RSC-005).
    assert.match(chapter2, /<ol start="3"><li>third<\/li><\/ol>/);
    assert.match(chapter2, /<span class="progit-ebook-kept-0">not a marker<\/span>/);
    assert.doesNotMatch(chapter2, /<span[^>]*\sstart=/);
  });
});

describe('right-to-left language', () => {
  test('ar gets dir="rtl" on every document, an rtl page progression, and passes epubcheck', { skip: epubcheck.skip }, async () => {
    const book = await makeBook({
      'ar/01-intro/01-chapter1.markdown':
        '# مقدمة #\n\nهذا كتاب تجريبي قصير كتب للاختبار.\n\n## القسم الأول ##\n\nنص عربي مع `git status` داخل السطر.\n\n### تفاصيل ###\n\n\t$ git log --oneline\n',
      'ar/02-more/01-chapter2.markdown': '# فصل ثان #\n\nنص آخر.\n',
    });
    const result = await build({ book, out: await tempDir(), formats: ['html', 'epub'] });
    assert.equal(result.ok, true, JSON.stringify(result.languages[0]!.failures));
    const epub = result.languages[0]!.outputs.find((o) => o.format === 'epub')!.path;
    const check = await runEpubcheck(epubcheck.command!, epub);
    assert.equal(check.fatals + check.errors + check.warnings, 0, check.output);
    const zip = await openEpub(epub);
    assert.match(await zipText(zip, 'OEBPS/content.opf'), /<spine toc="ncx" page-progression-direction="rtl">/);
    for (const name of ['OEBPS/ch01.xhtml', 'OEBPS/ch02.xhtml', 'OEBPS/toc.xhtml']) {
      assert.match(await zipText(zip, name), /<html [^>]*xml:lang="ar" lang="ar" dir="rtl">/);
    }
    assert.match(await zipText(zip, 'OEBPS/ch01.xhtml'), /<pre dir="ltr"><code><span class="line">\$ git log --oneline\n<\/span>/);
    const html = await readFile(result.languages[0]!.outputs.find((o) => o.format === 'html')!.path, 'utf8');
    assert.match(html, /<html lang="ar" dir="rtl">/);
  });
});
