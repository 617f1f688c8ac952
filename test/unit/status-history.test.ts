// The parser of `git log -z --numstat` (src/status/history-parse.ts): commits and their changes by
// language and chapter, however the stream is cut into chunks.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LogParser, type FileList, type HistoryCommit } from '../../src/sync/history-parse.js';

const H1 = 'a'.repeat(40);
const H2 = 'b'.repeat(40);
const H3 = 'c'.repeat(40);
// As git writes it: a merge (no files), a commit with a binary figure, a path with spaces and
// non-ASCII letters, a top-level file; then a root commit whose message names a hash.
const STREAM =
  `\0\x1e${H1} ${H2} ${H3}\x1f1600000200 2020-09-13T12:30:00+00:00\x1fMerge branch 'ja'\n\x1f\0` +
  `\0\x1e${H2} ${H3}\x1f1600000100 2020-09-13T14:28:20+02:00\x1fFix chapter 2\n\nLonger text.\n\x1f\0` +
  `\n3\t1\ten/02-git basics ü/01-chapter2.markdown\0-\t-\ten/02-git basics ü/fig.png\0` +
  `1\t0\tja/figures/x.png\x001\t1\tREADME.md\0` +
  `\0\x1e${H3}\x1f1600000000 2020-09-13T12:26:40+00:00\x1f[ja] Sync with 7092f29\n\x1f\0\n2\t2\tja/01-intro/a.md\0`;

function parse(chunks: string[], list: FileList = 'numstat'): HistoryCommit[] {
  const commits: HistoryCommit[] = [];
  const parser = new LogParser(list, (c) => commits.push(c));
  for (const chunk of chunks) parser.push(chunk);
  parser.end();
  return commits;
}

test('commits, parents, dates, subjects, named hashes and changes grouped by language and chapter', () => {
  const [merge, fix, root] = parse([STREAM]);
  assert.deepEqual(merge, {
    hash: H1,
    parents: [H2, H3],
    seconds: 1600000200,
    iso: '2020-09-13T12:30:00+00:00',
    subject: "Merge branch 'ja'",
    refs: [],
    langs: [],
    chapters: [],
  });
  assert.deepEqual(fix!.chapters, [{ lang: 'en', chapter: 2, dir: '02-git basics ü', lines: { added: 3, deleted: 1 } }]);
  assert.deepEqual(fix!.langs, ['en', 'ja', 'README.md']);
  assert.equal(fix!.subject, 'Fix chapter 2');
  assert.equal(fix!.iso, '2020-09-13T14:28:20+02:00');
  assert.deepEqual(root!.parents, []);
  assert.deepEqual(root!.refs, ['7092f29']);
  assert.deepEqual(root!.chapters, [{ lang: 'ja', chapter: 1, dir: '01-intro', lines: { added: 2, deleted: 2 } }]);
});

test('--name-only streams: the same commits and chapters, without line counts', () => {
  const names = STREAM.replace(/(\0\n?)(?:-|\d+)\t(?:-|\d+)\t/g, '$1');
  const [merge, fix, root] = parse([names], 'names');
  assert.deepEqual(merge!.chapters, []);
  assert.deepEqual(fix!.chapters, [{ lang: 'en', chapter: 2, dir: '02-git basics ü' }]);
  assert.deepEqual(fix!.langs, ['en', 'ja', 'README.md']);
  assert.deepEqual(root!.chapters, [{ lang: 'ja', chapter: 1, dir: '01-intro' }]);
});

test('the same commits however the stream is cut into chunks', () => {
  const whole = parse([STREAM]);
  for (let cut = 1; cut < STREAM.length; cut++) assert.deepEqual(parse([STREAM.slice(0, cut), STREAM.slice(cut)]), whole, `cut at ${cut}`);
  assert.deepEqual(parse([...STREAM]), whole);
});

test('output it cannot read is an error of this tool, not silence', () => {
  assert.throws(() => parse(['1\t2\ten/01-a/x.md\0']), /a file before any commit/);
  assert.throws(() => parse([`\0\x1e${H1}\x1f1 x\x1fm\x1f\0\ngarbage\0`]), /unexpected file line/);
  assert.throws(() => parse([`\0\x1e${H1}\x1f1 x\x1fm\x1f\0no newline before the first file\0`]), /unexpected file line/);
  assert.throws(() => parse(['\0\x1enot-a-hash\x1f1 x\x1fm\x1f\0']), /unexpected record/);
  assert.throws(() => parse([`\0${H1}\x1f1 x\x1fm\x1f\0`]), /unexpected record/);
  assert.throws(() => parse([`\0\x1e${H1}\x1f1 x\x1fm\x1f\0\n1\t1\ten/01-a/x.md`]), /ends inside a record/);
  assert.throws(() => parse([`\0\x1e${H1}\x1f1 x\x1fm\x1f\0\0`]), /ends before a header/);
});
