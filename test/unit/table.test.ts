// The one table printer `status` and `doctor` share.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { table } from '../../src/cli/table.js';

test('columns two spaces apart, as wide as their widest cell, right-aligned where asked, no trailing blanks', () => {
  const out = table(
    ['language', 'translated', 'last commit'],
    [
      ['en (reference)', '100%', '-'],
      ['zh', '7%', ''],
    ],
    { right: [1] },
  );
  assert.equal(out, ['language        translated  last commit', 'en (reference)        100%  -', 'zh                      7%', ''].join('\n'));
});

test('a note goes under its row, where its column starts; rows without one have none', () => {
  const out = table(
    ['check', 'status', 'found'],
    [
      ['node', 'ok', 'v20'],
      ['calibre', 'error', 'not found'],
    ],
    { notes: { column: 2, lines: [undefined, 'fix: install calibre'] } },
  );
  assert.equal(out, ['check    status  found', 'node     ok      v20', 'calibre  error   not found', '                 fix: install calibre', ''].join('\n'));
});
