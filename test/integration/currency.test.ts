// Readers see how current a translation is: index.html and each translation's HTML page, built
// from a book with history (the commits status-where.test.ts makes); nothing without history.
import assert from 'node:assert/strict';
import { cp, mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { gitSkip } from '../git-book.js';
import { tempDir } from '../helpers.js';
import { run, whereStory } from '../where-book.js';

const skip = await gitSkip();
if (skip) console.log(`# skipping the readers' currency line tests: ${skip}`);

/** A language's HTML page in a build's directory (named after the book's directory). */
async function page(dir: string, lang: string): Promise<Buffer> {
  const name = (await readdir(dir)).find((f) => f.endsWith(`.${lang}.html`));
  assert.ok(name, `no ${lang} page in ${dir}`);
  return readFile(join(dir, name));
}

const line = (html: string) => /<p class="book-currency"[^>]*>[^<]*<\/p>/.exec(html)?.[0];

describe("the readers' line on how current a translation is", { skip }, () => {
  test('index.html in English, each translation page in its language where the labels have it; the same commit gives the same bytes; none without history', async () => {
    const s = await whereStory();
    const out = join(await tempDir(), 'out');
    const r = await run(['build', s.book.dir, '--format', 'html', '--out', out, '--force']);
    assert.equal(r.code, 0, r.stderr);
    const index = await readFile(join(out, 'index.html'), 'utf8');
    assert.match(index, /Japanese \(ja\) · 1 of 1 chapters, \d+% translated; 4 changes in 1 chapter not yet carried over from English, oldest 2020-02-01</);
    assert.match(index, /German \(de\) · [^<]*; 4 changes in 1 chapter not yet carried over from English, oldest 2020-02-01</);
    const ja = (await page(out, 'ja')).toString('utf8');
    assert.equal(line(ja), '<p class="book-currency">原文（英語）からまだ反映されていない変更：4 件（1 章）、最も古いものは 2020-02-01</p>');
    assert.match(
      line((await page(out, 'de')).toString('utf8')) ?? '',
      /Noch nicht aus dem Original \(Englisch\) übernommene Änderungen: 4 \(Kapitel: 1\), die älteste vom 2020-02-01/,
    );
    assert.equal(line((await page(out, 'en')).toString('utf8')), undefined, 'the reference says nothing of itself');

    // The same commit, built again elsewhere: the same bytes.
    const again = join(await tempDir(), 'out');
    assert.equal((await run(['build', s.book.dir, '--format', 'html', '--out', again, '--force'])).code, 0);
    assert.deepEqual(await page(again, 'ja'), await page(out, 'ja'));

    // A language the labels do not have speaks English, and says so; once carried over, the line says so.
    await s.book.commit('[nl] chapter 1', { 'nl/01-intro/01-chapter1.markdown': '# Aan de slag #\n\nInleiding.\n' }, '2020-07-01T10:00:00+00:00');
    const nl = join(await tempDir(), 'out');
    assert.equal((await run(['build', s.book.dir, '--format', 'html', '--out', nl, '--lang', 'nl', '--force'])).code, 0);
    assert.equal(
      line((await page(nl, 'nl')).toString('utf8')),
      '<p class="book-currency" lang="en" dir="ltr">Every change to the English original is carried over</p>',
    );

    // Without history: no line, no failure.
    const copy = join(await tempDir(), 'book');
    await mkdir(copy);
    for (const lang of ['en', 'ja']) await cp(join(s.book.dir, lang), join(copy, lang), { recursive: true });
    const plain = join(await tempDir(), 'out');
    const p = await run(['build', copy, '--format', 'html', '--out', plain, '--force']);
    assert.equal(p.code, 0, p.stderr);
    assert.equal(line((await page(plain, 'ja')).toString('utf8')), undefined);
    assert.doesNotMatch(await readFile(join(plain, 'index.html'), 'utf8'), /carried over/);
  });
});
