// Each language's HTML page links the other languages of its release (the languages the build
// selects, the same with --shard as without) and the release's index.html; a language built alone
// links none. Names are the book's own or the language's own, escaped; hrefs are relative and
// percent-encoded; the EPUB does not change with the release.
import assert from 'node:assert/strict';
import { mkdir, readFile, readdir, rename } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { test } from 'node:test';
import { build, type BuildOptions } from '../../src/build/build.js';
import { makeBook, tempDir } from '../helpers.js';

process.env.SOURCE_DATE_EPOCH = '1700000000';

const chapter = (title: string, text: string) => `# ${title}\n\n${text}\n\n## ${title} 2\n\n${text}\n`;

/** en, fr and ar (right to left); fr's name from book.json, with markup that must stay text. `dirName`: the book directory's name, the file names' base. */
async function threeLanguageBook(dirName = 'trio'): Promise<string> {
  const made = await makeBook({
    'book.json': JSON.stringify({ title: 'Trio', languages: { fr: { name: '<b>Français</b> & "Co"' } } }),
    'en/01-start/01-chapter1.markdown': chapter('Start', 'Hello.'),
    'fr/01-start/01-chapter1.markdown': chapter('Début', 'Bonjour.'),
    'ar/01-start/01-chapter1.markdown': chapter('البداية', 'مرحبا.'),
  });
  const root = join(await tempDir(), dirName);
  await mkdir(dirname(root), { recursive: true });
  await rename(made, root);
  return root;
}

/** A language's page (`trio.en.html`), not the directory's index.html. */
const isLanguagePage = (name: string) => name.endsWith('.html') && name !== 'index.html';

async function buildHtml(book: string, extra: Partial<BuildOptions> = {}): Promise<Map<string, string>> {
  const out = extra.out ?? (await tempDir());
  const report = await build({ book, out, formats: ['html'], cache: false, ...extra });
  assert.equal(report.ok, true, JSON.stringify(report.languages.map((l) => l.failures)));
  const pages = new Map<string, string>();
  for (const name of (await readdir(out)).filter(isLanguagePage).sort()) pages.set(name, await readFile(join(out, name), 'utf8'));
  return pages;
}

const alternates = (html: string) => [...html.matchAll(/<link rel="alternate" hreflang="([^"]*)" href="([^"]*)">/g)].map((m) => `${m[1]} ${m[2]}`);
const menu = (html: string) => /<nav class="languages"[^>]*>[\s\S]*?<\/nav>/.exec(html)?.[0] ?? '';
const menuLinks = (html: string) => [...menu(html).matchAll(/<a href="([^"]*)" hreflang="([^"]*)" lang="([^"]*)"[^>]*>/g)].map((m) => m[0]);

test('a whole build: each page has an alternate for every other language and a menu of all three, with the index', async () => {
  const pages = await buildHtml(await threeLanguageBook());
  assert.deepEqual([...pages.keys()], ['trio.ar.html', 'trio.en.html', 'trio.fr.html']);
  const en = pages.get('trio.en.html')!;
  assert.deepEqual(alternates(en), ['ar trio.ar.html', 'fr trio.fr.html']);
  assert.deepEqual(alternates(pages.get('trio.ar.html')!), ['en trio.en.html', 'fr trio.fr.html']);
  assert.deepEqual(menuLinks(en), [
    '<a href="trio.ar.html" hreflang="ar" lang="ar" dir="rtl">',
    '<a href="trio.en.html" hreflang="en" lang="en" aria-current="page">',
    '<a href="trio.fr.html" hreflang="fr" lang="fr">',
  ]);
  assert.match(menu(en), /^<nav class="languages" aria-label="Languages">/);
  assert.match(menu(en), /<a href="index\.html">All languages and formats<\/a>/);
  // Names in their own language; book.json's markup is text.
  assert.match(menu(en), /dir="rtl">العربية<\/a>/);
  assert.match(menu(en), /lang="fr">&lt;b&gt;Français&lt;\/b&gt; &amp; &quot;Co&quot;<\/a>/);
  assert.doesNotMatch(en, /<b>Français/);
  // In a right-to-left page, left-to-right names say so; the label is Arabic.
  const ar = menu(pages.get('trio.ar.html')!);
  assert.match(ar, /^<nav class="languages" aria-label="اللغات">/);
  assert.match(ar, /hreflang="en" lang="en" dir="ltr">English<\/a>/);
});

test('--lang en,fr links those two only; --lang en alone links nothing, not even the index', async () => {
  const book = await threeLanguageBook();
  const two = await buildHtml(book, { languages: ['en', 'fr'] });
  assert.deepEqual(alternates(two.get('trio.en.html')!), ['fr trio.fr.html']);
  assert.deepEqual(
    menuLinks(two.get('trio.fr.html')!).map((a) => /hreflang="(\w+)"/.exec(a)![1]),
    ['en', 'fr'],
  );
  const alone = (await buildHtml(book, { languages: ['en'] })).get('trio.en.html')!;
  assert.deepEqual(alternates(alone), []);
  assert.equal(menu(alone), '');
  assert.doesNotMatch(alone, /index\.html|hreflang/);
});

test('two shards write the bytes of one whole build, links to the other shard included', async () => {
  const book = await threeLanguageBook();
  const whole = await buildHtml(book);
  const out = await tempDir();
  await buildHtml(book, { out, shard: { index: 1, total: 2 } });
  const first = (await readdir(out)).filter(isLanguagePage);
  assert.ok(first.length > 0 && first.length < 3, `shard 1 of 2 wrote ${first.join(', ')}: the test needs languages in both shards`);
  const merged = await buildHtml(book, { out, shard: { index: 2, total: 2 } });
  assert.deepEqual(merged, whole);
});

test('the cache: a page built in a release is not served to a build of that language alone, nor the other way round', async () => {
  const book = await threeLanguageBook();
  const cache = await tempDir();
  const withCache = (languages?: string[]) => buildHtml(book, { cache, languages });
  assert.equal(alternates((await withCache()).get('trio.en.html')!).length, 2);
  assert.deepEqual(alternates((await withCache(['en'])).get('trio.en.html')!), []);
  assert.equal(alternates((await withCache(['en', 'ar'])).get('trio.en.html')!).length, 1);
  assert.equal(alternates((await withCache()).get('trio.en.html')!).length, 2);
});

test('a book directory named with a space and non-ASCII letters: hrefs are percent-encoded and lead to the files written', async () => {
  const pages = await buildHtml(await threeLanguageBook('mein Buch ö'));
  const en = pages.get('mein Buch ö.en.html')!;
  assert.deepEqual(alternates(en), ['ar mein%20Buch%20%C3%B6.ar.html', 'fr mein%20Buch%20%C3%B6.fr.html']);
  for (const link of menuLinks(en)) {
    const href = /href="([^"]*)"/.exec(link)![1]!;
    assert.match(href, /^[A-Za-z0-9%._-]+$/);
    assert.ok(pages.has(decodeURIComponent(href)), `${href} leads to no file written`);
  }
});

test('the EPUB is the same whether its language is built alone or in a release', async () => {
  const book = await threeLanguageBook();
  const epub = async (languages?: string[]) => {
    const out = await tempDir();
    const report = await build({ book, out, formats: ['epub'], cache: false, languages });
    assert.equal(report.ok, true);
    return readFile(join(out, 'trio.en.epub'));
  };
  assert.deepEqual(await epub(), await epub(['en']));
  assert.equal(basename(book), 'trio');
});
