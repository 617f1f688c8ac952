// The output directory as a hostile contributor or an unlucky user leaves it (issue 24, items 3-6,
// 11, 12, 15): a manifest.json with null entries and wrong types, a build interrupted after some of
// its files, a FIFO or a symbolic link where this tool writes or reads its own files, a language that
// fails beside pages that link it, symbolic links among the ebooks, and two books in one directory.
// Every hostile input is made here, by the test.
import assert from 'node:assert/strict';
import { lstat, mkdir, readFile, readlink, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { execa } from 'execa';
import { build, BuildInterrupted, writeDirectoryIndex, type BuildOptions } from '../../src/index.js';
import { CLI, makeBook, REPO_ROOT, SAMPLE_BOOK, tempDir, TINY_PNG } from '../helpers.js';

const SAMPLE = ['making-ebooks.en.html', 'making-ebooks.zh.html'];
const links = (html: string) => [...html.matchAll(/<a href="([^"]+)" hreflang/g)].map((m) => decodeURIComponent(m[1]!)).sort();
const indexLinks = async (dir: string) => links(await readFile(join(dir, 'index.html'), 'utf8'));
const readJson = async (path: string) => JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown> & { artifacts: { file: string }[] };
const cli = (args: string[], timeout = 60_000) => execa(process.execPath, [CLI, ...args], { reject: false, all: true, timeout });
const noStack = (text: string) => assert.doesNotMatch(text, /internal error|\n\s+at /, text);

async function quietBuild(options: BuildOptions): Promise<string[]> {
  const warnings: string[] = [];
  const report = await build({ ...options, log: (level, message) => level === 'warn' && warnings.push(message) });
  assert.equal(report.ok, true, JSON.stringify(report.languages.map((l) => l.failures)));
  return warnings;
}

async function mkfifo(path: string): Promise<void> {
  const made = await execa('mkfifo', [path], { reject: false });
  assert.equal(made.exitCode, 0, `mkfifo: ${made.stderr}`);
}

describe('item 3: a malformed manifest.json', () => {
  test('null entries, a numeric title: build and index warn, rebuild what was lost from the files, and list every file', async () => {
    const out = await tempDir();
    await quietBuild({ book: SAMPLE_BOOK, out, formats: ['html'] });
    const good = await readJson(join(out, 'manifest.json'));
    const languages = good.languages as { lang: string; title?: unknown }[];
    const hostile = {
      ...good,
      // en's record replaced by null: its file is still there, and must come back.
      artifacts: [null, ...good.artifacts.filter((a) => a.file !== SAMPLE[0])],
      languages: [null, ...languages.map((l) => ({ ...l, title: 42 }))],
    };
    await writeFile(join(out, 'manifest.json'), JSON.stringify(hostile));

    const warnings = await quietBuild({ book: SAMPLE_BOOK, out, formats: ['html'], languages: ['zh'] });
    assert.ok(
      warnings.some((w) => /manifest\.json: 1 artifacts entry ignored: artifacts\[0\]: not an object \(null\)/.test(w)),
      warnings.join('\n'),
    );
    assert.ok(
      warnings.some((w) => /languages en: title 42 is not a string; ignored/.test(w)),
      warnings.join('\n'),
    );
    assert.deepEqual(await indexLinks(out), SAMPLE, 'en, whose record was lost, is listed again');
    const rewritten = await readJson(join(out, 'manifest.json'));
    assert.deepEqual(rewritten.artifacts.map((a) => a.file).sort(), SAMPLE);

    await writeFile(join(out, 'manifest.json'), JSON.stringify({ ...hostile, artifacts: [null, 7, 'x', { file: '../../etc/passwd' }], title: 3, tool: 5 }));
    const index = await cli(['index', out]);
    assert.equal(index.exitCode, 0, index.all);
    noStack(index.all);
    assert.match(index.all, /warning: manifest\.json: 4 artifacts entries ignored/);
    assert.deepEqual(await indexLinks(out), SAMPLE);
    const again = await quietBuild({ book: SAMPLE_BOOK, out, formats: ['html'] });
    assert.deepEqual(again, [], 'the manifest index wrote is whole again');
  });
});

describe('item 4: an interrupted build', () => {
  test("the files it finished are recorded: the next build of another language keeps en's new html and epub", async () => {
    const book = await makeBook({
      'en/01-intro/01-chapter1.markdown': '# Intro\n\nFirst edition.\n',
      'ja/01-intro/01-chapter1.markdown': '# はじめに\n\n初版。\n',
    });
    const name = book.split('/').pop()!;
    const out = await tempDir();
    await quietBuild({ book, out, formats: ['html', 'epub'] });
    await writeFile(join(book, 'en/01-intro/01-chapter1.markdown'), '# Intro\n\nSecond edition, much longer than the first.\n');
    const controller = new AbortController();
    const finished = new Set<string>();
    const interrupted = build({
      book,
      out,
      formats: ['html', 'epub'],
      languages: ['en'],
      signal: controller.signal,
      // Interrupted once en's files are in place, before the build's end.
      progress: (e) => {
        if (e.lang === 'en' && e.format && (e.state === 'done' || e.state === 'cached')) finished.add(e.format);
        if (finished.size === 2) controller.abort('SIGINT');
      },
    });
    await assert.rejects(interrupted, BuildInterrupted);
    assert.match(await readFile(join(out, `${name}.en.html`), 'utf8'), /Second edition/, 'the interrupted build finished en');

    const warnings = await quietBuild({ book, out, formats: ['html', 'epub'], languages: ['ja'] });
    assert.deepEqual(
      warnings.filter((w) => /changed since it was built/.test(w)),
      [],
    );
    assert.deepEqual(await indexLinks(out), [`${name}.en.epub`, `${name}.en.html`, `${name}.ja.epub`, `${name}.ja.html`]);
  });
});

describe('item 5: a FIFO where the directory has its own files', () => {
  test('manifest.json or SHA256SUMS a FIFO: build and index refuse it at once with a clear error, and leave it a FIFO', async () => {
    const out = await tempDir();
    await mkfifo(join(out, 'manifest.json'));
    const built = await cli(['build', SAMPLE_BOOK, '--out', out, '--format', 'html'], 30_000);
    assert.equal(built.timedOut, false, 'build hung on a FIFO manifest.json');
    assert.equal(built.exitCode, 1, built.all);
    assert.match(
      built.all,
      /cannot write .*manifest\.json: a FIFO is there, not a regular file, and only a regular file is replaced: remove it or choose another --out/,
    );
    noStack(built.all);
    assert.ok((await lstat(join(out, 'manifest.json'))).isFIFO());

    const indexed = await cli(['index', out], 30_000);
    assert.equal(indexed.timedOut, false, 'index hung on a FIFO manifest.json');
    assert.equal(indexed.exitCode, 1, indexed.all);
    assert.match(indexed.all, /manifest\.json: error: is not a regular file/);

    const bare = await tempDir();
    await writeFile(join(bare, 'b.en.epub'), 'x');
    await mkfifo(join(bare, 'SHA256SUMS'));
    const sums = await cli(['index', bare], 30_000);
    assert.equal(sums.timedOut, false, 'index hung on a FIFO SHA256SUMS');
    assert.equal(sums.exitCode, 1, sums.all);
    assert.match(sums.all, /SHA256SUMS: error: is not a regular file/);
    noStack(sums.all);
  });

  test('a signal ends the process even when a thread is blocked opening a FIFO: the second at once', async () => {
    const dir = await tempDir();
    await mkfifo(join(dir, 'fifo'));
    const script = join(dir, 'blocked.mjs');
    await writeFile(
      script,
      `import { readFile } from 'node:fs/promises';
import { interruptOnSignals } from ${JSON.stringify(join(REPO_ROOT, 'lib', 'src', 'cli', 'signals.js'))};
interruptOnSignals((t) => process.stderr.write(t));
readFile(${JSON.stringify(join(dir, 'fifo'))}).catch(() => {});
process.stderr.write('ready\\n');
setInterval(() => {}, 1000);
`,
    );
    const child = execa(process.execPath, [script], { reject: false, all: true, timeout: 20_000, forceKillAfterDelay: false });
    await new Promise<void>((resolve) => child.stderr!.on('data', (d: Buffer) => d.toString().includes('ready') && resolve()));
    child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    const t0 = Date.now();
    child.kill('SIGTERM');
    const result = await child;
    assert.equal(result.timedOut, false, 'the process outlived two SIGTERMs');
    assert.ok(Date.now() - t0 < 5_000, `exit took ${Date.now() - t0} ms`);
    assert.equal(result.signal, 'SIGTERM', result.all);
    assert.match(result.all, /SIGTERM again: exiting without cleaning up/);
  });
});

describe('item 6: status --html and the files a build writes replace only regular files', () => {
  test('a FIFO, a link to /dev/stdout and a link to a file are refused with a clear error and left as they were; - is stdout; "" is a usage error', async () => {
    const dir = await tempDir();
    await mkfifo(join(dir, 'fifo.html'));
    await symlink('/dev/stdout', join(dir, 'stdout.html'));
    await writeFile(join(dir, 'target.html'), 'keep me');
    await symlink(join(dir, 'target.html'), join(dir, 'link.html'));
    for (const [file, kind] of [
      ['fifo.html', 'a FIFO'],
      ['stdout.html', 'a symbolic link'],
      ['link.html', 'a symbolic link'],
    ] as const) {
      const r = await cli(['status', SAMPLE_BOOK, '--html', join(dir, file)], 30_000);
      assert.equal(r.timedOut, false, file);
      assert.equal(r.exitCode, 1, `${file}: ${r.all}`);
      assert.match(
        r.all,
        new RegExp(
          `cannot write .*${file.replace('.', '\\.')}: ${kind} is there, not a regular file, and only a regular file is replaced: remove it or choose another --html`,
        ),
      );
      noStack(r.all);
    }
    assert.ok((await lstat(join(dir, 'fifo.html'))).isFIFO());
    assert.equal(await readlink(join(dir, 'stdout.html')), '/dev/stdout');
    assert.equal(await readFile(join(dir, 'target.html'), 'utf8'), 'keep me');

    const stdout = await execa(process.execPath, [CLI, 'status', SAMPLE_BOOK, '--html', '-'], { reject: false });
    assert.equal(stdout.exitCode, 0, stdout.stderr);
    assert.match(stdout.stdout, /^<!DOCTYPE html>/i);
    const empty = await cli(['status', SAMPLE_BOOK, '--html', '']);
    assert.equal(empty.exitCode, 2, empty.all);
    const under = await cli(['status', SAMPLE_BOOK, '--html', join(dir, 'target.html', 'page.html')]);
    assert.equal(under.exitCode, 1, under.all);
    assert.match(under.all, /target\.html: a file is in the way of a directory: choose another --html/);
    assert.doesNotMatch(under.all, /--out/);
  });

  test('build: index.html a link out of the directory is refused before anything is written; the link and its target stay', async () => {
    const out = await tempDir();
    const outside = join(await tempDir(), 'precious.txt');
    await writeFile(outside, 'precious');
    await symlink(outside, join(out, 'index.html'));
    const r = await cli(['build', SAMPLE_BOOK, '--out', out, '--format', 'html']);
    assert.equal(r.exitCode, 1, r.all);
    assert.match(r.all, /cannot write .*index\.html: a symbolic link is there, not a regular file/);
    assert.equal(await readlink(join(out, 'index.html')), outside);
    assert.equal(await readFile(outside, 'utf8'), 'precious');
  });
});

describe('item 11: a language that fails', () => {
  test('is not linked from the pages of the languages that were built; once built it is', async () => {
    const files = {
      'en/01-intro/01-chapter1.markdown': '# Intro\n\nText.\n',
      'fr/01-intro/01-chapter1.markdown': '# Intro\n\nTexte.\n',
      'ja/01-intro/01-chapter1.markdown': '# はじめに\n\n本文。\n',
      'figures/fig0101-tn.png': TINY_PNG,
    };
    const book = await makeBook(files);
    const name = book.split('/').pop()!;
    await rm(join(book, 'fr/01-intro/01-chapter1.markdown'));
    await mkfifo(join(book, 'fr/01-intro/01-chapter1.markdown'));
    const out = await tempDir();
    const report = await build({ book, out, formats: ['html'], cache: false });
    assert.deepEqual(
      report.languages.map((l) => [l.lang, l.ok]),
      [
        ['en', true],
        ['fr', false],
        ['ja', true],
      ],
    );
    for (const lang of ['en', 'ja']) {
      const page = await readFile(join(out, `${name}.${lang}.html`), 'utf8');
      assert.doesNotMatch(page, /hreflang="fr"/, `${lang}'s page links fr, which was never written`);
      assert.match(page, new RegExp(`hreflang="${lang === 'en' ? 'ja' : 'en'}"`));
      const output = report.languages.find((l) => l.lang === lang)!.outputs[0]!;
      assert.equal(output.bytes, Buffer.byteLength(page), 'the report says what is on disk');
    }
    const manifest = await readJson(join(out, 'manifest.json'));
    assert.equal(manifest.artifacts.length, 2);

    // Fixed: every page links every language again, the bytes of a build that never failed.
    await rm(join(book, 'fr/01-intro/01-chapter1.markdown'));
    await writeFile(join(book, 'fr/01-intro/01-chapter1.markdown'), files['fr/01-intro/01-chapter1.markdown']);
    await quietBuild({ book, out, formats: ['html'] });
    const fresh = await tempDir();
    await quietBuild({ book, out: fresh, formats: ['html'], cache: false });
    for (const lang of ['en', 'fr', 'ja']) {
      const page = await readFile(join(out, `${name}.${lang}.html`), 'utf8');
      assert.equal(page, await readFile(join(fresh, `${name}.${lang}.html`), 'utf8'), lang);
      assert.equal((page.match(/rel="alternate"/g) ?? []).length, 2, lang);
    }

    // fr fails again, but its page from the last build is still there: it stays linked.
    await rm(join(book, 'fr/01-intro/01-chapter1.markdown'));
    await mkfifo(join(book, 'fr/01-intro/01-chapter1.markdown'));
    await build({ book, out, formats: ['html'] });
    assert.match(await readFile(join(out, `${name}.en.html`), 'utf8'), /hreflang="fr"/);
  });
});

describe('item 12: symbolic links among the ebooks', () => {
  test('a link inside the directory is listed like its file; one leading out is never listed and is warned about, with or without a manifest', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'b.en.epub'), 'epub');
    await mkdir(join(dir, 'files'));
    await writeFile(join(dir, 'files', 'real.html'), '<p>zh</p>');
    await symlink(join(dir, 'files', 'real.html'), join(dir, 'b.zh.html'));
    await symlink('b.en.epub', join(dir, 'b.fr.epub'));
    await symlink('/etc/passwd', join(dir, 'b.ru.html'));
    await symlink(join(dir, 'nowhere'), join(dir, 'b.de.html'));
    const first = await writeDirectoryIndex({ dir });
    assert.deepEqual(first.languages, ['en', 'fr', 'zh']);
    assert.deepEqual(await indexLinks(dir), ['b.en.epub', 'b.fr.epub', 'b.zh.html']);
    assert.ok(
      first.warnings.some((w) => w.startsWith('b.ru.html: a symbolic link out of the directory (to /etc/passwd); never listed')),
      first.warnings.join('\n'),
    );
    assert.ok(
      first.warnings.some((w) => w.startsWith('b.de.html: a symbolic link to nothing')),
      first.warnings.join('\n'),
    );

    // A manifest that records the link to /etc/passwd, with its true checksum: still never listed.
    const manifest = await readJson(join(dir, 'manifest.json'));
    const passwd = await readFile('/etc/passwd');
    const { createHash } = await import('node:crypto');
    manifest.artifacts.push({
      lang: 'ru',
      format: 'html',
      file: 'b.ru.html',
      bytes: passwd.byteLength,
      sha256: createHash('sha256').update(passwd).digest('hex'),
    } as never);
    await writeFile(join(dir, 'manifest.json'), JSON.stringify(manifest));
    const second = await writeDirectoryIndex({ dir });
    assert.deepEqual(second.languages, ['en', 'fr', 'zh']);
    assert.ok(
      second.warnings.some((w) => /^b\.ru\.html: recorded in manifest\.json but a symbolic link out of the directory/.test(w)),
      second.warnings.join('\n'),
    );
    assert.doesNotMatch(await readFile(join(dir, 'index.html'), 'utf8'), /b\.ru\.html/);
  });
});

