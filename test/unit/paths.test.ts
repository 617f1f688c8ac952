// insideAny: what a book may read, and what its cache key covers. Links are followed; a link out is outside.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { insideAny, isInside } from '../../src/util/paths.js';

test('inside as written and after following links; missing paths by their written form unless a dangling link', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'paths-'));
  try {
    const book = join(dir, 'book');
    const figures = join(book, 'figures');
    const other = join(dir, 'other');
    await mkdir(figures, { recursive: true });
    await mkdir(other);
    await writeFile(join(figures, 'a.png'), 'a');
    await writeFile(join(other, 'b.png'), 'b');
    await symlink(join(other, 'b.png'), join(figures, 'out.png'));
    await symlink(join(figures, 'a.png'), join(book, 'in.png'));
    await symlink(join(dir, 'nowhere.png'), join(figures, 'dangling.png'));
    await symlink(book, join(dir, 'book-link'));

    const inBook = insideAny([book]);
    assert.equal(inBook(join(figures, 'a.png')), true);
    assert.equal(inBook(join(book, 'in.png')), true, 'a link to a file of the book');
    assert.equal(inBook(join(figures, 'out.png')), false, 'a link out of the book');
    assert.equal(inBook(join(figures, 'dangling.png')), false, 'a dangling link');
    assert.equal(inBook(join(figures, 'missing.png')), true, 'a missing file, by its written path');
    assert.equal(inBook(join(book, '..', 'other', 'b.png')), false);
    assert.equal(inBook(join(other, 'b.png')), false);
    assert.equal(isInside(join(dir, 'book-link'), join(dir, 'book-link', 'figures', 'a.png')), true, 'a root reached through a link');

    const covered = insideAny([join(book, 'fr'), figures, other]);
    assert.equal(covered(join(figures, 'a.png')), true);
    assert.equal(covered(join(other, 'b.png')), true);
    assert.equal(covered(join(figures, 'out.png')), false, 'a link must lead inside the root it is written under');
    assert.equal(covered(join(book, 'in.png')), false, 'not under any root as written');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
