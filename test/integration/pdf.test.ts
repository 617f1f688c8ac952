// The PDF as a reader meets it, read back with poppler: a cover at its own resolution, a contents
// list whose every entry has the page its heading is on, running heads and page numbers on the body
// pages, no heading left at a page's foot, real (not Type 3) CJK fonts, tagged with its language,
// an outline. On the sample book, the world fixture's Arabic and Japanese, a small book with a
// cover, and Pro Git's en and zh where the checkout is present.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmod, readdir, readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { execa } from 'execa';
import { before, describe, test } from 'node:test';
import { build, type BuildReport } from '../../src/build/build.js';
import { chromiumOrSkip, CLI, makeBook, pdftotextOrSkip, PROGIT_DIR, progitSkip, REPO_ROOT, SAMPLE_BOOK, tempDir, TINY_PNG } from '../helpers.js';
import { contentsNumbers, isFoot, isHead, readPdf, sameLetters, strandedHeadings, type PdfFacts } from '../pdf-facts.js';

const skip = chromiumOrSkip() || pdftotextOrSkip().skip;
const WORLD = join(REPO_ROOT, 'test', 'fixtures', 'world');

interface Built {
  name: string;
  lang: string;
  path: string;
  facts: PdfFacts;
}

async function buildPdfs(book: string, languages: string[], name: string): Promise<Built[]> {
  const report: BuildReport = await build({ book, out: await tempDir(), languages, formats: ['pdf'], cache: false });
  assert.equal(report.ok, true, JSON.stringify(report.languages.map((l) => [l.lang, l.failures])));
  return report.languages.map((l) => {
    const path = l.outputs.find((o) => o.format === 'pdf')!.path;
    return { name: `${name} ${l.lang}`, lang: l.lang, path, facts: readPdf(path) };
  });
}

/** The contents: from the page of its own heading (the outline's first entry) to the first chapter's. */
function contentsPages(facts: PdfFacts) {
  const [own, first] = facts.outline.filter((o) => o.depth === 1);
  return own && first ? facts.pages.slice(own.page - 1, first.page - 1) : [];
}

/** Text as compared here: NFKC (pdftohtml gives Arabic in presentation forms, in visual order), without bidi controls. */
function sameText(actual: string, expected: string): boolean {
  const norm = (t: string) =>
    t
      .normalize('NFKC')
      .replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '')
      .replace(/\s+/g, ' ')
      .trim();
  if (norm(actual) === norm(expected) || [...norm(actual)].reverse().join('') === norm(expected)) return true;
  // A title that mixes directions (الفصل 1: ...) comes back in Chromium's visual order of its runs
  // (in the outline too): the same letters, in another order.
  return sameLetters(actual, expected);
}

/** The chapters: outline entries of the first level after the contents' own heading, with the pages they span. */
function chapterSpans(facts: PdfFacts): { title: string; first: number; last: number }[] {
  const chapters = facts.outline.filter((o) => o.depth === 1).slice(1);
  return chapters.map((c, i) => ({ title: c.title, first: c.page, last: (chapters[i + 1]?.page ?? facts.pages.length + 1) - 1 }));
}

function assertTagged(pdf: Built, bytes: Buffer): void {
  assert.equal(pdf.facts.info.Tagged, 'yes', pdf.name);
  assert.match(bytes.toString('latin1'), new RegExp(`/Lang \\(${pdf.lang}\\)`), pdf.name);
  assert.ok(chapterSpans(pdf.facts).length >= 1, `${pdf.name}: outline ${JSON.stringify(pdf.facts.outline)}`);
}

function assertContents({ name, facts }: Built): void {
  const pages = contentsPages(facts);
  assert.ok(pages.length > 0, `${name}: no contents page`);
  const { entries, numbered, wrong } = contentsNumbers(facts, pages);
  assert.ok(entries >= chapterSpans(facts).length, `${name}: ${entries} contents entries`);
  assert.equal(numbered, entries, `${name}: a contents entry without a page number`);
  assert.deepEqual(wrong, [], name);
  // The outline, which Chromium makes from the headings themselves, agrees for every chapter.
  const listed = pages.flatMap((p) => p.lines).filter((l) => l.target !== undefined);
  for (const chapter of chapterSpans(facts)) {
    const line = listed.find((l) => sameText(l.text.replace(/^\d+\s+|\s+\d+$/g, ''), chapter.title) && l.target === chapter.first);
    assert.ok(line, `${name}: ${chapter.title} (page ${chapter.first}) not in the contents with its page`);
  }
}

function assertHeadsAndNumbers({ name, facts }: Built): void {
  for (const chapter of chapterSpans(facts)) {
    for (let n = chapter.first; n <= chapter.last; n++) {
      const page = facts.pages[n - 1]!;
      const head = page.lines.filter((l) => isHead(page, l)).map((l) => l.text);
      const foot = page.lines.filter((l) => isFoot(page, l)).map((l) => l.text);
      assert.ok(head.length === 1 && sameText(head[0]!, chapter.title), `${name} page ${n}: running head ${JSON.stringify(head)}, not ${chapter.title}`);
      assert.deepEqual(foot, [String(n)], `${name} page ${n}: page number`);
    }
  }
}

