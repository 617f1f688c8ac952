// Code as a reader sees it, laid out by a real Chromium (Debian's, driven by playwright-core): the
// HTML page, and each EPUB chapter opened with its style sheet as a reading system's frame lays it
// out, on a 390x844 phone and a 1280x800 screen. Code type is at least 0.85 of the text's; no code
// block is wider than its box or the screen (no sideways scroll, nothing cut off); a code line too
// long for the screen wraps with its continuation marked, and copying the block still gives the
// source's lines; an inline word (`--shortstat`, `/etc/gitconfig`) that fits on a line is never
// split across two; in right-to-left text inline code and addresses are drawn in their own order
// (`--graph`, not `graph--`); emphasis in Japanese and Arabic is upright. For the sample book, the
// world fixture's ar and ja, and Pro Git en and ja (../shared/progit or PROGIT_DIR) where present.
// A 390 px screenshot of a wrapped code block, HTML and EPUB, is written beside the built files.
import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import JSZip from 'jszip';
import { chromium, type Browser } from 'playwright-core';
import { build, type BuildReport } from '../../src/index.js';
import { CODE_PROBE, type CodeLayout } from '../code-layout.js';
import { execa } from 'execa';
import { CHROMIUM, chromiumOrSkip, ebookConvertOrSkip, PROGIT_DIR, progitSkip, REPO_ROOT, SAMPLE_BOOK, tempDir } from '../helpers.js';

const skip = chromiumOrSkip();
if (skip) console.log(`# skipping the code layout tests: ${skip}`);
const calibre = ebookConvertOrSkip();
if (calibre.skip) console.log(`# skipping the code layout of the Kindle files: ${calibre.skip}`);
const progit = progitSkip();
if (progit) console.log(`# skipping Pro Git in the code layout tests: ${progit}`);

const VIEWPORTS = { 390: { width: 390, height: 844 }, 1280: { width: 1280, height: 800 } } as const;
/** 0.85 as the style sheet means it; computed sizes are rounded to 1/64 px. */
const MIN_RATIO = 0.85 - 0.002;

interface Book {
  name: string;
  lang: string;
  html: string;
  /** The EPUB's chapter files, unzipped beside their style sheet. */
  chapters: string[];
}

/** An EPUB unzipped beside it; its chapters, ours (OEBPS/chNN.xhtml) or calibre's (text/*.html). */
async function unzipChapters(epub: string): Promise<string[]> {
  const zip = await JSZip.loadAsync(await readFile(epub));
  const dir = epub.replace(/\.epub$/, '.epub.d');
  const chapters: string[] = [];
  for (const [name, file] of Object.entries(zip.files)) {
    if (file.dir) continue;
    const path = join(dir, name);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, await file.async('nodebuffer'));
    if (/^(?:OEBPS\/ch\d+\.xhtml|text\/part[^/]*\.html)$/.test(name)) chapters.push(path);
  }
  return chapters.sort();
}

async function booksOf(report: BuildReport, name: string): Promise<Book[]> {
  assert.equal(report.ok, true, JSON.stringify(report.languages.map((l) => l.failures)));
  return Promise.all(
    report.languages.map(async (l) => ({
      name: `${name} ${l.lang}`,
      lang: l.lang,
      html: l.outputs.find((o) => o.format === 'html')!.path,
      chapters: await unzipChapters(l.outputs.find((o) => o.format === 'epub')!.path),
    })),
  );
}

function merge(layouts: CodeLayout[]): CodeLayout {
  const all = (key: 'overflowing' | 'splitWords' | 'rtlDisordered') => layouts.flatMap((l) => l[key]);
  const sum = (key: 'blocks' | 'rtlSpans' | 'wrappedLines' | 'unmarkedWrappedLines') => layouts.reduce((n, l) => n + l[key], 0);
  return {
    blockRatio: Math.min(...layouts.map((l) => l.blockRatio)),
    inlineRatio: Math.min(...layouts.map((l) => l.inlineRatio)),
    blocks: sum('blocks'),
    overflowing: all('overflowing'),
    splitWords: all('splitWords'),
    rtlSpans: sum('rtlSpans'),
    rtlDisordered: all('rtlDisordered'),
    wrappedLines: sum('wrappedLines'),
    unmarkedWrappedLines: sum('unmarkedWrappedLines'),
  };
}

/** Copying a code block whose lines wrapped gives its source text: the lines, their newlines. */
const COPY_WRAPPED = `(() => {
  const pre = [...document.querySelectorAll('pre')].find((p) => [...p.querySelectorAll('.line')].some((l) => l.getClientRects().length && l.getBoundingClientRect().height > 1.5 * parseFloat(getComputedStyle(p).lineHeight)));
  if (!pre) return null;
  pre.scrollIntoView();
  scrollBy(0, -100);
  getSelection().selectAllChildren(pre);
  const copied = getSelection().toString();
  getSelection().removeAllRanges();
  return { copied, source: pre.textContent.replace(/\\n$/, '') };
})()`;

