// What a reader meets on opening an EPUB on a phone, in a real Chromium at 390x844: each file of the
// spine before the first chapter drawn with the book's own style sheet, as a reading system that
// lays one file after another does. The title page comes first and fills no more than a screen; the
// contents come next and list the chapters on one screen (their sections stay in the navigation);
// chapter 1 follows with its number in the language's words. For Pro Git en, ja, zh, ru
// (../shared/progit or PROGIT_DIR) and the world fixture's right-to-left ar. A screenshot of each
// screen is written beside the EPUB (paths printed as diagnostics).
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import JSZip from 'jszip';
import { chromium, type Browser } from 'playwright-core';
import { build } from '../../src/index.js';
import { CHROMIUM, chromiumOrSkip, openEpub, PROGIT_DIR, progitSkip, REPO_ROOT, tempDir } from '../helpers.js';

const skip = chromiumOrSkip();
if (skip) console.log(`# skipping the front matter tests: ${skip}`);
const progit = progitSkip();
if (progit) console.log(`# skipping Pro Git in the front matter tests: ${progit}`);

const PHONE = { width: 390, height: 844 };

/** Each book's language, the title its title page shows, and how its chapter 1 heading starts. */
const BOOKS = [
  ...(progit
    ? []
    : [
        { lang: 'en', title: 'Pro Git - professional version control', language: 'English', chapter1: 'Chapter 1: ' },
        { lang: 'ja', title: 'Pro Git - professional version control', language: '日本語', chapter1: '第1章 ' },
        { lang: 'zh', title: 'Pro Git - professional version control', language: '中文', chapter1: '第1章 ' },
        { lang: 'ru', title: 'Pro Git — профессиональный контроль версий', language: 'Русский', chapter1: 'Глава 1: ' },
      ]),
  { lang: 'ar', title: 'تتبع التغييرات', language: 'العربية', chapter1: 'الفصل 1: ' },
];

/** The spine's files in order, by their paths in the zip. */
function spine(opf: string): string[] {
  const hrefs = new Map([...opf.matchAll(/<item id="([^"]+)" href="([^"]+)"/g)].map((m) => [m[1]!, m[2]!]));
  return [...opf.matchAll(/<itemref idref="([^"]+)"/g)].map((m) => hrefs.get(m[1]!)!);
}

async function unzip(zip: JSZip, dir: string): Promise<void> {
  for (const file of Object.values(zip.files)) {
    if (file.dir) continue;
    await mkdir(dirname(join(dir, file.name)), { recursive: true });
    await writeFile(join(dir, file.name), await file.async('nodebuffer'));
  }
}

interface Screen {
  height: number;
  text: string;
  firstHeading: string;
}

describe('the front matter on a phone', { skip }, () => {
  let browser: Browser;
  const epubs = new Map<string, string>();

  before(async () => {
    const out = await tempDir();
    const reports = await Promise.all([
      build({ book: join(REPO_ROOT, 'test', 'fixtures', 'world'), out, formats: ['epub'], languages: ['ar'] }),
      ...(progit ? [] : [build({ book: PROGIT_DIR, out, formats: ['epub'], languages: ['en', 'ja', 'zh', 'ru'] })]),
    ]);
    for (const report of reports) {
      assert.equal(report.ok, true, JSON.stringify(report.languages.map((l) => l.failures)));
      for (const l of report.languages) epubs.set(l.lang, l.outputs[0]!.path);
    }
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
  });
  after(() => browser?.close());

  for (const book of BOOKS) {
    test(`${book.lang}: the title page, then the contents on one screen, then chapter 1 numbered`, async (t) => {
      const epub = epubs.get(book.lang)!;
      const zip = await openEpub(epub);
      const dir = epub.replace(/\.epub$/, '.files');
      await unzip(zip, dir);
      const files = spine(await zip.file('OEBPS/content.opf')!.async('string'));
      assert.deepEqual(files.slice(0, 3), ['titlepage.xhtml', 'toc.xhtml', 'ch01.xhtml']);
      const page = await browser.newPage({ viewport: PHONE });
      const screens: Screen[] = [];
      for (const [i, file] of files.slice(0, 3).entries()) {
        await page.goto(pathToFileURL(join(dir, 'OEBPS', file)).href);
        screens.push(
          (await page.evaluate(
            `({ height: document.documentElement.scrollHeight, text: document.body.innerText, firstHeading: (document.querySelector('h1') || {}).textContent || '' })`,
          )) as Screen,
        );
        const shot = epub.replace(/\.epub$/, `.${i}-${file.replace('.xhtml', '')}.390.png`);
        await page.screenshot({ path: shot });
        t.diagnostic(`screenshot: ${shot}`);
      }
      await page.close();
      const [titlePage, contents, chapter1] = screens as [Screen, Screen, Screen];
      assert.ok(titlePage.height <= PHONE.height, `the title page is ${titlePage.height} px high`);
      for (const line of [book.title, book.language]) assert.ok(titlePage.text.includes(line), `the title page shows "${line}": ${titlePage.text}`);
      assert.ok(contents.height <= PHONE.height, `the contents take ${contents.height} px, more than a screen`);
      // The contents' title, then one line per chapter (1, 2, 3, ... in these books), each numbered.
      const entries = contents.text.split('\n').filter((l) => l.trim() !== '');
      assert.ok(entries.length > 1);
      entries.slice(1).forEach((line, i) => assert.ok(line.startsWith(book.chapter1.replace('1', String(i + 1))), `contents line ${i + 1}: ${line}`));
      assert.ok(chapter1.firstHeading.startsWith(book.chapter1), `chapter 1 is headed "${chapter1.firstHeading}"`);
    });
  }
});
