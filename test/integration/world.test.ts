// Our own six-language fixture (test/fixtures/world): right-to-left, Thai, CJK line wrapping, a partial
// translation with a chapter gap, localized figures and Dia diagrams, all validated by epubcheck
// through `build --validate`.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { decodeHTML } from 'entities';
import { build, type BuildReport } from '../../src/index.js';
import { findDia } from '../../src/tools/dia.js';
import { epubcheckOrSkip, openEpub, REPO_ROOT, tempDir, zipText } from '../helpers.js';
import { navEntries } from './epub-inspect.js';
import { numberedHeadings } from './source-facts.js';

const WORLD = join(REPO_ROOT, 'test', 'fixtures', 'world');
const epubcheck = epubcheckOrSkip();

function diaOrSkip(): false | string {
  if (findDia()) return false;
  if (process.env.CI) throw new Error('dia is not installed, but CI must have it: npm run setup installs it');
  return 'dia is not installed (npm run setup installs it)';
}

describe('world fixture', () => {
  let report: BuildReport;
  const epub = (lang: string) => report.languages.find((l) => l.lang === lang)!.outputs.find((o) => o.format === 'epub')!.path;
  const chapterText = async (lang: string, n: number) => decodeHTML(await zipText(await openEpub(epub(lang)), `OEBPS/ch0${n}.xhtml`));

  before(async () => {
    report = await build({ book: WORLD, out: await tempDir(), formats: ['html', 'epub'], validate: !epubcheck.skip });
  });

  test('every language builds; with --validate every EPUB passes epubcheck with 0 errors and 0 warnings', () => {
    assert.equal(report.ok, true, JSON.stringify(report.languages.map((l) => [l.lang, l.failures, l.warnings])));
    assert.deepEqual(
      report.languages.map((l) => l.lang),
      ['ar', 'en', 'ja', 'ru', 'th', 'zh'],
    );
    if (epubcheck.skip) return;
    for (const l of report.languages)
      assert.deepEqual({ lang: l.lang, errors: l.validation?.errors, warnings: l.validation?.warnings }, { lang: l.lang, errors: 0, warnings: 0 });
  });

  test('chapter counts follow the directories present, including a single chapter and a gap (01, 03)', () => {
    const chapters = Object.fromEntries(report.languages.map((l) => [l.lang, l.chapters]));
    assert.deepEqual(chapters, { ar: 1, en: 3, ja: 1, ru: 2, th: 2, zh: 2 });
  });

  for (const lang of ['ar', 'en', 'ja', 'ru', 'th', 'zh']) {
    test(`${lang}: the EPUB navigation holds every heading of the sources, three levels deep`, async () => {
      assert.deepEqual(await navEntries(await openEpub(epub(lang))), numberedHeadings(join(WORLD, lang), lang));
    });
  }

  test('ar is right-to-left: dir on the package and content, rtl page progression, code left-to-right, mirrored code bar', async () => {
    const zip = await openEpub(epub('ar'));
    const opf = await zipText(zip, 'OEBPS/content.opf');
    assert.match(opf, /<package [^>]*xml:lang="ar" dir="rtl"/);
    assert.match(opf, /<spine toc="ncx" page-progression-direction="rtl">/);
    const chapter = await zipText(zip, 'OEBPS/ch01.xhtml');
    assert.match(chapter, /<html [^>]*lang="ar" dir="rtl"/);
    assert.match(chapter, /<pre dir="ltr">/);
    assert.match(await zipText(zip, 'OEBPS/style.css'), /border-right: 3px solid/);
    assert.match(await chapterText('ar', 1), /<figcaption>شكل 1-1\. ثلاث لقطات للمشروع نفسه\.<\/figcaption>/);
    const ltr = await zipText(await openEpub(epub('en')), 'OEBPS/content.opf');
    assert.doesNotMatch(ltr, /page-progression-direction/);
  });

  test('zh and ja: a paragraph wrapped across source lines has no space or line break between characters', async () => {
    const zh = await chapterText('zh', 1);
    assert.match(zh, /保存文件的历史，以及什么是快照。/);
    assert.match(zh, /在那一刻的样子保存成一个快照。你可以随时回到任何一个快照，也可以比较其中的两个。/);
    const ja = await chapterText('ja', 1);
    assert.match(ja, /残す理由とスナップショットとは何かを説明します。/);
  });

  test('th: Thai text and caption arrive intact', async () => {
    assert.match(await chapterText('th', 1), /<figcaption>รูปที่ 1-1\. สแนปช็อตสามชุดของโครงการเดียวกัน<\/figcaption>/);
    assert.match(await zipText(await openEpub(epub('th')), 'OEBPS/content.opf'), /<dc:title>การติดตามการเปลี่ยนแปลง<\/dc:title>/);
  });

  test('ru: the localized PNG in ru/figures replaces the shared figure', async () => {
    const zip = await openEpub(epub('ru'));
    const own = await readFile(join(WORLD, 'ru', 'figures', 'fig0101-tn.png'));
    const image = zip.file('OEBPS/images/fig0101-tn.png');
    assert.ok(image, Object.keys(zip.files).join(', '));
    assert.deepEqual(Buffer.from(await image.async('uint8array')), own);
  });

  test('ru: the Dia diagram in ru/figures-dia is rendered to PNG and used instead of the shared figure', { skip: diaOrSkip() }, async () => {
    const l = report.languages.find((x) => x.lang === 'ru')!;
    assert.deepEqual(l.warnings, []);
    const zip = await openEpub(epub('ru'));
    const rendered = zip.file('OEBPS/images/fig0301.png');
    assert.ok(rendered, Object.keys(zip.files).join(', '));
    const bytes = Buffer.from(await rendered.async('uint8array'));
    assert.equal(bytes.subarray(1, 4).toString('latin1'), 'PNG');
    assert.notDeepEqual(bytes, await readFile(join(WORLD, 'figures', 'fig0301-tn.png')));
    assert.equal(zip.file('OEBPS/images/fig0301-tn.png'), null);
  });

  test('without dia, the shared figure is used and the language gets exactly one warning', async () => {
    const other = await build({ book: WORLD, out: await tempDir(), languages: ['ru'], formats: ['epub'], dia: false });
    assert.equal(other.ok, true);
    const warnings = other.languages[0]!.warnings;
    assert.equal(warnings.length, 1, JSON.stringify(warnings));
    assert.equal(warnings[0]!.rule, 'figure-dia');
    assert.match(warnings[0]!.message, /1 localized diagram is not rendered/);
    const zip = await openEpub(other.languages[0]!.outputs[0]!.path);
    assert.ok(zip.file('OEBPS/images/fig0301-tn.png'));
  });
});

