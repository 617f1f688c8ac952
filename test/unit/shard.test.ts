// `build --shard K/N`: a partition of the languages that does not move when languages come and go.
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { test } from 'node:test';
import { execa } from 'execa';
import fc from 'fast-check';
import { build } from '../../src/index.js';
import { languagesOfShard, parseShard, shardOf } from '../../src/build/shard.js';
import { CLI, makeBook, tempDir, UPSTREAM_LANGUAGES } from '../helpers.js';

const UPSTREAM = UPSTREAM_LANGUAGES;
const code = fc.stringMatching(/^[a-z]{2,3}(-[a-z0-9]{2,8})?$/);
const codes = fc.uniqueArray(code, { maxLength: 60 });
const total = fc.integer({ min: 1, max: 12 });
const langs = (list: string[]) => list.map((c) => ({ code: c }));
const shardsOf = (list: string[], n: number) =>
  Array.from({ length: n }, (_, i) => languagesOfShard(langs(list), { index: i + 1, total: n }).map((l) => l.code));

test('the N shards partition any language list: every language in exactly one, order kept', () => {
  fc.assert(
    fc.property(codes, total, (list, n) => {
      const shards = shardsOf(list, n);
      const all = shards.flat();
      assert.equal(all.length, list.length);
      assert.deepEqual([...all].sort(), [...list].sort());
      for (const shard of shards)
        assert.deepEqual(
          shard,
          list.filter((c) => shard.includes(c)),
        );
    }),
    { numRuns: 500 },
  );
});

test('stable: a language stays in its shard when others are added, removed or reordered', () => {
  fc.assert(
    fc.property(codes, codes, total, (list, others, n) => {
      const before = new Map(shardsOf(list, n).flatMap((s, i) => s.map((c) => [c, i + 1] as const)));
      const changed = [
        ...others,
        ...list
          .slice()
          .reverse()
          .filter((_, i) => i % 3 !== 0),
      ];
      const after = new Map(shardsOf([...new Set(changed)], n).flatMap((s, i) => s.map((c) => [c, i + 1] as const)));
      for (const [c, shard] of after) if (before.has(c)) assert.equal(shard, before.get(c), c);
    }),
    { numRuns: 300 },
  );
});

test('the rule is FNV-1a 32 of the code, mod N, plus 1: fixed values, and 1/1 is everything', () => {
  // Pinned so that a change of rule, which would move every artifact between CI jobs, is noticed.
  assert.equal(shardOf('', 4), (0x811c9dc5 % 4) + 1);
  assert.equal(shardOf('a', 1000), (0xe40c292c % 1000) + 1);
  assert.equal(shardOf('foobar', 1000), (0xbf9cf968 % 1000) + 1);
  assert.deepEqual(shardsOf(UPSTREAM, 1), [UPSTREAM]);
  // The spread the comment in shard.ts quotes for the upstream codes over 4 shards.
  assert.deepEqual(
    shardsOf(UPSTREAM, 4)
      .map((s) => s.length)
      .sort((a, b) => a - b),
    [6, 7, 10, 10],
  );
});

test('parseShard: K/N with 1 <= K <= N; anything else says what is expected', () => {
  assert.deepEqual(parseShard('2/4'), { index: 2, total: 4 });
  assert.deepEqual(parseShard(' 1 / 1 '), { index: 1, total: 1 });
  for (const bad of ['0/2', '3/2', 'x/y', '1/0', '2', '', '1/2/3', '-1/2', '1.5/2', '2/4x']) {
    assert.throws(() => parseShard(bad), /K\/N/, bad);
  }
  assert.throws(() => languagesOfShard(langs(['en']), { index: 5, total: 4 }), /shard 5\/4: the shard number must be a whole number from 1 to 4/);
});

test('CLI: a bad --shard is a usage error (exit 2) naming the option and the expected form', async () => {
  const book = await makeBook({ 'en/01-a/01.markdown': '# A\n\nText.\n' });
  for (const bad of ['0/2', '3/2', 'x/y']) {
    const run = await execa(process.execPath, [CLI, 'build', book, '--format', 'html', '--shard', bad, '--out', await tempDir()], { reject: false });
    assert.equal(run.exitCode, 2, bad);
    assert.match(run.stderr, new RegExp(`option '--shard <K/N>' argument '${bad}' is invalid\\..*K/N`), bad);
    assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace');
  }
});

test('CLI: each shard builds its languages only; an empty shard exits 0 with a note and writes no ebook', async () => {
  const codesHere = ['en', 'zh', 'ru'];
  const book = await makeBook(Object.fromEntries(codesHere.map((c) => [`${c}/01-a/01.markdown`, `# ${c}\n\nText.\n`])));
  const n = 4;
  const seen: string[] = [];
  let empty = 0;
  for (let k = 1; k <= n; k++) {
    const out = await tempDir();
    const run = await execa(process.execPath, [CLI, 'build', book, '--format', 'html', '--shard', `${k}/${n}`, '--out', out, '--json'], { reject: false });
    assert.equal(run.exitCode, 0, run.stderr);
    const built = (JSON.parse(run.stdout) as { languages: { lang: string }[] }).languages.map((l) => l.lang);
    assert.deepEqual(
      built,
      codesHere.filter((c) => shardOf(c, n) === k),
    );
    const files = (await readdir(out)).filter((f) => f.endsWith('.html') && f !== 'index.html');
    assert.equal(files.length, built.length);
    if (built.length === 0) empty++;
    // Nothing to list, so no index page either.
    if (built.length === 0) assert.ok(!(await readdir(out)).includes('index.html'));
    if (built.length === 0)
      assert.match(run.stderr, new RegExp(`note: shard ${k}/${n} holds none of the 3 selected languages \\(en -> 3, ru -> 1, zh -> 4\\); nothing to build`));
    if (built.length === 0) {
      // Said even with --quiet, so a CI job that uploads nothing says why.
      const quiet = await execa(process.execPath, [CLI, 'build', book, '--format', 'html', '--shard', `${k}/${n}`, '--out', out, '--quiet'], { reject: false });
      assert.equal(quiet.exitCode, 0, quiet.stderr);
      assert.match(quiet.stderr, /note: shard \d\/4 holds none/);
    }
    seen.push(...built);
  }
  assert.deepEqual(seen.sort(), [...codesHere].sort());
  assert.ok(empty >= 1, 'three languages over four shards leave at least one empty');
});

test('API: shard applies after --lang, and a bad shard is a UserError with exit code 2', async () => {
  const book = await makeBook({ 'en/01-a/01.markdown': '# A\n\nText.\n', 'zh/01-a/01.markdown': '# 甲\n\n文。\n' });
  const k = shardOf('zh', 2);
  const report = await build({ book, out: await tempDir(), formats: ['html'], languages: ['zh'], shard: { index: k, total: 2 } });
  assert.deepEqual(
    report.languages.map((l) => l.lang),
    ['zh'],
  );
  await assert.rejects(
    build({ book, out: await tempDir(), formats: ['html'], shard: { index: 0, total: 2 } }),
    (err: Error & { exitCode?: number }) => err.exitCode === 2 && /shard 0\/2/.test(err.message),
  );
});
