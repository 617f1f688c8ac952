// The page kit (src/pages): every interpolation is text unless it is markup the kit made or raw()
// trusts; the shell puts a page together the same way every time.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { html, joinHtml, raw, type Interpolation, type SafeHtml } from '../../src/pages/html.js';
import { page } from '../../src/pages/shell.js';

const NASTY = `<script>alert("x")</script> & 'it'`;
const ESCAPED = '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;it&#39;';

test('text is escaped in element content and in attribute values, quotes included; XML-forbidden characters are dropped', () => {
  assert.equal(String(html`<p>${NASTY}</p>`), `<p>${ESCAPED}</p>`);
  assert.equal(String(html`<a title="${'say "hi" & <go>'}" data-x='${"it's"}'>`), `<a title="say &quot;hi&quot; &amp; &lt;go&gt;" data-x='it&#39;s'>`);
  assert.equal(String(html`<p>${'a\u0001b'}</p>`), '<p>ab</p>');
});

test('raw() and the kit’s own fragments go in as they are, once: nested templates are not escaped again', () => {
  const inner = html`<b>${'1 < 2'}</b>`;
  assert.equal(String(html`<p>${inner}</p>`), '<p><b>1 &lt; 2</b></p>');
  assert.equal(String(html`<div>${html`<p>${html`<i>${'&'}</i>`}</p>`}</div>`), '<div><p><i>&amp;</i></p></div>');
  assert.equal(String(html`<main>${raw('<h1 id="a">T &amp; U</h1>')}</main>`), '<main><h1 id="a">T &amp; U</h1></main>');
  assert.equal(String(raw('<br>')), '<br>');
});

test('arrays join without a separator, each item as it would be alone; joinHtml puts text between them', () => {
  const items: Interpolation[] = ['a<b', html`<li>${'c&d'}</li>`, 3, undefined, false, null, [raw('<hr>'), 'x>y']];
  assert.equal(String(html`<ul>${items}</ul>`), '<ul>a&lt;b<li>c&amp;d</li>3<hr>x&gt;y</ul>');
  assert.equal(String(joinHtml([html`<li>1</li>`, '<2>'], '\n')), '<li>1</li>\n&lt;2&gt;');
  assert.equal(String(joinHtml([], '\n')), '');
});

test('undefined, null and false render as nothing; numbers as their text (0 included); the literal parts as written', () => {
  const missing: string | undefined = undefined;
  assert.equal(String(html`<p>${missing}${false}${null}|${0}|${-1.5}</p>`), '<p>|0|-1.5</p>');
  const none = '';
  assert.equal(String(html`<p class="${none}">\u00b7 &amp; <b></p>`), '<p class="">\u00b7 &amp; <b></p>');
});

test('a plain string is not SafeHtml: the type keeps text from passing for markup', () => {
  // tsc fails on an unused @ts-expect-error: this line stops compiling the day a string passes for markup.
  // @ts-expect-error: a string must go through raw() to be markup
  const notMarkup: SafeHtml = '<b>x</b>';
  assert.equal(typeof notMarkup, 'string');
  const markup: SafeHtml = raw('<b>x</b>');
  assert.equal(String(html`${markup}`), '<b>x</b>');
});

test('an interpolation of another type is an internal error, not "[object Object]"', () => {
  assert.throws(() => html`${{} as unknown as string}`, /internal error/);
  assert.throws(() => html`${true as unknown as string}`, /internal error/);
});

test('the shell: language, direction, color-scheme, escaped title, head, style, body and script in one order; </style> and </script> cannot end their element', () => {
  const shell = String(
    page({
      lang: 'ar',
      dir: 'rtl',
      title: 'A & <B>',
      head: html`<meta name="author" content="${'"Q"'}">\n`,
      style: 'a { color: red } /* </style><script>x()</script> */',
      body: html`<p>${'hi'}</p>\n`,
      script: 'if (a </script>',
    }),
  );
  assert.equal(
    shell,
    `<!DOCTYPE html>
<html lang="ar" dir="rtl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>A &amp; &lt;B&gt;</title>
<meta name="author" content="&quot;Q&quot;">
<style>a { color: red } /* <\\/style><script>x()</script> */</style>
</head>
<body>
<p>hi</p>
<script>if (a <\\/script></script>
</body>
</html>
`,
  );
  assert.doesNotMatch(String(page({ lang: 'en', dir: 'ltr', title: 't', style: '', body: html`` })), /<script>/);
});
