// The reader walks tokens as marked's walkTokens does, the extensions' child tokens read from the
// extension objects themselves: an extension added with `childTokens` is walked with no other change.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Marked, type Token, type TokenizerExtension } from 'marked';
import { childTokens, childTokensOf } from '../../src/markdown/child-tokens.js';
import { progitMarkdown } from '../../src/markdown/extensions.js';
import { markdown } from '../../src/markdown/render.js';

/** Every token, parents before their children, as `children` finds them. */
function walk(tokens: readonly Token[], children: (t: Token) => Token[]): Token[] {
  return tokens.flatMap((t) => [t, ...walk(children(t), children)]);
}

function markedWalk(instance: Marked, tokens: Token[]): Token[] {
  const seen: Token[] = [];
  // walkTokens returns what async callbacks return; this one is synchronous.
  void instance.walkTokens(tokens, (t) => {
    seen.push(t);
  });
  return seen;
}

/** The same tokens, the same objects, in the same order. */
function assertSameWalk(actual: Token[], expected: Token[]): void {
  assert.deepEqual(
    actual.map((t) => t.type),
    expected.map((t) => t.type),
  );
  actual.forEach((t, i) => assert.equal(t, expected[i], `token ${i} (${t.type}) is another object`));
}

const PRO_GIT = `# Chapter #

Some *emphasis* and a [link](#chapter).

Insert 18333fig0101.png
Figure 1-1. A caption with a [link](https://example.org) and \`code\`.

<!-- Attention to translators: this is a table declaration. The lines should be tab-separated -->
\t**option**\t**what**
\t\`--stat\`\tShows *stats*

| a | b |
| --- | --- |
| *x* | [y](#z) |

- one
  - two with **strong**
> quoted *text*
`;

test("the reader's walk is walkTokens' walk over the Pro Git dialect: figure captions, table declarations, tables, lists", () => {
  const tokens = markdown.lexer(PRO_GIT);
  const ours = walk(tokens, childTokens);
  assertSameWalk(ours, markedWalk(markdown, tokens));
  const types = new Set(ours.map((t) => t.type));
  for (const type of ['figure', 'tableDeclaration', 'table', 'list_item', 'blockquote', 'em', 'strong', 'link', 'codespan']) assert.ok(types.has(type), type);
  // Inside the caption and the declared table's cells.
  assert.ok(ours.some((t) => t.type === 'link' && (t as { href?: string }).href === 'https://example.org'));
  assert.ok(ours.some((t) => t.type === 'codespan' && (t as { text?: string }).text === '--stat'));
});

test('an extension added with childTokens is walked into, read from the extension object', () => {
  const aside: TokenizerExtension = {
    name: 'aside',
    level: 'block',
    childTokens: ['body'],
    start: (src) => src.match(/^:::/m)?.index,
    tokenizer(src) {
      const m = /^:::([^\n]*):::(?:\n|$)/.exec(src);
      return m ? { type: 'aside', raw: m[0], body: this.lexer.inline(m[1]!) } : undefined;
    },
  };
  const extensions = [...(progitMarkdown.extensions ?? []), aside];
  const instance = new Marked({ ...progitMarkdown, extensions });
  const tokens = instance.lexer('Before.\n\n:::see [inside](https://example.org/aside):::\n\nInsert 18333fig0101.png\nFigure 1-1. *after*\n');
  assert.ok(tokens.some((t) => t.type === 'aside'));
  const ours = walk(tokens, childTokensOf(extensions));
  assertSameWalk(ours, markedWalk(instance, tokens));
  assert.ok(ours.some((t) => t.type === 'link' && (t as { href?: string }).href === 'https://example.org/aside'));
  // Without the extension's declaration its children are not found: they come from it, not from a list of names.
  assert.ok(!walk(tokens, childTokens).some((t) => t.type === 'link'));
});
