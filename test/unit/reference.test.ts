// resolveReference is the one owner of the reference language: its default and its usage error,
// for status (and --diff, --carry), check, the build's completeness and currency, and the index page.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { execa } from 'execa';
import { DEFAULT_REFERENCE, resolveReference } from '../../src/layout/reference.js';
import type { LanguageSource } from '../../src/model/book.js';
import type { UserError } from '../../src/util/diagnostics.js';
import { check } from '../../src/check/check.js';
import { status } from '../../src/status/status.js';
import { statusDiff } from '../../src/status/diff.js';
import { CLI, makeBook } from '../helpers.js';

const language = (code: string): LanguageSource => ({ code, dir: `/book/${code}`, chapters: [], problems: [] });
const book = [language('de'), language('en'), language('zh')];

/** The usage error `run` throws: exit code 2, rule `usage`, and its message. */
function usageError(run: () => unknown): string {
  try {
    run();
  } catch (err) {
    const e = err as UserError;
    assert.equal(e.exitCode, 2);
    assert.equal(e.diagnostic.rule, 'usage');
    return e.diagnostic.message;
  }
  assert.fail('no error');
}

test('the default reference is en, and a named one is taken as named', () => {
  assert.equal(DEFAULT_REFERENCE, 'en');
  assert.equal(resolveReference(book, undefined), book[1]);
  assert.equal(resolveReference(book, 'zh'), book[2]);
  assert.equal(resolveReference(book, undefined, 'optional'), book[1]);
  assert.equal(resolveReference(book, 'de', 'optional'), book[0]);
});

test('an unknown reference is one usage error naming the languages the book has', () => {
  assert.equal(
    usageError(() => resolveReference(book, 'xx')),
    'unknown reference language: xx; available: de, en, zh',
  );
  // Optional is about the default only: a named language must be there.
  assert.equal(
    usageError(() => resolveReference(book, 'xx', 'optional')),
    'unknown reference language: xx; available: de, en, zh',
  );
  const noEnglish = [language('ja'), language('ru')];
  assert.equal(
    usageError(() => resolveReference(noEnglish, undefined)),
    'unknown reference language: en (the default); available: ja, ru',
  );
  assert.equal(resolveReference(noEnglish, undefined, 'optional'), undefined);
  assert.equal(
    usageError(() => resolveReference([], 'en')),
    'unknown reference language: en; available: none',
  );
});

test('status, status --diff and check give the same error for an unknown reference; check without one needs no en', async () => {
  const root = await makeBook({ 'ja/01-a/01.markdown': '# A\n', 'ru/01-a/01.markdown': '# Б\n' });
  const message = (expected: string) => (err: UserError) => err.exitCode === 2 && err.diagnostic.message === expected;
  const unknown = message('unknown reference language: xx; available: ja, ru');
  await assert.rejects(status({ book: root, reference: 'xx' }), unknown);
  await assert.rejects(statusDiff({ book: root, reference: 'xx', lang: 'ru', chapter: 1 }), unknown);
  await assert.rejects(check({ book: root, reference: 'xx' }), unknown);
  await assert.rejects(status({ book: root }), message('unknown reference language: en (the default); available: ja, ru'));
  assert.equal((await check({ book: root })).ok, true);
  assert.equal((await status({ book: root, reference: 'ja' })).reference, 'ja');
  // The CLI applies no default of its own (the API does), and its help still names it.
  const cli = await execa(process.execPath, [CLI, 'status', root], { reject: false });
  assert.equal(cli.exitCode, 2);
  assert.match(cli.stderr, /unknown reference language: en \(the default\); available: ja, ru/);
  for (const command of ['status', 'check']) {
    const help = await execa(process.execPath, [CLI, command, '--help']);
    assert.match(help.stdout, /--reference <lang> +[^]*?\(default: "en"\)/);
  }
});
