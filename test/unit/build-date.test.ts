// Where a build's date comes from: SOURCE_DATE_EPOCH, else the book's last commit, else the newest
// chapter file; never the clock.
import assert from 'node:assert/strict';
import { mkdir, symlink, utimes, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { execa } from 'execa';
import { sourceDate } from '../../src/config/build-date.js';
import { languageMetadata } from '../../src/config/metadata.js';
import { discoverBook } from '../../src/layout/discover.js';
import { makeBook } from '../helpers.js';

const BOOK = { 'en/01-a/01.markdown': '# A\n', 'en/02-b/01.markdown': '# B\n', 'zh/01-a/01.markdown': '# 甲\n' };

test('SOURCE_DATE_EPOCH wins; a malformed one is an error naming it', async () => {
  const layout = await discoverBook(await makeBook(BOOK));
  assert.deepEqual(await sourceDate(layout, { SOURCE_DATE_EPOCH: '1700000000' }), { iso: '2023-11-14T22:13:20Z', source: 'SOURCE_DATE_EPOCH' });
  await assert.rejects(sourceDate(layout, { SOURCE_DATE_EPOCH: '1.5e9' }), /SOURCE_DATE_EPOCH must be whole seconds since 1970-01-01 UTC, not "1\.5e9"/);
  await assert.rejects(sourceDate(layout, { SOURCE_DATE_EPOCH: '-1' }), /SOURCE_DATE_EPOCH must be/);
});

test('outside git: the newest chapter file, whatever the other files say', async () => {
  const root = await makeBook({ ...BOOK, 'notes.txt': 'not a chapter' });
  await utimes(join(root, 'en/01-a/01.markdown'), 1_600_000_000, 1_600_000_000);
  await utimes(join(root, 'en/02-b/01.markdown'), 1_650_000_000, 1_650_000_000.9);
  await utimes(join(root, 'zh/01-a/01.markdown'), 1_500_000_000, 1_500_000_000);
  await utimes(join(root, 'notes.txt'), 1_900_000_000, 1_900_000_000);
  const layout = await discoverBook(root);
  assert.deepEqual(await sourceDate(layout, {}), { iso: '2022-04-15T05:20:00Z', source: 'sources' });
});

test('outside git: a chapter file that cannot be stat()ed (a dangling link) is left to the reader, not an error here', async () => {
  const root = await makeBook(BOOK);
  await utimes(join(root, 'en/01-a/01.markdown'), 1_600_000_000, 1_600_000_000);
  await utimes(join(root, 'en/02-b/01.markdown'), 1_500_000_000, 1_500_000_000);
  await utimes(join(root, 'zh/01-a/01.markdown'), 1_500_000_000, 1_500_000_000);
  await symlink('nowhere', join(root, 'en/01-a/02-dangling.markdown'));
  const layout = await discoverBook(root);
  assert.deepEqual(await sourceDate(layout, {}), { iso: '2020-09-13T12:26:40Z', source: 'sources' });
});

test('in git: the last commit touching the book directory, not later edits, not commits elsewhere', async (t) => {
  const repo = await makeBook({ README: 'repo\n' });
  const git = (args: string[], date?: string) =>
    execa('git', ['-C', repo, '-c', 'user.name=t', '-c', 'user.email=t@example.org', ...args], {
      env: date ? { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date } : {},
    });
  try {
    await git(['init', '-q']);
  } catch (err) {
    t.skip(`git is not usable here: ${(err as Error).message.split('\n')[0]}`);
    return;
  }
  await git(['add', '.']);
  await git(['commit', '-q', '-m', 'outside'], '2020-01-01T00:00:00Z');
  const root = join(repo, 'book');
  for (const [rel, text] of Object.entries(BOOK)) await makeFile(join(root, rel), text);
  await git(['add', '.']);
  await git(['commit', '-q', '-m', 'book'], '2021-06-01T10:00:00Z');
  await makeFile(join(repo, 'README'), 'changed\n');
  await git(['commit', '-q', '-am', 'readme'], '2022-01-01T00:00:00Z');
  // An uncommitted edit does not move the date: the commit is what a release is built from.
  await makeFile(join(root, 'en/01-a/01.markdown'), '# A, edited\n');
  const layout = await discoverBook(root);
  assert.deepEqual(await sourceDate(layout, {}), { iso: '2021-06-01T10:00:00Z', source: 'git' });
});

test('the identifier depends on book name and language only (not the title), and differs between languages', async () => {
  const layout = await discoverBook(await makeBook(BOOK));
  const resolved = { config: { name: 'progit' }, source: 'file' as const, warnings: [] };
  const a = languageMetadata(layout, resolved, 'en', 'Getting Started', '2020-01-01T00:00:00Z');
  const b = languageMetadata(layout, resolved, 'en', 'Getting Started, corrected', '2024-01-01T00:00:00Z');
  assert.equal(a.identifier, b.identifier);
  assert.notEqual(languageMetadata(layout, resolved, 'zh', '起步').identifier, a.identifier);
  assert.notEqual(languageMetadata(layout, { ...resolved, config: { name: 'other' } }, 'en', 'Getting Started').identifier, a.identifier);
});

async function makeFile(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, text);
}

test('in a repository git refuses as another user\'s ("dubious ownership"): the sources\' date, with a warning naming the safe.directory fix', async (t) => {
  if (process.getuid?.() !== 0) return t.skip('needs root, to give the repository to another user (chown)');
  const root = await makeBook(BOOK);
  const git = (args: string[]) =>
    execa('git', ['-c', 'user.name=T', '-c', 'user.email=t@example.com', ...args], { cwd: root, env: { GIT_COMMITTER_DATE: '2021-01-01T00:00:00Z' } });
  await git(['init', '-q']);
  await git(['add', '-A']);
  await git(['commit', '-qm', 'start']);
  for (const f of Object.keys(BOOK)) await utimes(join(root, f), 1_600_000_000, 1_600_000_000);
  const layout = await discoverBook(root);
  assert.deepEqual(await sourceDate(layout, {}), { iso: '2021-01-01T00:00:00Z', source: 'git' });
  await execa('chown', ['-R', 'nobody', root]);
  // git reads the environment this process gives it: no global or system configuration that might trust the directory.
  const saved = { global: process.env.GIT_CONFIG_GLOBAL, nosystem: process.env.GIT_CONFIG_NOSYSTEM };
  process.env.GIT_CONFIG_GLOBAL = join(root, '..', 'no-gitconfig');
  process.env.GIT_CONFIG_NOSYSTEM = '1';
  try {
    assert.deepEqual(await sourceDate(layout, {}), {
      iso: '2020-09-13T12:26:40Z',
      source: 'sources',
      warning: `git does not trust ${root} (another user owns it), so the build date is the newest chapter file's modification time, not the last commit's: if you trust it, run: git config --global --add safe.directory ${root}`,
    });
  } finally {
    for (const [key, value] of [
      ['GIT_CONFIG_GLOBAL', saved.global],
      ['GIT_CONFIG_NOSYSTEM', saved.nosystem],
    ] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
});
