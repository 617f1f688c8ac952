// index.html beside the ebooks (src/catalog/): what `build` writes into its output directory after
// one build and after two with different formats, what `progit-ebook index` writes for a directory
// of merged shards or of bare files, and what it leaves out: a file changed since it was built, a
// name that is not an ebook's.
import assert from 'node:assert/strict';
import { appendFile, copyFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { execa } from 'execa';
import { build, mergeInto, writeDirectoryIndex, type BuildOptions } from '../../src/index.js';
import { CLI, makeBook, REPO_ROOT, SAMPLE_BOOK, tempDir } from '../helpers.js';

const WORLD = join(REPO_ROOT, 'test', 'fixtures', 'world');
const WORLD_LANGS = ['ar', 'en', 'ja', 'ru', 'th', 'zh'];

const links = (html: string) => [...html.matchAll(/<a href="([^"]+)" hreflang/g)].map((m) => decodeURIComponent(m[1]!)).sort();
interface ManifestSeen {
  artifacts: { file: string; status: string }[];
  languages: { lang: string; chapters?: number; of?: number; translated?: number }[];
  index: { file: string; bytes: number } | null;
}
const manifestOf = async (dir: string) => JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as ManifestSeen;

async function quietBuild(options: BuildOptions): Promise<string[]> {
  const warnings: string[] = [];
  const report = await build({ ...options, log: (level, message) => level === 'warn' && warnings.push(message) });
  assert.equal(report.ok, true, JSON.stringify(report.languages.map((l) => l.failures)));
  return warnings;
}

describe('the index page of a build', () => {
  test('one build: every language and format linked, the page in the manifest with its checksum, each language with its title and completeness', async () => {
    const out = await tempDir();
    await quietBuild({ book: WORLD, out, formats: ['html', 'epub'] });
    const html = await readFile(join(out, 'index.html'), 'utf8');
    assert.deepEqual(links(html), WORLD_LANGS.flatMap((l) => [`world.${l}.epub`, `world.${l}.html`]).sort());
    const manifest = await manifestOf(out);
    assert.equal(manifest.index?.bytes, Buffer.byteLength(html));
    assert.match(html, /<li class="language" lang="ar" dir="rtl"/);
    assert.match(html, /<cite>تتبع التغييرات<\/cite>/);
    const ar = manifest.languages.find((l) => l.lang === 'ar');
    assert.equal(typeof ar?.translated, 'number');
    assert.equal(ar?.of, manifest.languages.find((l) => l.lang === 'en')?.chapters);
    assert.ok(!html.includes(out) && !html.includes(REPO_ROOT), 'no absolute path in the page');
  });

  test('two builds with different formats into one directory: the index and the manifest have both; --no-index writes none', async () => {
    const out = await tempDir();
    await quietBuild({ book: SAMPLE_BOOK, out, formats: ['html'] });
    await quietBuild({ book: SAMPLE_BOOK, out, formats: ['epub'] });
    const all = ['making-ebooks.en.epub', 'making-ebooks.en.html', 'making-ebooks.zh.epub', 'making-ebooks.zh.html'];
    assert.deepEqual(links(await readFile(join(out, 'index.html'), 'utf8')), all);
    const manifest = await manifestOf(out);
    // This build's files are built or from the cache; the first build's are kept.
    assert.deepEqual(manifest.artifacts.map((a) => `${a.file} ${a.status === 'kept' ? 'kept' : 'made'}`).sort(), [
      'making-ebooks.en.epub made',
      'making-ebooks.en.html kept',
      'making-ebooks.zh.epub made',
      'making-ebooks.zh.html kept',
    ]);
    const fresh = await tempDir();
    await quietBuild({ book: SAMPLE_BOOK, out: fresh, formats: ['html'], index: false });
    assert.ok(!(await readdir(fresh)).includes('index.html'));
    assert.equal((await manifestOf(fresh)).index, null);
  });

  test('a file changed since it was built is left out with a warning, never linked, by the next build and by index', async () => {
    const out = await tempDir();
    await quietBuild({ book: SAMPLE_BOOK, out, formats: ['html', 'epub'] });
    await appendFile(join(out, 'making-ebooks.zh.epub'), 'tampered');
    const report = await writeDirectoryIndex({ dir: out });
    assert.deepEqual(report.warnings, [
      'making-ebooks.zh.epub: changed since it was built (its checksum is not the one manifest.json records); left out of the index',
    ]);
    assert.ok(!links(await readFile(join(out, 'index.html'), 'utf8')).includes('making-ebooks.zh.epub'));
    const warnings = await quietBuild({ book: SAMPLE_BOOK, out, formats: ['html'], languages: ['en'] });
    assert.ok(
      warnings.some((w) => w.startsWith('making-ebooks.zh.epub: changed since it was built')),
      warnings.join('\n'),
    );
    assert.deepEqual(links(await readFile(join(out, 'index.html'), 'utf8')), ['making-ebooks.en.epub', 'making-ebooks.en.html', 'making-ebooks.zh.html']);
  });

  test("book.json's name for a language is the entry's heading, as text", async () => {
    const book = await makeBook({
      'book.json': JSON.stringify({ name: 'mini', languages: { fa: { name: '<img src=x onerror=alert(1)>فارسی', title: 'کتاب' } } }),
      'en/01-one/01-a.markdown': '# One\n\nSome text here.\n',
      'fa/01-one/01-a.markdown': '# یک\n\nمتن فارسی اینجا.\n',
    });
    const out = await tempDir();
    await quietBuild({ book, out, formats: ['html'] });
    const html = await readFile(join(out, 'index.html'), 'utf8');
    assert.match(html, /<li class="language" lang="fa" dir="rtl"[^>]*><h3 id="lang-fa">&lt;img src=x onerror=alert\(1\)&gt;فارسی<\/h3><p><cite>کتاب<\/cite>/);
    assert.doesNotMatch(html, /<img src=x/);
  });

  test('the same inputs give the same index bytes (two builds into two directories)', async () => {
    const [a, b] = [await tempDir(), await tempDir()];
    await quietBuild({ book: WORLD, out: a, formats: ['html'] });
    await quietBuild({ book: WORLD, out: b, formats: ['html'], force: true });
    assert.equal(await readFile(join(a, 'index.html'), 'utf8'), await readFile(join(b, 'index.html'), 'utf8'));
  });

  test("shards merged as the CI does (their files in one directory, index --merge --book) give the one build's index bytes", async () => {
    const whole = await tempDir();
    await quietBuild({ book: WORLD, out: whole, formats: ['html', 'epub'] });
    const merged = await tempDir();
    const shardDirs = [];
    for (const index of [1, 2]) {
      const dir = await tempDir();
      shardDirs.push(dir);
      await quietBuild({ book: WORLD, out: dir, formats: ['html', 'epub'], shard: { index, total: 2 } });
      for (const name of await readdir(dir)) if (/\.(html|epub)$/.test(name) && name !== 'index.html') await copyFile(join(dir, name), join(merged, name));
    }
    assert.deepEqual(await mergeInto(merged, shardDirs, 2, assert.fail), { manifests: 2, languages: WORLD_LANGS.length, files: 2 * WORLD_LANGS.length });
    const report = await writeDirectoryIndex({ dir: merged, book: WORLD });
    assert.deepEqual(report.languages, WORLD_LANGS);
    assert.deepEqual(report.warnings, []);
    assert.equal(await readFile(join(merged, 'index.html'), 'utf8'), await readFile(join(whole, 'index.html'), 'utf8'));
  });
});

describe('progit-ebook index <dir>', () => {
  const run = (...args: string[]) => execa(process.execPath, [CLI, 'index', ...args], { reject: false });

  test('a directory without ebooks: a clear error, exit 1', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'notes.txt'), 'x');
    const r = await run(dir);
    assert.equal(r.exitCode, 1);
    assert.match(r.stderr, /warning: notes\.txt: ignored: not <name>\.<lang>\.<ext>/);
    assert.match(r.stderr, /no ebooks to index: no file named <name>\.<lang>\.<ext> is there unchanged/);
    const missing = await run(join(dir, 'nowhere'));
    assert.equal(missing.exitCode, 1);
    assert.match(missing.stderr, /error: cannot read the directory: there is no such directory \[index\]/);
  });

  test('without a manifest: files named <name>.<lang>.<ext> are hashed and listed (names escaped), others named in a warning; a manifest is written', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'моя книга.en.epub'), 'epub bytes');
    await writeFile(join(dir, 'моя книга.ru.html'), '<p>html</p>');
    await writeFile(join(dir, 'book.en.docx'), 'x');
    await mkdir(join(dir, 'sub'));
    const r = await run(dir);
    assert.equal(r.exitCode, 0, r.stderr);
    assert.match(r.stderr, /warning: book\.en\.docx: ignored: unknown extension \.docx/);
    const html = await readFile(join(dir, 'index.html'), 'utf8');
    assert.match(html, /href="%D0%BC%D0%BE%D1%8F%20%D0%BA%D0%BD%D0%B8%D0%B3%D0%B0\.en\.epub"/);
    assert.match(html, /href="%D0%BC%D0%BE%D1%8F%20%D0%BA%D0%BD%D0%B8%D0%B3%D0%B0\.ru\.html"/);
    const manifest = await manifestOf(dir);
    assert.deepEqual(
      manifest.artifacts.map((a) => a.file),
      ['моя книга.en.epub', 'моя книга.ru.html'],
    );
    assert.equal(manifest.index?.file, 'index.html');
    // Again, now with the manifest it wrote: the same page, nothing hashed to find it.
    assert.equal((await run(dir)).exitCode, 0);
    assert.equal(await readFile(join(dir, 'index.html'), 'utf8'), html);
  });

  test('a file SHA256SUMS disagrees with is left out; SHA256SUMS is linked', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'b.en.epub'), 'good');
    await writeFile(join(dir, 'b.zh.epub'), 'changed');
    await writeFile(join(dir, 'SHA256SUMS'), `${'0'.repeat(64)}  b.zh.epub\n`);
    const report = await writeDirectoryIndex({ dir });
    assert.deepEqual(report.languages, ['en']);
    assert.deepEqual(report.warnings, ['b.zh.epub: its checksum is not the one SHA256SUMS lists; left out of the index']);
    assert.match(await readFile(join(dir, 'index.html'), 'utf8'), /<a href="SHA256SUMS">/);
  });
});
