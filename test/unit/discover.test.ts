import assert from 'node:assert/strict';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { test } from 'node:test';
import { discoverBook } from '../../src/layout/discover.js';
import { makeBook, TINY_PNG } from '../helpers.js';

test('languages are directories holding numbered chapter directories; notes and asset dirs are not', async () => {
  const root = await makeBook({
    'en/01-introduction/01-chapter1.markdown': '# One\n',
    'en/02-basics/01-chapter2.markdown': '# Two\n',
    'en/README.md': '# notes, not a chapter\n',
    'en/NOTES-translators.markdown': '# notes\n',
    'pl/01-introduction/01-chapter1.markdown': '# Jeden\n',
    'pl/02-basics/02-chapter2.markdown': '# Dwa\n',
    'pl/translation-guidelines.txt': 'guidelines',
    'zh-tw/01-intro/01-chapter1.md': '# 一\n',
    'pt-br/01-intro/01-chapter1.markdown': '# Um\n',
    'ja/translation glossaries.txt': 'only notes: not a language',
    'figures/18333fig0101-tn.png': TINY_PNG,
    'figures-dia/01-x/fig.markdown': '# not a language\n',
    'ebooks/cover.png': TINY_PNG,
    'latex/01-x/a.markdown': '# not a language\n',
    'couchapp/01-x/a.markdown': '# not a language\n',
    'dist/01-x/a.markdown': '# the output directory\n',
    'README.md': '# root readme\n',
  });
  const layout = await discoverBook(root, { exclude: [join(root, 'dist')] });
  assert.deepEqual(
    layout.languages.map((l) => l.code),
    ['en', 'pl', 'pt-br', 'zh-tw'],
  );
  assert.equal(layout.isProGit, true);
  const en = layout.languages.find((l) => l.code === 'en')!;
  assert.deepEqual(
    en.chapters.map((c) => c.dir),
    ['01-introduction', '02-basics'],
  );
  const pl = layout.languages.find((l) => l.code === 'pl')!;
  assert.deepEqual(
    pl.chapters.map((c) => c.files.map((f) => basename(f))),
    [['01-chapter1.markdown'], ['02-chapter2.markdown']],
  );
});

test('chapters and files are ordered by name, numerically, and partial or gapped languages are kept', async () => {
  const root = await makeBook({
    'ko/03-branching/02-second.markdown': '## b\n',
    'ko/03-branching/01-first.markdown': '# c\n',
    'ko/10-late/01.markdown': '# j\n',
    'ko/09-internals/01.markdown': '# i\n',
    'ko/notes/01.markdown': 'a directory that is not numbered',
  });
  const layout = await discoverBook(root);
  const ko = layout.languages[0]!;
  assert.deepEqual(
    ko.chapters.map((c) => c.dir),
    ['03-branching', '09-internals', '10-late'],
  );
  assert.deepEqual(
    ko.chapters[0]!.files.map((f) => basename(f)),
    ['01-first.markdown', '02-second.markdown'],
  );
  assert.equal(layout.isProGit, false);
});

test('a missing book directory is a usage error naming it', async () => {
  await assert.rejects(discoverBook('/nonexistent/book'), (err: Error & { exitCode?: number }) => {
    assert.match(err.message, /\/nonexistent\/book/);
    assert.equal(err.exitCode, 2);
    return true;
  });
});

test('an excluded directory is skipped exactly where it sits, never its parents', async () => {
  const root = await makeBook({
    'en/01-a/01.markdown': '# A\n',
    'en/02-out/book.en.markdown': '# a previous output inside a chapter-like directory\n',
    'pub/01-notes/notes.markdown': '# a language-like output directory\n',
    'fr/01-a/01.markdown': '# A\n',
  });
  const layout = await discoverBook(root, { exclude: [join(root, 'en', '02-out'), join(root, 'pub'), join(root, 'fr', 'dist')] });
  assert.deepEqual(
    layout.languages.map((l) => [l.code, l.chapters.map((c) => c.dir)]),
    [
      ['en', ['01-a']],
      ['fr', ['01-a']],
    ],
  );
});

test('a file or chapter directory whose name is not UTF-8 is a problem of its language, not a missing file; a name really spelled with U+FFFD is a chapter', async () => {
  const root = await makeBook({
    'en/01-a/01.markdown': '# A\n',
    'en/01-a/03-\ufffd.markdown': '# spelled with U+FFFD\n',
    'fr/01-a/01.markdown': '# A\n',
  });
  // Raw bytes: 0xFF is never UTF-8, so readdir hands back U+FFFD in its place.
  await writeFile(Buffer.from(join(root, 'en/01-a/02-bad\xff.markdown'), 'latin1'), '# bad\n');
  await mkdir(Buffer.from(join(root, 'en/02-b\xe9'), 'latin1'));
  const layout = await discoverBook(root);
  const en = layout.languages.find((l) => l.code === 'en')!;
  assert.deepEqual(
    en.chapters.map((c) => c.files.map((f) => basename(f))),
    [['01.markdown', '03-\ufffd.markdown']],
  );
  assert.deepEqual(
    en.problems.map((p) => [basename(p.file!), p.severity, p.message]),
    [
      ['02-bad\ufffd.markdown', 'error', 'file name is not valid UTF-8: rename it'],
      ['02-b\ufffd', 'error', 'chapter directory name is not valid UTF-8: rename it'],
    ],
  );
  assert.deepEqual(layout.languages.find((l) => l.code === 'fr')!.problems, []);
});

test('a dangling link is listed as a chapter file: the reader names it', async () => {
  const root = await makeBook({ 'en/01-a/01.markdown': '# A\n' });
  await symlink('nowhere', join(root, 'en/01-a/02-d.markdown'));
  const [en] = (await discoverBook(root)).languages;
  assert.deepEqual(
    en!.chapters[0]!.files.map((f) => basename(f)),
    ['01.markdown', '02-d.markdown'],
  );
});