function assertRealCjkFonts({ name, lang, facts }: Built): void {
  if (!/^(zh|ja|ko)/.test(lang)) return;
  assert.deepEqual(
    facts.fontTypes.filter((t) => t === 'Type 3'),
    [],
    `${name}: Type 3 fonts`,
  );
  assert.ok(facts.fontTypes.includes('CID TrueType'), `${name}: ${facts.fontTypes.join(', ')}`);
}

/** The facts every PDF must show, each a test over all of `pdfs`. */
function pdfFacts(pdfs: () => Built[]): void {
  test('tagged, in its language, with an outline', async () => {
    for (const pdf of pdfs()) assertTagged(pdf, await readFile(pdf.path));
  });
  test('every contents entry has the page its heading is on', () => pdfs().forEach(assertContents));
  test('running heads (the chapter) and page numbers on every page of a chapter', () => pdfs().forEach(assertHeadsAndNumbers));
  test('no heading is the last line of a page', () => {
    for (const pdf of pdfs()) assert.deepEqual(strandedHeadings(pdf.facts), [], pdf.name);
  });
  test('CJK text in embedded CID TrueType fonts, none of them Type 3', () => pdfs().forEach(assertRealCjkFonts));
}

describe('PDF: the sample book (en, zh) and the world fixture (ar, ja)', { skip }, () => {
  let built: Built[] = [];
  before(async () => {
    built = [...(await buildPdfs(SAMPLE_BOOK, ['en', 'zh'], 'sample')), ...(await buildPdfs(WORLD, ['ar', 'ja'], 'world'))];
  });
  pdfFacts(() => built);
});

describe('PDF: Pro Git en and zh', { skip: skip || progitSkip() }, () => {
  let built: Built[] = [];
  before(async () => {
    built = await buildPdfs(PROGIT_DIR, ['en', 'zh'], 'Pro Git');
  });
  pdfFacts(() => built);
  test('page images of the cover, the contents and a body page, beside the PDFs, for a person to look at', (t) => {
    for (const { path, facts } of built) {
      const contents = contentsPages(facts)[0]!.number;
      const body = chapterSpans(facts)[1]?.first ?? contents + 1;
      for (const [what, page] of [
        ['cover', 1],
        ['contents', contents],
        ['body', body + 1],
      ] as const) {
        const image = `${path.replace(/\.pdf$/, '')}.page-${what}`;
        execFileSync('pdftoppm', ['-r', '60', '-png', '-singlefile', '-f', String(page), '-l', String(page), path, image]);
        t.diagnostic(`page image: ${image}.png`);
      }
    }
  });
  test('the cover comes first, at its own resolution: 96 pixels per inch (CSS pixels), never stretched', () => {
    for (const { name, facts } of built)
      assert.ok(facts.coverPpi.length && facts.coverPpi.every((ppi) => ppi === 96), `${name}: ${facts.coverPpi.join(', ')} ppi`);
  });
});

describe('PDF: a book with a cover', { skip }, () => {
  test('the cover, one pixel, is one CSS pixel (96 ppi) on its own first page; the title page follows', async () => {
    const book = await makeBook({
      'book.json': JSON.stringify({ title: 'Covered', authors: ['A. Writer'], cover: 'cover.png' }),
      'cover.png': TINY_PNG,
      'en/01-intro/01-chapter1.markdown': '# Intro #\n\nText.\n',
    });
    const [pdf] = await buildPdfs(book, ['en'], 'covered');
    // pdfimages lists the image and its alpha mask.
    assert.ok(pdf!.facts.coverPpi.length && pdf!.facts.coverPpi.every((ppi) => ppi === 96), `${pdf!.facts.coverPpi.join(', ')} ppi`);
    assert.deepEqual(
      pdf!.facts.pages[0]!.lines.map((l) => l.text),
      [],
    );
    assert.deepEqual(pdf!.facts.pages[1]!.lines.map((l) => l.text).slice(0, 2), ['Covered', 'A. Writer']);
  });
});

describe('PDF: a Chromium that fails', () => {
  test('is an error of that language and format, with what it said; the HTML is still written, nothing is left behind', async () => {
    const book = await makeBook({ 'en/01-intro/01-chapter1.markdown': '# Intro #\n\nText.\n' });
    const bin = await tempDir();
    await writeFile(join(bin, 'chromium'), '#!/bin/sh\necho "no display, no luck" >&2\nexit 3\n');
    await chmod(join(bin, 'chromium'), 0o755);
    const out = await tempDir();
    const run = await execa(process.execPath, [CLI, 'build', book, '-f', 'html,pdf', '--out', out, '--no-index'], {
      reject: false,
      env: { CHROMIUM_PATH: join(bin, 'chromium'), PROGIT_EBOOK_CACHE: await tempDir() },
    });
    assert.equal(run.exitCode, 1, run.stderr);
    assert.match(run.stderr, /en pdf: chromium \(.*\) failed: /);
    assert.doesNotMatch(run.stderr, /internal error/i);
    assert.deepEqual(
      (await readdir(out)).filter((f) => !f.startsWith('manifest')).sort(),
      ['book.en.html'].map((f) => f.replace('book', basename(book))),
    );
  });
});