/** For each figure and caption, the display the book's own style sheets give it (a Kindle knows no HTML5 elements: its default is inline). */
const BLOCK_BY_BOOK_CSS = `[...document.querySelectorAll('figure, figcaption')].map((el) => {
  const rules = [...document.styleSheets].flatMap((sheet) => [...sheet.cssRules]).filter((r) => r.selectorText && el.matches(r.selectorText) && r.style.display);
  return rules.length ? rules[rules.length - 1].style.display : 'none given';
})`;

const EMPHASIS = `[...document.querySelectorAll('em')].map((e) => { const s = getComputedStyle(e); return { style: s.fontStyle, weight: Number(s.fontWeight) }; })`;

describe('code layout in Chromium: HTML pages and EPUB chapters', { skip }, () => {
  let browser: Browser;
  const books: Book[] = [];

  before(async () => {
    const out = await tempDir();
    const formats = ['html', 'epub'];
    const reports = await Promise.all([
      build({ book: SAMPLE_BOOK, out, formats, languages: ['en'] }).then((r) => booksOf(r, 'sample')),
      build({ book: join(REPO_ROOT, 'test', 'fixtures', 'world'), out, formats, languages: ['ar', 'ja'] }).then((r) => booksOf(r, 'world')),
      ...(progit ? [] : [build({ book: PROGIT_DIR, out, formats, languages: ['en', 'ja'] }).then((r) => booksOf(r, 'Pro Git'))]),
    ]);
    books.push(...reports.flat());
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    });
  });
  after(() => browser?.close());

  const book = (name: string) => {
    const found = books.find((b) => b.name === name);
    assert.ok(found, `${name} was not built`);
    return found;
  };

  async function measure(files: string[], width: keyof typeof VIEWPORTS): Promise<CodeLayout> {
    const page = await browser.newPage({ viewport: VIEWPORTS[width] });
    const layouts: CodeLayout[] = [];
    for (const file of files) {
      await page.goto(pathToFileURL(file).href);
      layouts.push((await page.evaluate(CODE_PROBE)) as CodeLayout);
    }
    await page.close();
    return merge(layouts);
  }

  const names = ['sample en', 'world ar', 'world ja', ...(progit ? [] : ['Pro Git en', 'Pro Git ja'])];
  for (const name of names) {
    for (const width of [390, 1280] as const) {
      for (const kind of ['HTML page', 'EPUB chapters'] as const) {
        test(`${name}, ${kind} at ${width} px: code type >= 0.85 of the text, no code block wider than its box, no word split that fits, right-to-left code in order`, async () => {
          const b = book(name);
          const layout = await measure(kind === 'HTML page' ? [b.html] : b.chapters, width);
          assert.ok(layout.blocks > 0, 'the book has code blocks');
          assert.ok(layout.blockRatio >= MIN_RATIO, `code blocks are ${layout.blockRatio.toFixed(3)} of the text's size`);
          assert.ok(layout.inlineRatio >= MIN_RATIO, `inline code is ${layout.inlineRatio.toFixed(3)} of its text's size`);
          assert.deepEqual(layout.overflowing, [], 'code blocks wider than their box or the screen');
          assert.deepEqual(layout.splitWords, [], 'inline code words split across lines although they fit on one');
          assert.deepEqual(layout.rtlDisordered, [], 'inline code or addresses drawn out of order in right-to-left text');
          assert.equal(layout.unmarkedWrappedLines, 0, 'wrapped code lines without a hanging indent');
          if (b.lang === 'ar') assert.ok(layout.rtlSpans >= 3, `only ${layout.rtlSpans} inline code spans measured in right-to-left text`);
          if (width === 390 && b.lang === 'ar') assert.ok(layout.wrappedLines > 0, 'the long code line wraps at 390 px');
        });
      }
    }
  }

  test('a wrapped code block copies as its source lines (HTML page and EPUB chapter at 390 px); a screenshot of each', async (t) => {
    for (const name of progit ? ['world ar'] : ['world ar', 'Pro Git en']) {
      const b = book(name);
      for (const files of [[b.html], b.chapters]) {
        let found = false;
        for (const file of files) {
          const page = await browser.newPage({ viewport: VIEWPORTS[390] });
          await page.goto(pathToFileURL(file).href);
          const copy = (await page.evaluate(COPY_WRAPPED)) as { copied: string; source: string } | null;
          if (copy) {
            assert.equal(copy.copied, copy.source, `${name}, ${basename(file)}: the copied text is the code block's source`);
            const shot = join(dirname(file), `${basename(file)}.code.390.png`);
            await page.screenshot({ path: shot });
            t.diagnostic(`screenshot: ${shot}`);
          }
          await page.close();
          if ((found = copy !== null)) break;
        }
        assert.ok(found, `${name}: no code line wraps at 390 px in ${basename(files[0]!)}`);
      }
    }
  });

  test('emphasis in Japanese and Arabic is upright and bold, in the HTML page and the EPUB', async () => {
    for (const name of ['world ar', 'world ja']) {
      const b = book(name);
      for (const file of [b.html, ...b.chapters]) {
        const page = await browser.newPage({ viewport: VIEWPORTS[390] });
        await page.goto(pathToFileURL(file).href);
        const ems = (await page.evaluate(EMPHASIS)) as { style: string; weight: number }[];
        await page.close();
        assert.ok(ems.length > 0, `${name}: ${basename(file)} has emphasis`);
        for (const em of ems) assert.deepEqual({ style: em.style, bold: em.weight >= 600 }, { style: 'normal', bold: true }, `${name}: ${basename(file)}`);
      }
    }
  });
});

