// The index page in a real Chromium (Debian's, driven by playwright-core), for a build of the world
// fixture (six languages, Arabic right to left) in two formats: axe-core finds no WCAG 2.0/2.1 A or
// AA violation (in the dark scheme no contrast one either); nothing scrolls sideways at 390 px or
// 1280 px; the filter, which only script shows, hides the languages that do not match. Screenshots
// at both sizes are written beside the page (paths printed as diagnostics).
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build } from '../../src/index.js';
import { CHROMIUM, chromiumOrSkip, REPO_ROOT, tempDir } from '../helpers.js';

const skip = chromiumOrSkip();
if (skip) console.log(`# skipping the index page's accessibility tests: ${skip}`);

const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const AXE_RUN = (options: object) =>
  `axe.run(document, ${JSON.stringify(options)}).then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ') + ': ' + n.failureSummary) })))`;
const WIDTHS = `({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth })`;
const VISIBLE = `[...document.querySelectorAll('.language')].filter((li) => !li.hidden).map((li) => li.lang)`;

describe('the index page in Chromium', { skip }, () => {
  let browser: Browser;
  let axeSource: string;
  let index: string;

  before(async () => {
    axeSource = await readFile(createRequire(join(REPO_ROOT, 'package.json')).resolve('axe-core/axe.min.js'), 'utf8');
    const out = await tempDir();
    const report = await build({ book: join(REPO_ROOT, 'test', 'fixtures', 'world'), out, formats: ['html', 'epub'] });
    assert.equal(report.ok, true);
    index = join(out, 'index.html');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    });
  });
  after(() => browser?.close());

  async function open(width: number, colorScheme: 'light' | 'dark' = 'light'): Promise<Page> {
    const page = await browser.newPage({ viewport: { width, height: 844 }, colorScheme });
    await page.goto(pathToFileURL(index).href);
    return page;
  }

  for (const width of [390, 1280]) {
    test(`at ${width} px nothing scrolls sideways and axe finds no WCAG A/AA violation`, async (t) => {
      const page = await open(width);
      const widths = (await page.evaluate(WIDTHS)) as { scrollWidth: number; clientWidth: number };
      const shot = index.replace(/\.html$/, `.${width}.png`);
      await page.screenshot({ path: shot, fullPage: true });
      t.diagnostic(`screenshot: ${shot}`);
      await page.addScriptTag({ content: axeSource });
      const violations = await page.evaluate(AXE_RUN({ runOnly: { type: 'tag', values: WCAG_TAGS } }));
      await page.close();
      assert.ok(widths.scrollWidth <= widths.clientWidth, `the page is ${widths.scrollWidth} px wide in a ${widths.clientWidth} px viewport`);
      assert.deepEqual(violations, []);
    });
  }

  test('in the dark color scheme the text still has enough contrast', async () => {
    const page = await open(1280, 'dark');
    await page.addScriptTag({ content: axeSource });
    const violations = await page.evaluate(AXE_RUN({ runOnly: { type: 'rule', values: ['color-contrast'] } }));
    await page.close();
    assert.deepEqual(violations, []);
  });

  test('the filter finds a language by its own name, its English name or its code', async () => {
    const page = await open(1280);
    assert.equal(await page.isVisible('#filter'), true);
    await page.fill('#filter', 'russ');
    assert.deepEqual(await page.evaluate(VISIBLE), ['ru']);
    await page.fill('#filter', 'العربية');
    assert.deepEqual(await page.evaluate(VISIBLE), ['ar']);
    await page.fill('#filter', '');
    assert.equal(((await page.evaluate(VISIBLE)) as string[]).length, 6);
    await page.close();
  });
});
