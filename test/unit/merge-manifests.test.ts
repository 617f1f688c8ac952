// `progit-ebook index DIR --merge PATH... --shards N` (src/build/merge-manifests.ts): the CI merge
// job's manifests of sharded builds become one, read with the one manifest reader.
import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { execa } from 'execa';
import { shardOf } from '../../src/build/shard.js';
import { mergeManifests } from '../../src/build/merge-manifests.js';
import type { Manifest } from '../../src/catalog/manifest.js';
import { CLI, tempDir } from '../helpers.js';

const SHA = 'ab'.repeat(32);

function shardManifest(langs: string[], extra: Partial<Manifest> = {}): Manifest {
  return {
    tool: { name: 'progit-ebook', version: '1.2.3' },
    node: 'v20.0.0',
    calibre: '6.13.0',
    book: 'book',
    formats: ['html', 'epub'],
    artifacts: langs.flatMap((lang) =>
      ['epub', 'html'].map((format) => ({
        lang,
        format,
        file: `book.${lang}.${format}`,
        bytes: 10,
        sha256: SHA,
        ms: 1,
        waitMs: 0,
        status: 'built' as const,
        warnings: 0,
      })),
    ),
    languages: langs.map((lang) => ({ lang, ok: true, warnings: [], failures: [] })),
    index: null,
    ms: langs.length * 100,
    ...extra,
  };
}

async function writeShards(dir: string, shards: Manifest[]): Promise<void> {
  for (const [i, m] of shards.entries()) {
    await mkdir(join(dir, `manifest-shard-${i + 1}`), { recursive: true });
    await writeFile(join(dir, `manifest-shard-${i + 1}`, 'manifest.json'), JSON.stringify(m));
  }
}

test('merges shards: languages and files sorted, formats in order, the slowest shard time, each language its shard', () => {
  const merged = mergeManifests(
    [
      { path: 'b/manifest.json', manifest: shardManifest(['zh', 'en']) },
      { path: 'a/manifest.json', manifest: shardManifest([]) },
      { path: 'c/manifest.json', manifest: shardManifest(['ja'], { formats: ['html', 'epub', 'pdf'] }) },
    ],
    4,
  );
  assert.deepEqual(
    merged.languages.map((l) => l.lang),
    ['en', 'ja', 'zh'],
  );
  assert.deepEqual(
    merged.languages.map((l) => l.shard),
    ['en', 'ja', 'zh'].map((c) => shardOf(c, 4)),
  );
  assert.deepEqual(
    merged.artifacts.map((a) => a.file),
    ['book.en.html', 'book.en.epub', 'book.ja.html', 'book.ja.epub', 'book.zh.html', 'book.zh.epub'],
  );
  assert.equal(merged.artifacts[0]!.sha256, SHA, 'artifact fields carried through');
  assert.deepEqual(merged.formats, ['html', 'epub', 'pdf']);
  assert.equal(merged.ms, 200);
  assert.deepEqual(
    merged.shards?.map((s) => s.languages),
    [['zh', 'en'], [], ['ja']],
  );
  assert.equal(merged.calibre, '6.13.0');
  assert.equal(merged.index, null, "no shard's own page");
  assert.equal(mergeManifests([{ path: 'a', manifest: shardManifest(['en']) }]).languages[0]!.shard, undefined);
});

test('refuses overlapping shards, mixed tool versions and two books; warns on a different calibre', () => {
  assert.throws(
    () =>
      mergeManifests([
        { path: 'a', manifest: shardManifest(['en', 'zh']) },
        { path: 'b', manifest: shardManifest(['zh']) },
      ]),
    /language zh is in both a and b: the shards overlap/,
  );
  const sameFile = shardManifest(['ru']);
  sameFile.artifacts[0]!.file = 'book.en.epub';
  assert.throws(
    () =>
      mergeManifests([
        { path: 'a', manifest: shardManifest(['en']) },
        { path: 'b', manifest: sameFile },
      ]),
    /file book.en.epub is in both a and b/,
  );
  assert.throws(
    () =>
      mergeManifests([
        { path: 'a', manifest: shardManifest(['en']) },
        { path: 'b', manifest: shardManifest(['ru'], { tool: { name: 'progit-ebook', version: '9' } }) },
      ]),
    /b: built by progit-ebook 9, but a by progit-ebook 1.2.3/,
  );
  assert.throws(
    () =>
      mergeManifests([
        { path: 'a', manifest: shardManifest(['en']) },
        { path: 'b', manifest: shardManifest(['ru'], { book: 'other' }) },
      ]),
    /b: the book "other", but a: "book": one directory holds one book's ebooks/,
  );
  const warnings: string[] = [];
  const merged = mergeManifests(
    [
      { path: 'a', manifest: shardManifest(['en']) },
      { path: 'b', manifest: shardManifest(['ru'], { calibre: '7.0' }) },
    ],
    undefined,
    (w) => warnings.push(w),
  );
  assert.equal(merged.calibre, '6.13.0');
  assert.match(warnings.join('\n'), /b: calibre 7.0, but a: 6.13.0/);
});

test('the CLI: index DIR --merge finds manifests in artifact directories, merges them, then writes the page; exit codes 0/1/2 with one-line reasons', async () => {
  const dir = await tempDir();
  await writeShards(join(dir, 'in'), [shardManifest(['en']), shardManifest([]), shardManifest(['zh', 'ru'])]);
  const out = join(dir, 'merged');
  await mkdir(out);
  // The files themselves are not what the shards recorded: the page leaves them out, the merge is still written.
  for (const lang of ['en', 'zh', 'ru']) for (const format of ['html', 'epub']) await writeFile(join(out, `book.${lang}.${format}`), 'x');
  const run = (...args: string[]) => execa(process.execPath, [CLI, 'index', ...args], { reject: false, cwd: dir });
  const ok = await run(out, '--merge', join(dir, 'in'), '--shards', '3');
  assert.match(ok.stderr, /merged 3 languages and 6 files from 3 manifests into .*merged\/manifest\.json/);
  assert.match(ok.stderr, /book\.en\.html: changed since it was built/);
  assert.equal(ok.exitCode, 1, 'no file is what the shards built: nothing to index');
  const merged = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')) as Manifest;
  assert.deepEqual(
    merged.languages.map((l) => [l.lang, l.shard]),
    ['en', 'ru', 'zh'].map((c) => [c, shardOf(c, 3)]),
  );
  assert.deepEqual(
    merged.shards?.map((s) => s.manifest),
    [1, 2, 3].map((i) => join('in', `manifest-shard-${i}`, 'manifest.json')),
  );

  const none = await run(out, '--merge', join(dir, 'nothing-here'));
  assert.equal(none.exitCode, 1);
  assert.match(none.stderr, /error: no manifest.json in .*nothing-here: the builds wrote none/);

  await writeFile(join(dir, 'in', 'manifest-shard-2', 'manifest.json'), '{"tool": {}}');
  const bad = await run(out, '--merge', join(dir, 'in'));
  assert.equal(bad.exitCode, 1);
  assert.match(bad.stderr, /manifest-shard-2\/manifest.json: error: not a progit-ebook manifest: its tool is \{\}/);
  assert.doesNotMatch(bad.stderr, /\n\s+at /);

  for (const args of [
    [out, '--shards', '3'],
    [out, '--merge', join(dir, 'in'), '--shards', '0'],
    [out, '--merge'],
  ]) {
    const usage = await run(...args);
    assert.equal(usage.exitCode, 2, `${args.join(' ')}: ${usage.stderr}`);
  }
});