// calibre rewrites the EPUB's style sheet into its own classes for the KF8 part of the AZW3 and the
// MOBI. Read back into an EPUB (without rescaling its font sizes), what the KF8 holds is laid out
// by Chromium like the EPUB itself: the code rules, the left-to-right code and block figures survive.
describe('code layout of the Kindle files (KF8, read back by calibre)', { skip: skip || calibre.skip }, () => {
  let browser: Browser;
  const readBack = new Map<string, string[]>();

  before(async () => {
    const out = await tempDir();
    const report = await build({ book: join(REPO_ROOT, 'test', 'fixtures', 'world'), out, formats: ['azw3', 'mobi'], languages: ['ar'] });
    assert.equal(report.ok, true, JSON.stringify(report.languages.map((l) => l.failures)));
    for (const output of report.languages[0]!.outputs.filter((o) => o.format === 'azw3' || o.format === 'mobi')) {
      const epub = join(out, `${basename(output.path)}.epub`);
      await execa(calibre.path!, [output.path, epub, '--disable-font-rescaling'], { timeout: 120_000 });
      readBack.set(output.format, await unzipChapters(epub));
    }
    // File pages may read their own style sheets' rules (BLOCK_BY_BOOK_CSS).
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--allow-file-access-from-files'],
    });
  });
  after(() => browser?.close());

  for (const format of ['azw3', 'mobi']) {
    test(`world ar ${format}: code >= 0.85 of the text, code blocks wrap with marked lines, inline code in order, emphasis bold, figures and captions blocks`, async () => {
      const files = readBack.get(format);
      assert.ok(files?.length, `no chapters read back from the ${format}`);
      const page = await browser.newPage({ viewport: VIEWPORTS[390] });
      const layouts: CodeLayout[] = [];
      const facts: { figures: string[]; ems: { style: string; weight: number }[] }[] = [];
      for (const file of files) {
        await page.goto(pathToFileURL(file).href);
        layouts.push((await page.evaluate(CODE_PROBE)) as CodeLayout);
        facts.push((await page.evaluate(`({ figures: ${BLOCK_BY_BOOK_CSS}, ems: ${EMPHASIS} })`)) as (typeof facts)[number]);
      }
      await page.close();
      const layout = merge(layouts);
      assert.ok(layout.blocks > 0 && layout.rtlSpans >= 3, `code blocks ${layout.blocks}, inline code in right-to-left text ${layout.rtlSpans}`);
      assert.ok(
        layout.blockRatio >= MIN_RATIO && layout.inlineRatio >= MIN_RATIO,
        `code is ${layout.blockRatio.toFixed(3)}/${layout.inlineRatio.toFixed(3)} of the text`,
      );
      assert.deepEqual([layout.overflowing, layout.splitWords, layout.rtlDisordered], [[], [], []]);
      assert.ok(
        layout.wrappedLines > 0 && layout.unmarkedWrappedLines === 0,
        `${layout.wrappedLines} wrapped code lines, ${layout.unmarkedWrappedLines} unmarked`,
      );
      const figures = facts.flatMap((f) => f.figures);
      assert.ok(figures.length >= 2 && figures.every((d) => d === 'block'), `figure and figcaption display by the book's style sheet: ${figures.join(', ')}`);
      const ems = facts.flatMap((f) => f.ems);
      assert.ok(ems.length > 0 && ems.every((e) => e.style === 'normal' && e.weight >= 600), JSON.stringify(ems));
    });
  }
});
