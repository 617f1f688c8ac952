// AZW3 and PDF from the world fixture, through the real calibre and Chromium: a KF8 book that
// calibre reads back, and a PDF whose CJK, Arabic, Thai and Cyrillic text comes out of pdftotext in
// the fonts chosen for each script.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { before, describe, test } from 'node:test';
import { decodeXML } from 'entities';
import { execa } from 'execa';
import { build, type BuildReport } from '../../src/build/build.js';
import { fontsFor } from '../../src/config/fonts.js';
import { chromiumOrSkip, CLI, ebookConvertOrSkip, makeBook, pdftotextOrSkip, REPO_ROOT, tempDir } from '../helpers.js';
import type { NavEntry } from './epub-inspect.js';
import { sameLetters } from '../pdf-facts.js';
import { chapterFilesOf, numberedHeadings } from './source-facts.js';

const WORLD = join(REPO_ROOT, 'test', 'fixtures', 'world');
const LANGUAGES = ['zh', 'ar', 'th', 'ru'];
const calibre = ebookConvertOrSkip();
const poppler = pdftotextOrSkip();
const chromium = chromiumOrSkip();

/**
 * Text as compared here: NFKC (folds Arabic presentation forms and full-width punctuation), without
 * bidi controls (pdftotext wraps right-to-left lines in U+202B ... U+202C) and without any
 * whitespace, since the PDF breaks lines where the source did not (and CJK and Thai have no spaces).
 */
function compact(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '')
    .replace(/\s+/g, '');
}

/** The first paragraph of every chapter file of a language: the lines after the h1, up to a blank line. */
function firstParagraphs(lang: string): string[] {
  return chapterFilesOf(join(WORLD, lang)).map((file) => {
    const blocks = readFileSync(file, 'utf8')
      .replace(/\r\n/g, '\n')
      .split(/\n\s*\n/)
      .map((b) => b.trim());
    const paragraph = blocks.find((b) => b && !b.startsWith('#'));
    assert.ok(paragraph, `no paragraph in ${file}`);
    return paragraph;
  });
}

/** Entries of the PDF outline in order, with their nesting depth, from `pdftohtml -xml`. */
function outlineEntries(xml: string): NavEntry[] {
  const entries: NavEntry[] = [];
  let depth = 0;
  for (const m of xml.matchAll(/<outline>|<\/outline>|<item[^>]*>([^<]*)<\/item>/g)) {
    if (m[0] === '<outline>') depth++;
    else if (m[0] === '</outline>') depth--;
    else entries.push({ level: depth, title: decodeXML(m[1]!).trim() });
  }
  return entries;
}

/**
 * Names of the fonts a PDF uses, without the subset prefix. pdffonts lists embedded TrueType fonts
 * by name, but Chromium embeds CFF-based fonts (Noto CJK) as Type 3, which pdffonts shows as
 * "[none]"; their /FontName is only in the font descriptors, which Skia leaves uncompressed.
 */
async function pdfFontNames(pdf: string): Promise<Set<string>> {
  const listed = await execa(join(dirname(poppler.path!), 'pdffonts'), [pdf]);
  const names = listed.stdout
    .split('\n')
    .slice(2)
    .map((line) => line.split(/\s+/)[0]!)
    .filter((n) => n && n !== '[none]');
  const raw = (await readFile(pdf)).toString('latin1');
  for (const m of raw.matchAll(/\/FontName\s*\/([^\s/<>[\]()]+)/g)) names.push(m[1]!);
  return new Set(names.map((n) => n.replace(/^[A-Z]{6}\+/, '')));
}

/** PostScript name prefixes of the body (serif) and heading (sans) families chosen per language. */
const EXPECTED_FONTS: Record<string, string[]> = {
  zh: ['WenQuanYiMicroHei', 'WenQuanYiMicroHeiMono'],
  ar: ['NotoNaskhArabic-', 'NotoSansArabic-'],
  th: ['NotoSerifThai-', 'NotoSansThai-'],
  ru: ['NotoSerif-', 'NotoSans-'],
};