describe('item 15: two books into one directory', () => {
  test("the second book is refused with a clear message; the first one's files and page are untouched", async () => {
    const out = await tempDir();
    await quietBuild({ book: SAMPLE_BOOK, out, formats: ['html'] });
    const page = await readFile(join(out, 'index.html'), 'utf8');
    const other = await makeBook({ 'en/01-intro/01-chapter1.markdown': '# Other\n\nAnother book.\n' });
    const r = await cli(['build', other, '--out', out, '--format', 'html']);
    assert.equal(r.exitCode, 1, r.all);
    assert.match(
      r.all,
      /error: holds the ebooks of the book "making-ebooks" \(manifest\.json records them\), and this book is "[^"]+": one directory holds one book's ebooks; choose another --out/,
    );
    noStack(r.all);
    assert.equal(await readFile(join(out, 'index.html'), 'utf8'), page);
    assert.ok(!(await readJson(join(out, 'manifest.json'))).artifacts.some((a) => !a.file.startsWith('making-ebooks.')));

    // index over a directory put together by hand with two books' files (each built alone): both
    // are listed, under a neutral title, not one book's title over both.
    const bare = await tempDir();
    await quietBuild({ book: SAMPLE_BOOK, out: bare, formats: ['html'], languages: ['en'], index: false });
    const otherOut = await tempDir();
    await quietBuild({ book: other, out: otherOut, formats: ['html'] });
    const otherName = other.split('/').pop()!;
    await writeFile(join(bare, `${otherName}.en.html`), await readFile(join(otherOut, `${otherName}.en.html`)));
    await rm(join(bare, 'manifest.json'));
    const index = await cli(['index', bare]);
    assert.equal(index.exitCode, 0, index.all);
    assert.match(index.all, /warning: the directory holds the ebooks of 2 books \(making-ebooks, [^)]+\): the page lists them all under a neutral title/);
    const mixed = await readFile(join(bare, 'index.html'), 'utf8');
    assert.match(mixed, /<title>Ebooks: ebooks<\/title>/);
    assert.doesNotMatch(mixed, /Making Ebooks from Markdown/);
    assert.deepEqual(await indexLinks(bare), [`${otherName}.en.html`, 'making-ebooks.en.html'].sort());
  });
});
