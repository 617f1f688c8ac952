// The markup of code (src/markdown/code-markup.ts): a span per code block line, nowrap spans in
// inline code, left-to-right isolation; and whatever the markup, the text is the source's.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeHTML } from 'entities';
import fc from 'fast-check';
import { codeBlock, inlineCode, isAddressText } from '../../src/markdown/code-markup.js';
import { markdown } from '../../src/markdown/render.js';

const text = (html: string) => decodeHTML(html.replace(/<[^>]*>/g, ''));

test('a code block is one span per source line, each holding its newline; its text is the source', () => {
  const html = codeBlock('$ cat a & b\n\n  <indented>\n', 'sh extra');
  assert.equal(
    html,
    '<pre><code class="language-sh"><span class="line">$ cat a &amp; b\n</span><span class="line">\n</span><span class="line">  &lt;indented&gt;\n</span></code></pre>\n',
  );
  assert.equal(codeBlock('', undefined), '<pre><code></code></pre>\n');
  fc.assert(
    fc.property(fc.string({ unit: fc.constantFrom('a', ' ', '\n', '&', '<', '\t', '字') }), (source) => {
      const expected = source === '' ? '' : source.replace(/\n$/, '') + '\n';
      assert.equal(text(codeBlock(source, undefined).replace(/\n$/, '')), expected);
    }),
  );
});

test('inline code reads left to right; after a hyphen, slash or closing bracket it cannot break inside a word; its text is unchanged', () => {
  assert.equal(inlineCode('--shortstat'), '<code dir="ltr"><span class="nowrap">--s</span>hortstat</code>');
  assert.equal(inlineCode('/etc/gitconfig'), '<code dir="ltr"><span class="nowrap">/e</span>tc<span class="nowrap">/g</span>itconfig</code>');
  assert.equal(inlineCode('git log -p -2'), '<code dir="ltr">git log <span class="nowrap">-p</span> <span class="nowrap">-2</span></code>');
  assert.equal(inlineCode('[a]:[b]'), '<code dir="ltr">[a<span class="nowrap">]:[</span>b]</code>');
  assert.equal(inlineCode('---'), '<code dir="ltr"><span class="nowrap">---</span></code>');
  assert.equal(inlineCode('a - b <c>'), '<code dir="ltr">a - b &lt;c&gt;</code>');
  fc.assert(
    fc.property(fc.string({ unit: fc.constantFrom('a', '-', '/', ' ', '&', '<', ']', ':', '?', '字') }), (source) => {
      assert.equal(text(inlineCode(source)), source);
    }),
  );
});

test('links showing an address are left to right; other links are not', () => {
  assert.equal(isAddressText('https://git-scm.com/docs/'), true);
  assert.equal(isAddressText('git://github.com/schacon/grit.git'), true);
  assert.equal(isAddressText('user@example.com'), true);
  assert.equal(isAddressText('the Git site'), false);
  assert.equal(isAddressText('Note: read this'), false);
  assert.match(markdown.parse('<http://example.org/a/>') as string, /<a dir="ltr" href="http:\/\/example\.org\/a\/">http:\/\/example\.org\/a\/<\/a>/);
  assert.match(markdown.parse('[the site](http://example.org/)') as string, /<a href="http:\/\/example\.org\/">the site<\/a>/);
  assert.match(
    markdown.parse('`--graph` and\n\n    code') as string,
    /<code dir="ltr"><span class="nowrap">--g<\/span>raph<\/code>[\s\S]*<pre><code><span class="line">code\n<\/span><\/code><\/pre>/,
  );
});