describe('azw3 and pdf from the world fixture', { skip: calibre.skip || chromium }, () => {
  let report: BuildReport;
  const output = (lang: string, format: string) => report.languages.find((l) => l.lang === lang)!.outputs.find((o) => o.format === format)!.path;
  const pdfText = new Map<string, string>();

  before(async () => {
    // One build for every language and both formats: languages are converted concurrently.
    report = await build({ book: WORLD, out: await tempDir(), languages: LANGUAGES, formats: ['azw3', 'pdf'] });
    if (poppler.skip) return;
    for (const lang of LANGUAGES) pdfText.set(lang, (await execa(poppler.path!, ['-enc', 'UTF-8', output(lang, 'pdf'), '-'])).stdout);
  });

  test('every language is written in both formats, without a missing-font warning', () => {
    assert.equal(report.ok, true, JSON.stringify(report.languages.map((l) => [l.lang, l.failures])));
    for (const l of report.languages) {
      assert.deepEqual(
        l.outputs.map((o) => o.path.split('/').pop()),
        [`world.${l.lang}.azw3`, `world.${l.lang}.pdf`],
      );
      assert.deepEqual(
        l.warnings.filter((w) => w.rule === 'font-missing'),
        [],
      );
    }
  });

  for (const lang of LANGUAGES) {
    test(`${lang}: the AZW3 is a KF8-only Kindle book whose title calibre reads back`, async () => {
      const bytes = await readFile(output(lang, 'azw3'));
      assert.equal(bytes.toString('latin1', 60, 68), 'BOOKMOBI');
      // Record 0 holds the MOBI header; its file version is 8 for KF8 (a MOBI 6 book says 6).
      const record0 = bytes.readUInt32BE(78);
      assert.equal(bytes.toString('latin1', record0 + 16, record0 + 20), 'MOBI');
      assert.equal(bytes.readUInt32BE(record0 + 36), 8);
      const meta = await execa(join(dirname(calibre.path!), 'ebook-meta'), [output(lang, 'azw3')]);
      const title = JSON.parse(await readFile(join(WORLD, 'book.json'), 'utf8')).languages[lang].title as string;
      assert.match(meta.stdout, new RegExp(`Title\\s*: ${title}\\n`));
    });

    test(`${lang}: the PDF holds the chapters' text in the language's fonts, and the headings as its outline`, { skip: poppler.skip }, async () => {
      const text = compact(pdfText.get(lang)!);
      for (const paragraph of firstParagraphs(lang)) {
        if (lang === 'ar') {
          // pdftotext (poppler 22) gives Arabic in logical order, base letters, each line wrapped in
          // bidi embedding controls; word by word keeps the check independent of line order.
          for (const word of paragraph.split(/[\s.,،]+/).filter((w) => w.length > 1))
            assert.ok(text.includes(compact(word)), `"${word}" missing from the ar PDF`);
        } else {
          assert.ok(text.includes(compact(paragraph)), `"${paragraph}" missing from the ${lang} PDF:\n${pdfText.get(lang)}`);
        }
      }
      const fonts = [...(await pdfFontNames(output(lang, 'pdf')))];
      for (const prefix of EXPECTED_FONTS[lang]!)
        assert.ok(
          fonts.some((f) => f.startsWith(prefix)),
          `${lang}: no ${prefix}* font in ${fonts.join(', ')}`,
        );
      // Nothing fell back to a font outside the chosen families (Liberation, DejaVu, ...).
      assert.deepEqual(
        fonts.filter((f) => !/^(Noto|WenQuanYi)/.test(f)),
        [],
      );
      const xml = (await execa(join(dirname(poppler.path!), 'pdftohtml'), ['-xml', '-i', '-stdout', '-q', output(lang, 'pdf')])).stdout;
      // The contents list's own heading comes first, then the chapters' headings.
      const outline = outlineEntries(xml).slice(1);
      const headings = numberedHeadings(join(WORLD, lang), lang);
      // Right-to-left titles that mix directions come back in the visual order of their runs (Chromium's outline).
      if (lang === 'ar') {
        assert.equal(outline.length, headings.length);
        headings.forEach((h, i) => assert.ok(outline[i]!.level === h.level && sameLetters(outline[i]!.title, h.title), `${outline[i]!.title} / ${h.title}`));
      } else assert.deepEqual(outline, headings);
    });
  }
});

/** A directory with executable scripts, for stand-ins of external tools. */
async function fakeTools(scripts: Record<string, string>): Promise<string> {
  const dir = await tempDir();
  for (const [name, body] of Object.entries(scripts)) {
    await writeFile(join(dir, name), `#!/bin/sh\n${body}\n`);
    await chmod(join(dir, name), 0o755);
  }
  return dir;
}

