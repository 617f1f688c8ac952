// scripts/merge-manifests.ts: the CI merge job's manifests of sharded builds become one.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { execa } from 'execa';
import { shardOf } from '../../src/build/shard.js';
import { main, mergeManifests, type ShardManifest } from '../../scripts/merge-manifests.js';
import { REPO_ROOT, tempDir } from '../helpers.js';

const SCRIPT = join(REPO_ROOT, 'build', 'scripts', 'merge-manifests.js');

function shardManifest(langs: string[], extra: Partial<ShardManifest> = {}): ShardManifest {
  return {
    tool: { name: 'progit-ebook', version: '1.2.3' },
    node: 'v20.0.0',
    calibre: '6.13.0',
    formats: ['html', 'epub'],
    artifacts: langs.flatMap((lang) =>
      ['epub', 'html'].map((format) => ({ lang, format, file: `book.${lang}.${format}`, bytes: 10, sha256: 'x', ms: 1, status: 'built', warnings: 0 })),
    ),
    languages: langs.map((lang) => ({ lang, ok: true, warnings: [], failures: [] })),
    ms: langs.length * 100,
    ...extra,
  };
}

async function writeShards(dir: string, shards: ShardManifest[]): Promise<void> {
  for (const [i, m] of shards.entries()) {
    await mkdir(join(dir, `manifest-shard-${i + 1}`), { recursive: true });
    await writeFile(join(dir, `manifest-shard-${i + 1}`, 'manifest.json'), JSON.stringify(m));
  }
}

test('merges shards: languages and files sorted, formats in order, the slowest shard time, extra fields kept', () => {
  const merged = mergeManifests(
    [
      { path: 'b/manifest.json', manifest: shardManifest(['zh', 'en'], { custom: 1 } as Partial<ShardManifest>) },
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
  assert.equal(merged.artifacts[0]!.sha256, 'x', 'artifact fields carried through');
  assert.deepEqual(merged.formats, ['html', 'epub', 'pdf']);
  assert.equal(merged.ms, 200);
  assert.deepEqual(
    merged.shards.map((s) => s.languages),
    [['zh', 'en'], [], ['ja']],
  );
  assert.equal(merged.calibre, '6.13.0');
  assert.equal(mergeManifests([{ path: 'a', manifest: shardManifest(['en']) }]).languages[0]!.shard, undefined);
});

test('refuses overlapping shards and mixed tool versions, warns on a different calibre', () => {
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
  assert.match(warnings.join('\n'), /warning: b: calibre 7.0, but a: 6.13.0/);
});

test('the script: finds manifests in artifact directories, writes the merge, exit codes 0/1/2 with one-line reasons', async () => {
  const dir = await tempDir();
  await writeShards(join(dir, 'in'), [shardManifest(['en']), shardManifest([]), shardManifest(['zh', 'ru'])]);
  const out = join(dir, 'merged', 'manifest.json');
  const ok = await execa(process.execPath, [SCRIPT, '--out', out, '--shards', '3', join(dir, 'in')], { reject: false, cwd: dir });
  assert.equal(ok.exitCode, 0, ok.stderr);
  assert.match(ok.stderr, /3 languages and 6 files from 3 manifests/);
  const merged = JSON.parse(await readFile(out, 'utf8'));
  assert.deepEqual(
    merged.languages.map((l: { lang: string; shard: number }) => [l.lang, l.shard]),
    ['en', 'ru', 'zh'].map((c) => [c, shardOf(c, 3)]),
  );
  assert.deepEqual(
    merged.shards.map((s: { manifest: string }) => s.manifest),
    [1, 2, 3].map((i) => join('in', `manifest-shard-${i}`, 'manifest.json')),
  );

  // Through a symbolic link, as from a checkout whose build/ is linked: still runs, not silently nothing.
  await symlink(join(REPO_ROOT, 'build'), join(dir, 'linked-build'));
  const linked = await execa(
    process.execPath,
    [join(dir, 'linked-build', 'scripts', 'merge-manifests.js'), '--out', join(dir, 'linked.json'), join(dir, 'in')],
    { reject: false },
  );
  assert.equal(linked.exitCode, 0, linked.stderr);
  assert.ok(existsSync(join(dir, 'linked.json')), 'run through a link, the script wrote nothing');

  // An --out that cannot be written: one line naming it, exit 1, no stack trace.
  const blocked = await execa(process.execPath, [SCRIPT, '--out', join(out, 'under-a-file.json'), join(dir, 'in')], { reject: false });
  assert.equal(blocked.exitCode, 1);
  assert.match(blocked.stderr, /^merge-manifests: cannot write .*under-a-file\.json: /m);
  assert.doesNotMatch(blocked.stderr, /\n\s+at /);

  const none = await execa(process.execPath, [SCRIPT, '--out', out, join(dir, 'nothing-here')], { reject: false });
  assert.equal(none.exitCode, 1);
  assert.match(none.stderr, /^merge-manifests: no manifest.json in .*nothing-here: the builds wrote none/);

  await writeFile(join(dir, 'in', 'manifest-shard-2', 'manifest.json'), '{"tool": {}}');
  const bad = await execa(process.execPath, [SCRIPT, '--out', out, join(dir, 'in')], { reject: false, cwd: dir });
  assert.equal(bad.exitCode, 1);
  assert.match(bad.stderr, /manifest-shard-2\/manifest.json: not a progit-ebook manifest: tool.name: /);
  assert.doesNotMatch(bad.stderr, /\n\s+at /);

  for (const args of [[join(dir, 'in')], ['--out', out], ['--out', out, '--shards', '0', dir], ['--bogus']]) {
    const usage = await execa(process.execPath, [SCRIPT, ...args], { reject: false });
    assert.equal(usage.exitCode, 2, args.join(' '));
    assert.match(usage.stderr, /usage: merge-manifests --out FILE/);
  }
});

test('main() is callable in-process and reports through the given stderr', async () => {
  const lines: string[] = [];
  assert.equal(await main([], (l) => lines.push(l)), 2);
  assert.match(lines.join('\n'), /--out is required/);
});
