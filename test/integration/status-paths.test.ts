// The history parser (src/status/history-parse.ts) on what real git writes for paths holding any
// byte git allows (everything but NUL and `/`): record and unit separators, newlines, tabs,
// invalid UTF-8, and names built to look like a commit's header. The repositories are made with
// git's plumbing (update-index, write-tree, commit-tree), so no file system limits which names
// can be committed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { execa } from 'execa';
import { chapterNumberOf } from '../../src/layout/discover.js';
import { namedRefs } from '../../src/sync/history-parse.js';
import { readHistory } from '../../src/sync/history.js';
import { status } from '../../src/status/status.js';
import { gitBook, gitSkip } from '../git-book.js';
import { tempDir } from '../helpers.js';

const skip = await gitSkip();
if (skip) console.log(`# skipping the history path tests: ${skip}`);

const H = 'a'.repeat(40);
/** A name that a parser splitting on 0x1E alone would read as a commit of its own. */
const FORGED = `\x1e${H}\x1f1600000000 2020-09-13T12:26:40+00:00\x1fforged\x1f`;

test('names holding 0x1E, 0x01 or a forged header beside a chapter: status reads the history as git wrote it', { skip }, async () => {
  const book = await gitBook();
  await book.commit(
    'Start',
    { 'en/01-a/a.md': '# A #\n\nOne.\n', 'ja/01-a/a.md': '# A #\n\n一。\n', '\x01first': '1', '\x1eevil': '2', 'en/01-a/\x1eevil.png': 'x' },
    '2020-01-01T00:00:00+00:00',
  );
  await book.commit('Fix en', { 'en/01-a/a.md': '# A #\n\nOne!\n', [FORGED]: 'x', [`${FORGED}2`]: 'y' }, '2020-02-01T00:00:00+00:00');
  const report = await status({ book: book.dir });
  assert.ok(report.history.available, JSON.stringify(report.history));
  assert.equal(report.history.commits, 2);
  const ja = report.languages.find((l) => l.lang === 'ja')!;
  assert.deepEqual(
    ja.sync?.map((c) => [c.chapter, c.pending.map((p) => p.subject)]),
    [[1, ['Fix en']]],
  );
});

/** One path component: any bytes but NUL and `/`; never `.`, `..` or `.git`, which git refuses. */
const component = fc
  .oneof(
    fc.uint8Array({ minLength: 1, maxLength: 10 }).map((b): Buffer => Buffer.from(b.map((x) => (x === 0 || x === 0x2f ? 0x1e : x)))),
    fc.constantFrom(
      ...['\x1e', '\x1f', '\n', '\n\n', '\t', '1\t2\tja', '\x1eevil', '\x01first', FORGED, '\xff\xfe', '01-\x1e'].map((s) => Buffer.from(s, 'latin1')),
    ),
    fc.constantFrom(...['é', '日本', '02-git basics ü'].map((s) => Buffer.from(s, 'utf8'))),
  )
  .filter((b) => !['.', '..', '.git'].includes(b.toString('latin1').toLowerCase()));

/** A path: maybe a language (en, ja or any), maybe a chapter directory, then a file. Files end in `~f`, directories never do, so no name is both. */
const path = fc
  .tuple(
    fc.option(fc.oneof(fc.constantFrom(Buffer.from('en'), Buffer.from('ja')), component), { nil: undefined }),
    fc.option(
      fc.oneof(
        component.map((c) => Buffer.concat([Buffer.from('0'), c])),
        component,
      ),
      { nil: undefined },
    ),
    component,
  )
  .map(([lang, dir, file]) => {
    const dirs = [lang, dir].flatMap((d) => (d === undefined || d.toString('latin1').endsWith('~f') ? [] : [d]));
    return Buffer.concat([...dirs.flatMap((d) => [d, Buffer.from('/')]), file, Buffer.from('~f')]);
  });

const message = fc.string({ unit: fc.constantFrom('a', 'f', '0', '7', ' ', '\n', '\x1e', '\x1f', '\t', 'é'), maxLength: 30 });

const history = fc.array(fc.record({ files: fc.uniqueArray(path, { minLength: 1, maxLength: 5, selector: (b) => b.toString('hex') }), message }), {
  minLength: 1,
  maxLength: 4,
});