// A stand-in ebook-convert that copies its input: enough for a build to write every format.
const COPY = 'cp "$1" "$2"';

describe('without the real calibre', () => {
  test('--format all selects every registered format, in registry order, once each', { skip: chromium }, async () => {
    const book = await makeBook({ 'en/01-intro/01-chapter1.markdown': '# Intro #\n\nText.\n' });
    const fake = join(await fakeTools({ 'ebook-convert': COPY }), 'ebook-convert');
    const report = await build({ book, out: await tempDir(), formats: ['epub', 'all'], ebookConvert: fake });
    assert.equal(report.ok, true, JSON.stringify(report.languages[0]!.failures));
    assert.deepEqual(report.formats, ['html', 'epub', 'mobi', 'azw3', 'pdf']);
    assert.deepEqual(
      report.languages[0]!.outputs.map((o) => o.format),
      report.formats,
    );
    await assert.rejects(build({ book, out: await tempDir(), formats: ['docx'] }), /unknown format: docx; available: html, epub, mobi, azw3, pdf, all/);
  });

  test('the PDF font table picks the script from the language tag, region and script subtags included', () => {
    const serif = (lang: string) => fontsFor(lang).serif;
    // CJK: fonts with TrueType outlines (Noto CJK's CFF ones become Type 3 fonts in Chromium's PDFs), Noto CJK after them.
    assert.deepEqual(fontsFor('zh-TW'), {
      serif: 'WenQuanYi Micro Hei',
      sans: 'WenQuanYi Micro Hei',
      mono: 'WenQuanYi Micro Hei Mono',
      fallback: ['Noto Sans CJK TC'],
    });
    assert.deepEqual(['zh', 'zh-CN', 'zh-Hans', 'zh-HK', 'zh-Hant-TW', 'ja', 'ko'].map(serif), [
      'WenQuanYi Micro Hei',
      'WenQuanYi Micro Hei',
      'WenQuanYi Micro Hei',
      'WenQuanYi Micro Hei',
      'WenQuanYi Micro Hei',
      'IPAexMincho',
      'NanumMyeongjo',
    ]);
    assert.deepEqual(['th', 'ar', 'fa', 'ur', 'he', 'hi'].map(serif), [
      'Noto Serif Thai',
      'Noto Naskh Arabic',
      'Noto Naskh Arabic',
      'Noto Naskh Arabic',
      'Noto Serif Hebrew',
      'Noto Serif Devanagari',
    ]);
    assert.deepEqual(fontsFor('pt-BR'), { serif: 'Noto Serif', sans: 'Noto Sans', mono: 'Noto Sans Mono' });
    assert.equal(fontsFor('ar').mono, 'Noto Sans Mono');
  });

  test('PDF fonts that fontconfig does not list give one warning per language, with the packages to install', { skip: chromium }, async () => {
    const book = await makeBook({
      'zh/01-intro/01-chapter1.markdown': '# 入门 #\n\n文字。\n',
      'ru/01-intro/01-chapter1.markdown': '# Начало #\n\nТекст.\n',
    });
    const bin = await fakeTools({ 'ebook-convert': COPY, 'fc-list': 'echo "Noto Serif"; echo "Noto Sans,Noto Sans Regular"' });
    const run = await execa(process.execPath, [CLI, 'build', book, '--format', 'pdf', '--out', await tempDir()], {
      reject: false,
      env: { PATH: `${bin}:${process.env.PATH ?? ''}`, EBOOK_CONVERT: undefined },
    });
    assert.equal(run.exitCode, 0, run.stderr);
    const warnings = run.stderr
      .split('\n')
      .filter((l) => l.includes('[font-missing]'))
      .sort();
    assert.equal(warnings.length, 2, run.stderr);
    assert.match(
      warnings[0]!,
      /^warning: ru pdf: font Noto Sans Mono not installed; .*apt-get install fonts-noto-core fonts-noto-cjk fonts-noto-mono fonts-ipaexfont-mincho/,
    );
    assert.match(warnings[1]!, /^warning: zh pdf: fonts WenQuanYi Micro Hei, WenQuanYi Micro Hei Mono, Noto Sans CJK SC not installed/);
  });
});
