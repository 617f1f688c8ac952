// The HTML page in a real Chromium (Debian's, driven by playwright-core): axe-core finds no WCAG
// 2.0/2.1 A or AA violation (in the dark scheme no contrast one either); on a 390 px phone nothing
// scrolls sideways; on a 1280 px screen the text column is at most about 70 characters wide with
// the table of contents beside it. For the sample book, Pro Git en, zh, ru (../shared/progit or
// PROGIT_DIR) and the right-to-left ar of our world fixture. A screenshot of each page at both
// sizes is written beside the built files for a person to look at (paths printed as diagnostics).
// On the phone the table of contents is folded (a <details> the keyboard opens) so that the text
// starts on the first screen; it is open on a wide screen and in print.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test, type TestContext } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build, type BuildReport } from '../../src/index.js';
import { CHROMIUM, chromiumOrSkip, PROGIT_DIR, progitSkip, REPO_ROOT, SAMPLE_BOOK, tempDir } from '../helpers.js';

const skip = chromiumOrSkip();
if (skip) console.log(`# skipping the HTML accessibility tests: ${skip}`);
const progit = progitSkip();
if (progit) console.log(`# skipping Pro Git in the HTML accessibility tests: ${progit}`);

const PHONE = { width: 390, height: 844 };
const SCREEN = { width: 1280, height: 800 };
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
/** "About 70 characters": the style sheet says 70ch; a CJK font's `0` may round it a little. */
const MAX_COLUMN_CH = 72;

const htmlFiles = (report: BuildReport) => report.languages.map((l) => l.outputs.find((o) => o.format === 'html')!.path);

// Strings, not functions: the tests are compiled without the DOM's types; these run in the page.
const AXE_RUN = (options: object) =>
  `axe.run(document, ${JSON.stringify(options)}).then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ') + ': ' + n.failureSummary) })))`;
const LAYOUT = `(() => {
  const root = document.documentElement;
  const main = document.querySelector('main');
  const nav = document.querySelector('nav');
  const probe = document.createElement('span');
  probe.style.cssText = 'display: inline-block; width: 1ch';
  main.appendChild(probe);
  const ch = probe.getBoundingClientRect().width;
  probe.remove();
  const style = getComputedStyle(main);
  const m = main.getBoundingClientRect();
  const n = nav.getBoundingClientRect();
  return {
    scrollWidth: root.scrollWidth, clientWidth: root.clientWidth,
    columnCh: (main.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight)) / ch,
    navBeside: n.right <= m.left || n.left >= m.right, navPosition: getComputedStyle(nav).position,
    navName: nav.getAttribute('aria-label') || (document.getElementById(nav.getAttribute('aria-labelledby') || '') || {}).textContent || '',
    skipTarget: document.querySelector('a[href^="#"]') === document.querySelector('body > a.skip-link') ? document.querySelector('a.skip-link').getAttribute('href') : null,
  };
})()`;

const FOLD = `(() => {
  const toc = document.getElementById('toc-fold');
  const summary = toc.querySelector(':scope > summary');
  return {
    shown: toc.querySelector('ol a').checkVisibility(), summary: summary.textContent, title: document.getElementById('toc-title').textContent,
    headingBottom: document.querySelector('main h1').getBoundingClientRect().bottom, height: innerHeight,
    scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth,
  };
})()`;

interface Fold {
  /** The first entry of the table is shown: the table is open. */
  shown: boolean;
  summary: string;
  title: string;
  headingBottom: number;
  height: number;
  scrollWidth: number;
  clientWidth: number;
}

interface Layout {
  scrollWidth: number;
  clientWidth: number;
  columnCh: number;
  navBeside: boolean;
  navPosition: string;
  navName: string;
  skipTarget: string | null;
}

