// The rule for "pending" (src/status/pending.ts) on histories written out commit by commit:
// both ways a translation catches up (ancestry, a named hash), every message form translators use,
// merges and side branches, renamed chapters, and hashes that name nothing or several commits.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import type { BookHistory } from '../../src/sync/history.js';
import { namedRefs, type HistoryCommit } from '../../src/sync/history-parse.js';
import { SyncIndex } from '../../src/sync/pending.js';
import { languageSync } from '../../src/sync/sync.js';

interface Spec {
  id: string;
  /** Parent ids; default: the commit written before it (none for the first). */
  parents?: string[];
  /** Files changed, `lang/chapter-dir/file`; a merge lists none. */
  files?: string[];
  /** The message; `{id}` is replaced by that commit's hash cut to 7 digits, `{id:10}` to 10. */
  msg?: string;
  hash?: string;
}

const hashOf = (id: string) => createHash('sha1').update(id).digest('hex');

/** A history from commits listed oldest first, returned as git lists it (newest first). */
function history(specs: Spec[]): BookHistory {
  const hashes = new Map(specs.map((s) => [s.id, s.hash ?? hashOf(s.id)]));
  const commits = specs.map((s, i): HistoryCommit => {
    const message = (s.msg ?? s.id).replace(/\{([\w-]+)(?::(\d+))?\}/g, (_, id: string, n?: string) => hashes.get(id)!.slice(0, Number(n ?? 7)));
    const files = s.files ?? [];
    return {
      hash: hashes.get(s.id)!,
      parents: (s.parents ?? (i > 0 ? [specs[i - 1]!.id] : [])).map((p) => hashes.get(p)!),
      seconds: 1_600_000_000 + i * 60,
      iso: new Date((1_600_000_000 + i * 60) * 1000).toISOString().replace('.000Z', '+00:00'),
      subject: message.split('\n')[0]!,
      refs: namedRefs(message),
      langs: [...new Set(files.map((f) => f.split('/')[0]!))],
      chapters: files.map((f) => {
        const [lang, dir] = f.split('/') as [string, string];
        return { lang, chapter: Number.parseInt(dir, 10), dir };
      }),
    };
  });
  // What the --numstat walk of the reference gives: every change to it, 2 lines added and 1 deleted.
  const referenceLines = new Map(
    commits.map((c) => [c.hash, c.chapters.filter((ch) => ch.lang === 'en').map((ch) => ({ ...ch, lines: { added: 2, deleted: 1 } }))]),
  );
  return { commits: commits.reverse(), referenceLines };
}

const pendingIds = (h: BookHistory, lang: string, chapter: number, specs: Spec[]) => {
  const byHash = new Map(specs.map((s) => [s.hash ?? hashOf(s.id), s.id]));
  return new SyncIndex(h, 'en').chapterSync(lang, chapter).pending.map((p) => byHash.get(p.commit));
};

test('rule 1: a reference change is pending until the translation is changed after it (in ancestry, not by date)', () => {
  const specs: Spec[] = [
    { id: 'en1', files: ['en/01-intro/a.md', 'en/02-basics/a.md'] },
    { id: 'ja1', files: ['ja/01-intro/a.md', 'ja/02-basics/a.md'] },
    { id: 'en2', files: ['en/01-intro/a.md'] },
    { id: 'en3', files: ['en/02-basics/a.md'] },
    { id: 'ja2', files: ['ja/02-basics/a.md'] },
    { id: 'en4', files: ['en/02-basics/a.md'] },
  ];
  const h = history(specs);
  assert.deepEqual(pendingIds(h, 'ja', 1, specs), ['en2']);
  assert.deepEqual(pendingIds(h, 'ja', 2, specs), ['en4']);
  const sync = new SyncIndex(h, 'en').chapterSync('ja', 2);
  assert.equal(sync.since, h.commits.find((c) => c.hash === hashOf('ja2'))!.iso);
  assert.deepEqual(
    sync.pending.map((p) => [p.subject, p.added, p.deleted]),
    [['en4', 2, 1]],
  );
});

