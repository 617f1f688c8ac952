// The status page as a reader gets it, in Chromium: at 390 px (light) and 1280 px (dark), nothing
// scrolls sideways and axe-core finds no WCAG 2.1 A/AA violation; a screenshot of each is kept.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { pathToFileURL } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { CHROMIUM, REPO_ROOT } from './helpers.js';

/** `prepare` runs once the page is loaded (to open what is folded); `then` after the checks. */
export async function auditStatusPage(
  page: string,
  t: TestContext,
  hooks: { prepare?: (tab: Page) => Promise<void>; then?: (tab: Page, width: number) => Promise<void> } = {},
): Promise<void> {
  const axeSource = await readFile(createRequire(join(REPO_ROOT, 'package.json')).resolve('axe-core/axe.min.js'), 'utf8');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
  try {
    for (const [viewport, colorScheme] of [
      [{ width: 390, height: 844 }, 'light'],
      [{ width: 1280, height: 800 }, 'dark'],
    ] as const) {
      const tab = await browser.newPage({ viewport, colorScheme });
      await tab.goto(pathToFileURL(page).href);
      await hooks.prepare?.(tab);
      const width = (await tab.evaluate('[document.documentElement.scrollWidth, document.documentElement.clientWidth]')) as [number, number];
      assert.ok(width[0] <= width[1], `at ${viewport.width} px the page is ${width[0]} px wide`);
      const shot = page.replace(/\.html$/, `.${viewport.width}.png`);
      await tab.screenshot({ path: shot, fullPage: true });
      t.diagnostic(`screenshot: ${shot}`);
      await tab.addScriptTag({ content: axeSource });
      const violations = await tab.evaluate(
        `axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }).then((r) => r.violations.map((v) => v.id + ': ' + v.nodes.map((n) => n.target.join(' ')).join(', ')))`,
      );
      assert.deepEqual(violations, []);
      await hooks.then?.(tab, viewport.width);
      await tab.close();
    }
  } finally {
    await browser.close();
  }
}