interface Expected {
  langs: string[];
  chapters: string[];
}

/** What the parser should make of one commit's paths, decoded as it decodes them (UTF-8, invalid bytes replaced). */
function expected(paths: Buffer[]): Expected {
  const langs = new Set<string>();
  const chapters = new Set<string>();
  for (const p of paths) {
    const [lang = '', dir = '', ...rest] = p.toString('utf8').split('/');
    langs.add(lang);
    const chapter = rest.length > 0 ? chapterNumberOf(dir) : undefined;
    if (chapter !== undefined) chapters.add(JSON.stringify([lang, chapter, dir]));
  }
  return { langs: [...langs].sort(), chapters: [...chapters].sort() };
}

async function commitAll(dir: string, commits: { files: Buffer[]; message: string }[]): Promise<string[]> {
  const git = (args: string[], input?: Buffer | string, date = '2020-01-01T00:00:00+00:00') =>
    execa('git', ['-c', 'core.protectNTFS=false', '-c', 'core.protectHFS=false', ...args], {
      cwd: dir,
      input,
      env: {
        GIT_AUTHOR_NAME: 'T',
        GIT_AUTHOR_EMAIL: 't@example.com',
        GIT_COMMITTER_NAME: 'T',
        GIT_COMMITTER_EMAIL: 't@example.com',
        GIT_AUTHOR_DATE: date,
        GIT_COMMITTER_DATE: date,
      },
    });
  await git(['init', '-q', '-b', 'main']);
  const hashes: string[] = [];
  for (const [i, c] of commits.entries()) {
    const blob = (await git(['hash-object', '-w', '--stdin'], `commit ${i}\n`)).stdout;
    const info = Buffer.concat(c.files.flatMap((f) => [Buffer.from(`100644 ${blob}\t`), f, Buffer.from([0])]));
    await git(['update-index', '-z', '--index-info'], info);
    const tree = (await git(['write-tree'])).stdout;
    const date = `2020-01-0${i + 1}T00:00:00+00:00`;
    const parent = hashes.length > 0 ? ['-p', hashes.at(-1)!] : [];
    hashes.push((await git(['commit-tree', tree, ...parent, '-m', c.message || 'empty'], undefined, date)).stdout);
  }
  await git(['update-ref', 'HEAD', hashes.at(-1)!]);
  return hashes;
}

test('fuzz: any bytes in any path of any commit: every commit, its languages and chapters, its line counts, as git wrote them', { skip }, async () => {
  await fc.assert(
    fc.asyncProperty(history, async (commits) => {
      const dir = await tempDir();
      const hashes = await commitAll(dir, commits);
      const read = await readHistory(dir, 'en');
      assert.ok('history' in read, JSON.stringify(read));
      const got = read.history.commits;
      assert.deepEqual(
        got.map((c) => c.hash),
        [...hashes].reverse(),
      );
      const seen = new Set<string>();
      commits.forEach((c, i) => {
        const commit = got[got.length - 1 - i]!;
        const want = expected(c.files);
        assert.deepEqual(
          { langs: [...commit.langs].sort(), chapters: commit.chapters.map((ch) => JSON.stringify([ch.lang, ch.chapter, ch.dir])).sort() },
          want,
        );
        assert.deepEqual(commit.refs, namedRefs(c.message || 'empty'));
        // The reference's walk: one line added per file, one deleted per file that was there before.
        const lines = new Map<string, { added: number; deleted: number }>();
        for (const f of c.files) {
          const [lang = '', d = '', ...rest] = f.toString('utf8').split('/');
          const chapter = rest.length > 0 ? chapterNumberOf(d) : undefined;
          if (lang === 'en' && chapter !== undefined) {
            const l = lines.get(d) ?? { added: 0, deleted: 0 };
            lines.set(d, { added: l.added + 1, deleted: l.deleted + (seen.has(f.toString('hex')) ? 1 : 0) });
          }
        }
        for (const f of c.files) seen.add(f.toString('hex'));
        const counted = read.history.referenceLines.get(commit.hash) ?? [];
        assert.deepEqual(counted.map((ch) => [ch.dir, ch.lines]).sort(), [...lines].sort());
      });
    }),
    { numRuns: 40 },
  );
});