test('a commit that changes the reference and the translation together is seen; a chapter never committed has everything pending', () => {
  const specs: Spec[] = [
    { id: 'en1', files: ['en/01-intro/a.md'] },
    { id: 'both', files: ['en/01-intro/a.md', 'ru/01-intro/a.md'] },
    { id: 'en2', files: ['en/02-basics/a.md'] },
  ];
  const h = history(specs);
  assert.deepEqual(pendingIds(h, 'ru', 1, specs), []);
  const untouched = new SyncIndex(h, 'en').chapterSync('ru', 2);
  assert.equal(untouched.since, null);
  assert.deepEqual(pendingIds(h, 'ru', 2, specs), ['en2']);
});

test('side branches and merges: only ancestry counts; merges change no chapter', () => {
  // main: en1 - ja1 ------------ M(ja1, en-side) - ja3
  // side:    \- en-side (off en1)
  // ja2 on a branch off ja1 that merged main (with en-main) before changing ja.
  const specs: Spec[] = [
    { id: 'en1', files: ['en/01-intro/a.md'] },
    { id: 'ja1', files: ['ja/01-intro/a.md'] },
    { id: 'en-side', parents: ['en1'], files: ['en/01-intro/a.md'] },
    { id: 'merge', parents: ['ja1', 'en-side'] },
    { id: 'en-main', parents: ['merge'], files: ['en/01-intro/b.md'] },
  ];
  const h = history(specs);
  // en-side came in through a merge after ja1: ja's chapter has not seen it, nor en-main.
  assert.deepEqual(pendingIds(h, 'ja', 1, specs), ['en-side', 'en-main']);
  const caughtUp = history([
    ...specs,
    { id: 'ja-branch', parents: ['ja1'], files: ['ja/01-intro/x.md'] },
    { id: 'ja-merge', parents: ['ja-branch', 'en-main'] },
  ]);
  // A merge lists no files: merging the reference in does not catch a translation up.
  assert.deepEqual(pendingIds(caughtUp, 'ja', 1, specs), ['en-side', 'en-main']);
  const after = history([...specs, { id: 'ja-merge', parents: ['merge', 'en-main'] }, { id: 'ja3', parents: ['ja-merge'], files: ['ja/01-intro/a.md'] }]);
  assert.deepEqual(pendingIds(after, 'ja', 1, specs), []);
});

test('rule 2: a translation commit naming a reference commit by hash, in every way translators write it', () => {
  const forms = [
    'Apply {c}',
    'Apply {c} to ja tree',
    '[fr] Sync with {c:8}',
    '[nl] - Synchronized with {c:8}',
    '[ru] chapter 1: Incorporate changes from commits {other} and {c}',
    'backport {c}',
    'Translated.\n\nThis follows {c:40} of the English text.',
    'Sync (see {c:12}).',
  ];
  for (const form of forms) {
    // The translation was committed on a branch off en1, so only the named hash can clear c.
    const specs: Spec[] = [
      { id: 'en1', files: ['en/01-intro/a.md'] },
      { id: 'c', files: ['en/01-intro/a.md'] },
      { id: 'other', files: ['en/01-intro/b.md'] },
      { id: 'later', files: ['en/01-intro/c.md'] },
      { id: 'tr', parents: ['en1'], files: ['xx/01-intro/a.md'], msg: form },
    ];
    const h = history(specs);
    const expected = form.includes('{other}') ? ['later'] : ['other', 'later'];
    assert.deepEqual(pendingIds(h, 'xx', 1, specs), expected, form);
  }
});

test('a named hash clears only the chapter its commit changed; one named from another chapter changes nothing here', () => {
  const specs: Spec[] = [
    { id: 'en1', files: ['en/01-intro/a.md', 'en/02-basics/a.md'] },
    { id: 'both', files: ['en/01-intro/a.md', 'en/02-basics/a.md'] },
    { id: 'ja1', parents: ['en1'], files: ['ja/01-intro/a.md'], msg: 'Apply {both}' },
    { id: 'ja2', parents: ['ja1'], files: ['ja/02-basics/a.md'] },
  ];
  const h = history(specs);
  assert.deepEqual(pendingIds(h, 'ja', 1, specs), []);
  assert.deepEqual(pendingIds(h, 'ja', 2, specs), ['both']);
});