test('--validate prints epubcheck findings as file:line:col and fails the language on an error', { skip: epubcheck.skip }, async () => {
  const { execa } = await import('execa');
  const { makeBook, CLI, TINY_PNG } = await import('../helpers.js');
  // EPUB style sheets may not set `direction` (epubcheck CSS-001): a book's own CSS can bring that in.
  const book = await makeBook({
    'book.json': JSON.stringify({ name: 'bad', css: 'extra.css' }),
    'extra.css': 'p { direction: rtl; }\n',
    'en/01-a/01.markdown': '# Title\n\nText.\n',
    'de/01-a/01.markdown': '# Titel\n\nText.\n',
    'figures/unused.png': TINY_PNG,
  });
  const out = await tempDir();
  const { readdir } = await import('node:fs/promises');
  // A previous build without --validate: its files must survive the failing validated build.
  const previous = await execa(process.execPath, [CLI, 'build', book, '--format', 'epub,html', '--out', out], { reject: false });
  assert.equal(previous.exitCode, 0, previous.stderr);
  // manifest.json describes each finished build (this failed one too); the ebooks are what must survive.
  const before = new Map(
    await Promise.all((await readdir(out)).filter((f) => f !== 'manifest.json').map(async (f) => [f, await readFile(join(out, f))] as const)),
  );
  const run = await execa(process.execPath, [CLI, 'build', book, '--format', 'epub,html', '--validate', '--out', out], { reject: false });
  assert.equal(run.exitCode, 1, run.stderr);
  assert.deepEqual((await readdir(out)).filter((f) => f !== 'manifest.json').sort(), [...before.keys()].sort(), 'no staged files are left behind');
  for (const [f, bytes] of before) assert.deepEqual(await readFile(join(out, f)), bytes, `${f} was replaced`);
  assert.match(run.stderr, /this language's files were not replaced/);
  assert.match(run.stderr, /bad\.en\.epub\/OEBPS\/style\.css:\d+:\d+: error: .*direction.* \[CSS-001\]/);
  assert.match(run.stderr, /en epub: epubcheck found \d+ errors? in bad\.en\.epub/);
  assert.match(run.stderr, /failed: de, en/);
});
