// Image files whose bytes are not the image their names say (a text file named `.png`, a PNG cut
// short, a cover that lies): left out like a missing figure, with a warning at the chapter line,
// an EPUB that stays valid, `--strict` refusing the language, and a mended file rebuilding it.
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { before, describe, test } from 'node:test';
import { execa } from 'execa';
import { build, type BuildReport } from '../../src/index.js';
import { runEpubcheck } from '../../src/tools/epubcheck.js';
import { CLI, epubcheckOrSkip, makeBook, openEpub, tempDir, TINY_PNG, zipText } from '../helpers.js';

const epubcheck = epubcheckOrSkip();

const CHAPTER = 'en/01-intro/01-chapter1.markdown';
const BOOK = {
  [CHAPTER]: [
    '# Intro', // 1
    '',
    'Text.',
    '',
    'Insert 18333fig0102.png', // 5
    'Figure 1-2. A caption that stays',
    '',
    '![Alt words that stay](../../art/cut.png)', // 8
    '',
    '<p><img src="../../art/cut.png" alt="raw alt"></p>', // 10
    '',
    'Insert 18333fig0101.png', // 12
    'Figure 1-1. A good figure',
    '',
  ].join('\n'),
  // Text under a figure's thumbnail name, as it was tried; a PNG cut inside its IHDR chunk, outside the figure directories.
  'figures/18333fig0102-tn.png': 'this is not an image\n',
  'figures/18333fig0101-tn.png': TINY_PNG,
  'art/cut.png': TINY_PNG.subarray(0, 20),
  'cover.png': '<html>not a cover</html>\n',
  'book.json': JSON.stringify({ title: 'Bad images', cover: 'cover.png' }),
};

const where = (r: BuildReport, book: string) =>
  r.languages[0]!.warnings.map((w) => `${relative(book, w.file ?? '')}:${w.line ?? ''} ${w.rule}: ${w.message}`).sort();

describe('image files that are not what their names say', () => {
  let book: string;
  let report: BuildReport;
  before(async () => {
    book = await makeBook(BOOK);
    report = await build({ book, out: await tempDir(), formats: ['html', 'epub'] });
  });

  test('each place that shows one has a warning with file, line and what is wrong; the language is still built', () => {
    assert.equal(report.ok, true, JSON.stringify(report.languages[0]!.failures));
    assert.deepEqual(where(report, book), [
      `cover.png: image-invalid: the cover is not a PNG image: it starts with "<html>no"; the book is made without a cover`,
      `${CHAPTER}:10 image-invalid: image ../../art/cut.png (art/cut.png) is a truncated PNG image: it ends after 20 bytes, before its IHDR header is complete; its alt text is shown`,
      `${CHAPTER}:5 image-invalid: figure 18333fig0102.png (figures/18333fig0102-tn.png) is not a PNG image: it starts with "this is "; a placeholder is shown instead`,
      `${CHAPTER}:8 image-invalid: image ../../art/cut.png (art/cut.png) is a truncated PNG image: it ends after 20 bytes, before its IHDR header is complete; its alt text is shown`,
    ]);
  });

  test('the EPUB embeds only the good figure, keeps every caption and alt text, has no cover, and passes epubcheck', async () => {
    const epub = report.languages[0]!.outputs.find((o) => o.format === 'epub')!.path;
    const zip = await openEpub(epub);
    assert.deepEqual(
      Object.keys(zip.files).filter((n) => /\.(png|jpe?g|gif|svg|webp)$/.test(n)),
      ['OEBPS/images/18333fig0101-tn.png'],
    );
    const chapter = await zipText(zip, 'OEBPS/ch01.xhtml');
    assert.match(chapter, /<p class="figure-missing">\[18333fig0102\.png\]<\/p>/);
    assert.match(chapter, /A caption that stays/);
    assert.match(chapter, /Alt words that stay/);
    assert.match(chapter, /raw alt/);
    assert.equal(chapter.match(/<img /g)?.length, 1);
    assert.doesNotMatch(await zipText(zip, 'OEBPS/content.opf'), /cover|art|18333fig0102/i);
    if (epubcheck.skip) return;
    const result = await runEpubcheck(epubcheck.command!, epub);
    assert.equal(result.fatals + result.errors + result.warnings, 0, result.output);
  });

  test('the HTML embeds only the good figure, with the same fallbacks', async () => {
    const html = await readFile(report.languages[0]!.outputs.find((o) => o.format === 'html')!.path, 'utf8');
    assert.equal(html.match(/src="data:image\//g)?.length, 1);
    assert.match(html, /<p class="figure-missing">\[18333fig0102\.png\]<\/p>/);
    assert.match(html, /A caption that stays[\s\S]*Alt words that stay[\s\S]*raw alt/);
  });

  test('--strict refuses the language, naming the chapter file and line', async () => {
    const run = await execa(process.execPath, [CLI, 'build', book, '--strict', '--out', await tempDir(), '--format', 'html,epub'], {
      reject: false,
      all: true,
    });
    assert.equal(run.exitCode, 1, run.all);
    assert.match(
      run.all!,
      /01-chapter1\.markdown:5: warning: figure 18333fig0102\.png \(figures\/18333fig0102-tn\.png\) is not a PNG image: it starts with "this is "/,
    );
    assert.match(run.all!, /with --strict: nothing written for this language/);
  });
});

test('cache: a bad image mended rebuilds the language, inside the figure directories and outside them', async () => {
  const book = await makeBook(BOOK);
  const [out, cache] = [await tempDir(), await tempDir()];
  const run = () => build({ book, out, cache, formats: ['html', 'epub'] });
  const built = (r: BuildReport) => r.languages[0]!.outputs.map((o) => (o.cached ? 'cached' : 'built'));
  const rules = (r: BuildReport) => r.languages[0]!.warnings.map((w) => w.rule);
  assert.deepEqual(built(await run()), ['built', 'built']);
  const again = await run();
  assert.deepEqual(built(again), ['cached', 'cached']);
  assert.deepEqual(rules(again), ['image-invalid', 'image-invalid', 'image-invalid', 'image-invalid']);

  // art/ is none of the directories the key hashes: only the entry's record of the bad file can tell.
  await writeFile(join(book, 'art/cut.png'), TINY_PNG);
  const outside = await run();
  assert.deepEqual(built(outside), ['built', 'built']);
  assert.equal(rules(outside).length, 2);

  await writeFile(join(book, 'figures/18333fig0102-tn.png'), TINY_PNG);
  await writeFile(join(book, 'cover.png'), TINY_PNG);
  const mended = await run();
  assert.deepEqual(built(mended), ['built', 'built']);
  assert.deepEqual(rules(mended), []);
  const zip = await openEpub(mended.languages[0]!.outputs.find((o) => o.format === 'epub')!.path);
  assert.equal(Object.keys(zip.files).filter((n) => /\.png$/.test(n)).length, 4);
});
