// byName settles plain names without ICU's collator: it must order every name as the collator does.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { byName } from '../../src/layout/by-name.js';

const collator = new Intl.Collator('en', { numeric: true }).compare;
const sign = (n: number) => Math.sign(n);

test('byName orders names as Intl.Collator("en", { numeric: true }) does', () => {
  // Names like a book's (language codes, numbered chapters, file names) and the characters where
  // code-unit order and collation part: case, `_`, accents, leading zeros, long digit runs.
  const char = fc.constantFrom(...'abcxyzABZ0123456789-_. éÅß中'.split(''));
  const name = fc.oneof(
    fc.array(char, { maxLength: 12 }).map((cs) => cs.join('')),
    fc
      .tuple(fc.integer({ min: 0, max: 120 }), fc.constantFrom('', '0', '00'), fc.array(char, { maxLength: 8 }))
      .map(([n, pad, cs]) => `${pad}${n}${cs.join('')}`),
    fc.constantFrom(
      'en',
      'pt-br',
      'zh-tw',
      'zh',
      'no-nb',
      'sr_Latn',
      '01-introduction',
      '10-git-internals',
      '2-basics',
      '01-chapter1.markdown',
      'README.md',
      '99999999999999999999a',
      '99999999999999999998b',
    ),
  );
  fc.assert(
    fc.property(name, name, (a, b) => sign(byName(a, b)) === sign(collator(a, b))),
    { numRuns: 5000, seed: 7 },
  );
});

test('byName sorts chapter directories by their number', () => {
  assert.deepEqual(['10-internals', '2-basics', '01-introduction', '9-git-internals'].sort(byName), [
    '01-introduction',
    '2-basics',
    '9-git-internals',
    '10-internals',
  ]);
});