describe('HTML accessibility and layout in Chromium', { skip }, () => {
  let browser: Browser;
  let axeSource: string;
  const pages: string[] = [];

  before(async () => {
    axeSource = await readFile(createRequire(join(REPO_ROOT, 'package.json')).resolve('axe-core/axe.min.js'), 'utf8');
    const out = await tempDir();
    const builds = [
      build({ book: SAMPLE_BOOK, out, formats: ['html'] }),
      build({ book: join(REPO_ROOT, 'test', 'fixtures', 'world'), out, formats: ['html'], languages: ['ar'] }),
      ...(progit ? [] : [build({ book: PROGIT_DIR, out, formats: ['html'], languages: ['en', 'zh', 'ru'] })]),
    ];
    for (const report of await Promise.all(builds)) {
      assert.equal(report.ok, true, JSON.stringify(report.languages.map((l) => l.failures)));
      pages.push(...htmlFiles(report));
    }
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    });
  });
  after(() => browser?.close());

  async function open(file: string, viewport: { width: number; height: number }, colorScheme: 'light' | 'dark' = 'light'): Promise<Page> {
    const page = await browser.newPage({ viewport, colorScheme });
    await page.goto(pathToFileURL(file).href);
    return page;
  }

  /** Saves a screenshot beside `file` (its path a diagnostic), then runs axe for WCAG A/AA and closes the page. */
  async function screenshotAndAxe(t: TestContext, page: Page, file: string, suffix: string): Promise<unknown> {
    const shot = file.replace(/\.html$/, `.${suffix}.png`);
    await page.screenshot({ path: shot });
    t.diagnostic(`screenshot: ${shot}`);
    await page.addScriptTag({ content: axeSource });
    const violations = await page.evaluate(AXE_RUN({ runOnly: { type: 'tag', values: WCAG_TAGS } }));
    await page.close();
    return violations;
  }

  const expected = [
    'making-ebooks.en.html',
    'making-ebooks.zh.html',
    'world.ar.html',
    ...(progit ? [] : ['progit.en.html', 'progit.zh.html', 'progit.ru.html']),
  ];
  for (const name of expected) {
    const file = () => {
      const found = pages.find((p) => basename(p) === name);
      assert.ok(found, `${name} was not built`);
      return found;
    };

    test(`${name}: at 390 px nothing scrolls sideways; the skip link leads to <main>; the nav is labelled`, async (t) => {
      const page = await open(file(), PHONE);
      const layout = (await page.evaluate(LAYOUT)) as Layout;
      const shot = file().replace(/\.html$/, '.390.png');
      await page.screenshot({ path: shot });
      t.diagnostic(`screenshot: ${shot}`);
      await page.close();
      assert.ok(layout.scrollWidth <= layout.clientWidth, `the page is ${layout.scrollWidth} px wide in a ${layout.clientWidth} px viewport`);
      assert.equal(layout.skipTarget, '#main');
      assert.notEqual(layout.navName.trim(), '');
    });

    test(`${name}: at 1280 px the column is at most ~70ch with the table of contents beside it; axe finds no WCAG A/AA violation`, async (t) => {
      const page = await open(file(), SCREEN);
      const layout = (await page.evaluate(LAYOUT)) as Layout;
      const violations = await screenshotAndAxe(t, page, file(), '1280');
      assert.ok(layout.columnCh <= MAX_COLUMN_CH, `the text column is ${layout.columnCh.toFixed(1)}ch wide`);
      assert.ok(layout.columnCh >= 45, `the text column is only ${layout.columnCh.toFixed(1)}ch wide`);
      assert.equal(layout.navBeside, true, 'the table of contents is beside the text');
      assert.equal(layout.navPosition, 'sticky', 'the table of contents stays in view');
      assert.ok(layout.scrollWidth <= layout.clientWidth, `the page is ${layout.scrollWidth} px wide`);
      assert.deepEqual(violations, []);
    });

    test(`${name}: at 390 px the table of contents is folded and the text starts on the first screen; axe finds no WCAG A/AA violation`, async (t) => {
      const page = await open(file(), PHONE);
      const fold = (await page.evaluate(FOLD)) as Fold;
      const violations = await screenshotAndAxe(t, page, file(), '390-folded');
      assert.equal(fold.shown, false, 'the table of contents is folded');
      assert.ok(fold.summary.trim() !== '' && fold.summary === fold.title, `the summary is the table's title: "${fold.summary}"`);
      assert.ok(fold.headingBottom <= fold.height, `the text's first heading ends at ${fold.headingBottom} px, below the first screen (${fold.height} px)`);
      assert.ok(fold.scrollWidth <= fold.clientWidth, `the page is ${fold.scrollWidth} px wide in a ${fold.clientWidth} px viewport`);
      assert.deepEqual(violations, []);
    });

    test(`${name}: the folded table of contents opens from the keyboard; it is open at 1280 px and in print`, async () => {
      const page = await open(file(), PHONE);
      await page.keyboard.press('Tab'); // the skip link
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(`document.activeElement === document.querySelector('#toc-fold > summary')`);
      await page.keyboard.press('Enter');
      const byKeyboard = ((await page.evaluate(FOLD)) as Fold).shown;
      await page.reload();
      await page.emulateMedia({ media: 'print' });
      const inPrint = ((await page.evaluate(FOLD)) as Fold).shown;
      await page.emulateMedia({ media: 'screen' });
      await page.setViewportSize(SCREEN);
      const wide = ((await page.evaluate(FOLD)) as Fold).shown;
      await page.close();
      assert.equal(focused, true, 'the summary is the second stop of Tab, after the skip link');
      assert.equal(byKeyboard, true, 'Enter on the summary opens the table of contents');
      assert.equal(inPrint, true, 'the table of contents is open in print');
      assert.equal(wide, true, 'the table of contents is open beside the text at 1280 px');
    });

    test(`${name}: in the dark color scheme the text still has enough contrast`, async () => {
      const page = await open(file(), SCREEN, 'dark');
      await page.addScriptTag({ content: axeSource });
      const violations = await page.evaluate(AXE_RUN({ runOnly: { type: 'rule', values: ['color-contrast'] } }));
      await page.close();
      assert.deepEqual(violations, []);
    });
  }
});
