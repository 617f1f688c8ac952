import assert from 'node:assert/strict';
import { test } from 'node:test';
import { languageMetadata, resolveConfig } from '../../src/config/metadata.js';
import { discoverBook } from '../../src/layout/discover.js';
import { titlePageMarkup } from '../../src/writers/title-page.js';
import { makeBook } from '../helpers.js';

const DATE = '2024-03-05T10:00:00Z';

async function metadataOf(config: object, code: string) {
  const root = await makeBook({ 'book.json': JSON.stringify(config), [`${code}/01-a/01.markdown`]: '# A\n' });
  const layout = await discoverBook(root);
  return languageMetadata(layout, await resolveConfig(layout), code, 'A', DATE);
}

/** The text of each paragraph of the fragment, by class. */
function lines(fragment: { toString(): string }): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of String(fragment).matchAll(/<p class="([^"]+)"[^>]*>([\s\S]*?)<\/p>/g)) out[m[1]!] = m[2]!.replace(/<br \/>/g, ' | ').replace(/<[^>]+>/g, '');
  return out;
}

test('the title page names the title, authors, language and date; no heading, no subtitle or translators unless configured', async () => {
  const meta = await metadataOf({ title: 'Tracking Changes', authors: ['Ann', 'Bo', 'Cy'] }, 'en');
  const markup = String(titlePageMarkup(meta));
  assert.match(markup, /^<section class="title-page">\n[\s\S]*<\/section>\n$/);
  assert.doesNotMatch(markup, /<h[1-6]\b/);
  assert.deepEqual(lines(markup), {
    'book-title': 'Tracking Changes',
    'book-authors': 'Ann, Bo, and Cy',
    'book-language': 'English',
    'book-edition': 'March 5, 2024',
  });
  assert.match(markup, /<time datetime="2024-03-05">/);
});

test('subtitle, translators and version from book.json, per language, in the language own words', async () => {
  const config = {
    title: 'Pro Git',
    subtitle: 'professional version control',
    authors: 'Scott Chacon',
    version: 'Second edition',
    languages: {
      ru: { subtitle: 'профессиональный контроль версий', translators: ['Анна', 'Борис'], version: 'Второе издание' },
      ja: { translators: 'Taro' },
      ar: { translators: ['سامي'] },
    },
  };
  const ru = lines(titlePageMarkup(await metadataOf(config, 'ru')));
  assert.equal(ru['book-subtitle'], 'профессиональный контроль версий');
  assert.equal(ru['book-translators'], 'Перевод: Анна и Борис');
  assert.equal(ru['book-language'], 'Русский');
  assert.match(ru['book-edition']!, /^Второе издание \| 5 марта 2024/);
  const ja = lines(titlePageMarkup(await metadataOf(config, 'ja')));
  assert.equal(ja['book-subtitle'], 'professional version control');
  assert.equal(ja['book-translators'], 'Taro 訳');
  assert.equal(ja['book-language'], '日本語');
  assert.equal(ja['book-edition'], 'Second edition | 2024年3月5日');
  const ar = lines(titlePageMarkup(await metadataOf(config, 'ar')));
  assert.equal(ar['book-translators'], 'ترجمة سامي');
  assert.equal(ar['book-language'], 'العربية');
});

test('the title page escapes what book.json says and drops what XML forbids', async () => {
  const meta = await metadataOf({ title: 'A <b> & "C"\u0001', subtitle: "<script>x</script>'", authors: ['<i>Eve</i>'], translators: ['T&T'] }, 'en');
  const markup = String(titlePageMarkup(meta));
  assert.doesNotMatch(markup, /<(?:b|i|script)>|\u0001/);
  assert.match(markup, /A &lt;b&gt; &amp; &quot;C&quot;/);
  assert.match(markup, /&lt;script&gt;x&lt;\/script&gt;&#39;/);
  assert.match(markup, /Translated by T&amp;T/);
});