test('hashes that name no reference commit, or several, are ignored and counted', () => {
  const twin1 = 'abcdef1' + '1'.repeat(33);
  const twin2 = 'abcdef1' + '2'.repeat(33);
  const specs: Spec[] = [
    { id: 'en1', files: ['en/01-intro/a.md'], hash: twin1 },
    { id: 'en2', files: ['en/01-intro/a.md'], hash: twin2 },
    { id: 'jaonly', parents: [], files: ['ja/09-x/a.md'] },
    { id: 'ja1', parents: ['jaonly'], files: ['ja/01-intro/a.md'], msg: 'Sync with abcdef1, 1234567 and {jaonly} (not the reference), and abcdef12' },
  ];
  const h = history(specs);
  const index = new SyncIndex(h, 'en');
  // abcdef1 is the prefix of two reference commits, 1234567 of none, jaonly changed no reference;
  // abcdef12 is unique and clears en2.
  assert.equal(index.resolve('abcdef1'), undefined);
  assert.equal(index.resolve('abcdef12'), twin2);
  const sync = index.chapterSync('ja', 1);
  assert.equal(sync.unresolvedRefs, 3);
  assert.deepEqual(pendingIds(h, 'ja', 1, specs), ['en1']);
  assert.equal(languageSync(index, 'ja', [1]).summary.unresolvedRefs, 3);
});

test('hex runs: 7 to 64 hex digits standing alone (a SHA-256 hash whole); shorter or longer runs and runs inside words are not hashes', () => {
  const sha256 = 'ab'.repeat(32);
  assert.deepEqual(namedRefs(`Sync with ${sha256}.`), [sha256]);
  assert.deepEqual(namedRefs(`Not a hash: ${sha256}c`), []);
  assert.deepEqual(namedRefs('Apply 7092f29 to ja tree; see c418e2ea, 716e192..aa83065.'), ['7092f29', 'c418e2ea', '716e192', 'aa83065']);
  assert.deepEqual(namedRefs('v1.2.3 abc123 x7092f29 7092f29x 2024-01-01 #123456789a'), ['123456789a']);
  assert.deepEqual(namedRefs('Sync with C418E2EA'), ['c418e2ea']);
});

test('a renamed chapter directory is followed by its number', () => {
  const specs: Spec[] = [
    { id: 'en1', files: ['en/02-basics/a.md'] },
    { id: 'pl1', files: ['pl/02-podstawy/a.md'] },
    { id: 'rename', files: ['en/02-basics/a.md', 'en/02-git-basics/a.md'] },
    { id: 'en2', files: ['en/02-git-basics/a.md'] },
  ];
  const h = history(specs);
  assert.deepEqual(pendingIds(h, 'pl', 2, specs), ['rename', 'en2']);
  assert.deepEqual(new SyncIndex(h, 'en').referenceDirs(2), ['02-basics', '02-git-basics']);
});

test('a language added after the reference last changed has nothing pending; the summary counts distinct commits', () => {
  const specs: Spec[] = [
    { id: 'en1', files: ['en/01-intro/a.md', 'en/02-basics/a.md'] },
    { id: 'en2', files: ['en/01-intro/a.md', 'en/02-basics/a.md'] },
    { id: 'uk1', files: ['uk/01-intro/a.md'] },
  ];
  const h = history(specs);
  const index = new SyncIndex(h, 'en');
  assert.deepEqual(languageSync(index, 'uk', [1]).summary, { behindChapters: 0, pendingCommits: 0, added: 0, deleted: 0, oldest: null, unresolvedRefs: 0 });
  // A language with both chapters never committed: two chapters behind, two distinct commits, lines of both chapters.
  const ko = languageSync(index, 'ko', [1, 2]).summary;
  assert.deepEqual(
    { ...ko, oldest: ko.oldest === h.commits.find((c) => c.subject === 'en1')!.iso },
    { behindChapters: 2, pendingCommits: 2, added: 8, deleted: 4, oldest: true, unresolvedRefs: 0 },
  );
});
