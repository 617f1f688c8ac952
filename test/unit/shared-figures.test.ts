// A figure shown many times: its bytes are in the HTML page once, every reference keeps its alt text.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { build } from '../../src/build/build.js';
import { makeBook, tempDir, TINY_PNG } from '../helpers.js';

test('a figure referenced 21,000 times is in the page once; each reference is an image with its own alt text', async () => {
  const parts = ['# A\n\nInsert fig0102.png\nFigure 1-0. Shown once\n'];
  for (let i = 1; i <= 21_000; i++) parts.push(`Insert fig0101.png\nFigure 1-${i}. Shown again\n`);
  parts.push('Inline ![inline alt](../../figures/fig0101-tn.png) and ![](../../figures/fig0101-tn.png).\n');
  // A figure of some weight: 20 KB, as Pro Git's are.
  const big = Buffer.concat([TINY_PNG, Buffer.alloc(20_000)]);
  const root = await makeBook({ 'en/01-a/01.markdown': parts.join('\n'), 'figures/fig0101-tn.png': big, 'figures/fig0102-tn.png': TINY_PNG });
  const report = await build({ book: root, out: await tempDir(), formats: ['html'], cache: false });
  assert.equal(report.ok, true, JSON.stringify(report.languages[0]!.failures));
  const html = await readFile(report.languages[0]!.outputs[0]!.path, 'utf8');
  const data = `data:image/png;base64,${big.toString('base64')}`;
  assert.equal(html.split(data).length - 1, 1);
  assert.ok(html.length < 10_000_000, `${html.length} bytes`);
  // Shown once: an <img> as ever.
  assert.match(html, /<img src="data:image\/png;base64,[^"]+" alt="Figure 1-0\. Shown once" \/>/);
  const shown = [
    ...html.matchAll(
      /<svg class="shared-image" (role="img" aria-label="([^"]*)"|aria-hidden="true") width="1" height="1" viewBox="0 0 1 1"[^>]*>(<image id="([^"]+)"[^>]*\/>|<use href="#([^"]+)"\/>)<\/svg>/g,
    ),
  ];
  assert.equal(shown.length, 21_002);
  assert.equal(shown[0]![2], 'Figure 1-1. Shown again');
  assert.equal(shown[20_999]![2], 'Figure 1-21000. Shown again');
  assert.equal(shown[21_000]![2], 'inline alt');
  assert.equal(shown[21_001]![1], 'aria-hidden="true"');
  const id = shown[0]![4];
  assert.ok(id);
  assert.ok(shown.slice(1).every((m) => m[5] === id));
});
