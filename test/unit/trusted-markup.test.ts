// A chapter without raw HTML skips the sanitizer (sanitize.ts, trustedMarkup): these hold that
// path to the sanitizer's output for generated Markdown and for every chapter of the books we have.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import type { Token, Tokens } from 'marked';
import { markdown } from '../../src/markdown/render.js';
import { FIGURE_MARK } from '../../src/markdown/content-model.js';
import { sanitizeChapter } from '../../src/markdown/raw-html.js';
import { holdsRawHtml, trustedMarkup } from '../../src/markdown/sanitize.js';
import { resolveConfig } from '../../src/config/metadata.js';
import { discoverBook } from '../../src/layout/discover.js';
import { languageFigureDirs } from '../../src/build/figure-dirs.js';
import { renderLanguage } from '../../src/build/render-language.js';
import { UserError } from '../../src/util/diagnostics.js';
import { makeBook, PROGIT_DIR, REPO_ROOT, SAMPLE_BOOK, progitSkip } from '../helpers.js';

/** The spellings the two paths may differ in: quotes as references or characters, `/>` spacing. */
const canonical = (html: string) =>
  html
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/\s*\/>/g, ' />');

/** Lexes and renders as the reader does; image sources become `file:` URLs, as the reader makes them. */
function render(source: string): { html: string; raw: boolean } {
  const tokens = markdown.lexer(source);
  void markdown.walkTokens(tokens, (t: Token) => {
    if (t.type === 'image')
      (t as Tokens.Image).href = /^[a-z]+:|^\/\//i.test((t as Tokens.Image).href) ? '' : `file:///book/${encodeURI((t as Tokens.Image).href)}`;
  });
  return { html: markdown.parser(tokens), raw: holdsRawHtml(tokens) };
}

function assertSame(source: string, where: string): boolean {
  const { html, raw } = render(source);
  if (raw) return false;
  assert.equal(canonical(trustedMarkup(html)), canonical(sanitizeChapter(html)), `${where}: the trusted path differs from the sanitizer`);
  return true;
}

const SNIPPETS = [
  '# Title #',
  '## Section',
  '### Sub ###',
  'Setext\n======',
  'plain text',
  'über café 版本控制 Рисунок شكل',
  '&copy; 2009',
  '&amp;',
  '&AMP;',
  '&bogus;',
  '&#1;',
  '&#x1;',
  '&#0;',
  '&#xD800;',
  '&#1114112;',
  '&#x1F600;',
  '&nbsp;',
  '&ndash;',
  '&#39;',
  '&quot;',
  '&#;',
  '& alone',
  'a&b',
  '&copy',
  '"quoted" and \'single\'',
  '3 < 4 > 2',
  '\u0001\u0008\u000b\u001f\ufffe',
  'line one  \nline two',
  'trailing backslash\\\nnext',
  '---',
  '***',
  '* item\n* item',
  '1. one\n2. two',
  '3. three\n4. four',
  '- [ ] todo\n- [x] done',
  '> quote\n> more',
  '>> nested',
  '    indented code & <b>',
  '```sh\n$ git log "x" & <y>\n```',
  '```\x01lang\ncode\n```',
  '`code & <b>`',
  '*em* **strong** ~~del~~ ***both***',
  '| a | b | c |\n|:--|:-:|--:|\n| 1 | *2* | `3` |',
  '[link](http://example.com "title & \\"q\\"")',
  '[mail](mailto:a@b.c)',
  '[ftp](ftp://x/y)',
  '[irc](irc://x)',
  '[git](git://host/repo)',
  '[proto](//example.com/x)',
  '[frag](#title)',
  '[rel](other.markdown)',
  '<http://example.com/a?b=1&c=2>',
  'www.example.com/x',
  'me@example.com',
  'https://example.com/&copy;',
  '![alt & "q"](fig.png "t")',
  '![remote](http://example.com/x.png)',
  '![](a%20b.png)',
  'Insert 18333fig0101.png\nFigure 1-1. A *caption* & more',
  '<!-- a comment -->',
  'text <!-- inline comment --> more',
  '\\<b\\> escaped',
  '\\&copy;',
  '&a_b;',
  '&_x;',
  '&1x;',
  '&#abc;',
  '# T &a_b;',
  '[l](http://x/&c_d;)',
  '[x](http://a "&_q;")',
  '```&a_b;\ncode\n```',
  '[see <http://z.example>](http://w.example)',
  '[see www.example.com](http://w.example)',
  '[**“me@a.com”**之后](http://y)',
];

