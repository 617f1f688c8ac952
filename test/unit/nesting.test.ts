// The nesting pre-scan: an upper bound of marked's nesting, exact on the shapes books use.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nesting } from '../../src/markdown/nesting.js';
import { markdown } from '../../src/markdown/render.js';
import type { Token } from 'marked';

/** marked's own nesting depth of a text's blockquotes and list items. */
function markedDepth(text: string): number {
  const depth = (tokens: Token[]): number =>
    Math.max(
      0,
      ...tokens.map((t) => {
        if (t.type === 'blockquote') return 1 + depth(t.tokens ?? []);
        if (t.type === 'list') return 1 + Math.max(0, ...(t as { items: { tokens: Token[] }[] }).items.map((i) => depth(i.tokens)));
        return 0;
      }),
    );
  return depth(markdown.lexer(text));
}

test('the pre-scan never counts fewer levels than marked reads, lazy lines, tabs and mixed containers included', () => {
  const shapes = [
    '> a\n> > b\n> > > c\n',
    '- a\n  - b\n    - c\n',
    '- a\n  - b\nlazy\n    - c\n',
    '- a\n  > - b\n  >   > - c\n',
    '1. a\n   1. b\n      1) c\n',
    '-\ta\n\t-\tb\n\t\t-\tc\n',
    '> - > - > x\n',
    '- a\n\n  para\n\n  - b\n\n    > c\n',
    '* a\n    * b\n        * c\n',
  ];
  for (const text of shapes) {
    const scanned = nesting(text).deepest.depth;
    assert.ok(scanned >= markedDepth(text), `${JSON.stringify(text)}: scanned ${scanned}, marked ${markedDepth(text)}`);
    assert.ok(scanned <= markedDepth(text) + 1, `${JSON.stringify(text)}: scanned ${scanned}, marked ${markedDepth(text)}`);
  }
});

test('a list closed by a paragraph does not nest the next one; the deepest line and the nested text are counted', () => {
  assert.deepEqual(nesting('- a\n\npara\n\n- b\n'), { deepest: { line: 1, depth: 1 }, nestedText: 10 });
  assert.deepEqual(nesting('text\n\n> > deep\n'), { deepest: { line: 3, depth: 2 }, nestedText: 20 });
});