test('trusted markup: generated Markdown renders as the sanitizer would make it', () => {
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...SNIPPETS), { minLength: 1, maxLength: 12 }), fc.constantFrom('\n\n', '\n', ' ', '\n    '), (parts, joint) => {
      assertSame(parts.join(joint), parts.join(' | '));
    }),
    { seed: 0x7e57, numRuns: 400 },
  );
});

test('trusted markup: raw HTML other than comments sends a chapter to the sanitizer', () => {
  assert.equal(render('text <b>bold</b>').raw, true);
  assert.equal(render('<div>\nblock\n</div>').raw, true);
  assert.equal(render('<!-- only a comment -->\n\ntext <!-- and another -->').raw, false);
  assert.equal(render('`<b>` in code').raw, false);
});

function markdownFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name.startsWith('figures') ? [] : markdownFiles(path);
    return /\.(markdown|md)$/.test(name) ? [path] : [];
  });
}

function checkBook(root: string): void {
  let trusted = 0;
  for (const file of markdownFiles(root)) if (assertSame(readFileSync(file, 'utf8'), file)) trusted++;
  // Books without raw HTML in their chapters must take the fast path, or it gains nothing.
  assert.ok(trusted > 0, `no chapter of ${root} took the trusted path`);
}

test('trusted markup: every chapter of the sample book and the world fixture', () => {
  checkBook(SAMPLE_BOOK);
  checkBook(join(REPO_ROOT, 'test', 'fixtures', 'world'));
});

test('trusted markup: every chapter of Pro Git', { skip: progitSkip() }, () => {
  checkBook(PROGIT_DIR);
});

/** Sources as hostile as the fuzzer's, raw HTML the reader removes included. */
const HOSTILE = [
  'Raw x <script> a & b < c',
  '<script>\nalert(1)',
  'x <style>p{}</style> y & z',
  'a <textarea> b < c',
  '<img src=x',
  'x <img src="nope.png"> y',
  '<!-- c --> text & more',
  'x <!-- y',
  '<b>bold</b> & <i>it</i>',
  '<iframe src="x"></iframe> after < that',
  '<a href="javascript:alert(1)">x</a>',
];

test('trusted markup: what the reader makes of any chapter is already what the sanitizer would make of it', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.constantFrom(...SNIPPETS, ...HOSTILE), { minLength: 1, maxLength: 8 }),
      fc.constantFrom('\n\n', '\n', ' '),
      async (parts, joint) => {
        const root = await makeBook({ 'en/01-a/01-chapter1.markdown': `# Title\n\n${parts.join(joint)}\n` });
        const layout = await discoverBook(root);
        const lang = layout.languages[0]!;
        const figures = await languageFigureDirs(lang, layout, false);
        const read = await renderLanguage({ lang, layout, config: await resolveConfig(layout), figures, date: '2020-01-01T00:00:00Z' }).catch(
          (err: unknown) => {
            if (err instanceof UserError) return undefined; // an error at a line (a comment never closed): nothing is written
            throw err;
          },
        );
        if (!read || read.doc.warnings.some((w) => w.severity === 'error')) return;
        const { doc } = read;
        for (const chapter of doc.chapters) {
          // Every figure left in a chapter is one the reader made (a raw one became a div): marked as such again.
          const marked = chapter.html.replace(/<figure /g, `<figure ${FIGURE_MARK.name}="${FIGURE_MARK.value}" `);
          assert.equal(canonical(chapter.html), canonical(sanitizeChapter(marked)), `${parts.join(' | ')}: the chapter is not what the sanitizer makes of it`);
        }
      },
    ),
    { seed: 0x7e58, numRuns: 150 },
  );
});
