// The real Pro Git sources (../shared/progit or PROGIT_DIR): every language to EPUB and HTML,
// en and zh to MOBI, checked with epubcheck and calibre's own readers.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { before, describe, test } from 'node:test';
import { execa } from 'execa';
import { build, type BuildReport } from '../../src/index.js';
import { runEpubcheck } from '../../src/tools/epubcheck.js';
import { ebookConvertOrSkip, epubcheckOrSkip, openEpub, PROGIT_DIR, progitSkip, tempDir } from '../helpers.js';
import { chapterFiles, imageHashes, navEntries, ncxEntries, opf } from './epub-inspect.js';
import { diagramFile, figureFile, insertedFigures, numberedHeadings, sourceHeadings } from './source-facts.js';
import { findDia } from '../../src/tools/dia.js';

const LANGUAGES = ['en', 'zh', 'ja', 'ru', 'pl'];
const skip = progitSkip();
if (skip) console.log(`# skipping Pro Git integration tests: ${skip}`);

describe('Pro Git sources', { skip }, () => {
  let report: BuildReport;
  const output = (lang: string, format: string) => {
    const path = report.languages.find((l) => l.lang === lang)?.outputs.find((o) => o.format === format)?.path;
    assert.ok(path, `${lang} ${format} was not built: ${JSON.stringify(report.languages.find((l) => l.lang === lang)?.failures)}`);
    return path;
  };

  before(async () => {
    report = await build({ book: PROGIT_DIR, out: await tempDir(), formats: ['html', 'epub'], languages: LANGUAGES });
  });

  test('every language builds, without warnings', () => {
    assert.equal(report.ok, true, JSON.stringify(report.languages.map((l) => l.failures)));
    assert.deepEqual(report.languages.map((l) => l.lang).sort(), [...LANGUAGES].sort());
    for (const l of report.languages) assert.deepEqual(l.warnings, [], `${l.lang} warnings`);
  });

  const epubcheck = epubcheckOrSkip();
  for (const lang of LANGUAGES) {
    test(`${lang}: epubcheck reports 0 errors and 0 warnings`, { skip: epubcheck.skip }, async () => {
      const result = await runEpubcheck(epubcheck.command!, output(lang, 'epub'));
      assert.equal(result.fatals + result.errors + result.warnings, 0, result.output);
    });

    test(`${lang}: the EPUB holds every figure its sources insert, and shows each`, async () => {
      const zip = await openEpub(output(lang, 'epub'));
      const hashes = await imageHashes(zip);
      const stored = new Set(hashes.values());
      const names = insertedFigures(join(PROGIT_DIR, lang));
      assert.ok(names.length > 50, `expected Pro Git to insert many figures, found ${names.length}`);
      for (const name of new Set(names)) {
        const diagram = findDia() && !existsSync(join(PROGIT_DIR, lang, 'figures', name)) ? diagramFile(PROGIT_DIR, lang, name) : undefined;
        if (diagram) {
          // Rendered from the language's own Dia source: stored under the diagram's name.
          assert.ok(zip.file(`OEBPS/images/${basename(diagram, '.dia')}.png`), `${lang}: ${name} (rendered from ${diagram}) is missing from the EPUB`);
          continue;
        }
        const file = figureFile(PROGIT_DIR, lang, name);
        assert.ok(file, `${name} has no file in the checkout`);
        const hash = createHash('sha256')
          .update(await readFile(file))
          .digest('hex');
        assert.ok(stored.has(hash), `${lang}: ${name} is missing from the EPUB`);
      }
      assert.equal(hashes.size, new Set(names).size, 'each figure is stored once');
      let shown = 0;
      for (const chapter of await chapterFiles(zip)) shown += ((await zip.file(chapter)!.async('string')).match(/<figure class="figure"><img /g) ?? []).length;
      assert.equal(shown, names.length);
    });

    test(`${lang}: nav and NCX have the source's h1 > h2 > h3, in order, chapters numbered`, async () => {
      const zip = await openEpub(output(lang, 'epub'));
      const expected = numberedHeadings(join(PROGIT_DIR, lang), lang);
      assert.deepEqual(await navEntries(zip), expected);
      assert.deepEqual(await ncxEntries(zip), expected);
      assert.ok(expected.some((e) => e.level === 3));
    });

    test(`${lang}: dc:language and xml:lang name the language; file names are ASCII`, async () => {
      const zip = await openEpub(output(lang, 'epub'));
      const pkg = await opf(zip);
      assert.match(pkg, new RegExp(`<dc:language>${lang}</dc:language>`));
      assert.match(pkg, new RegExp(`<package [^>]*xml:lang="${lang}"`));
      assert.match(pkg, /<dc:identifier id="BookId">urn:uuid:[0-9a-f-]{36}<\/dc:identifier>/);
      assert.match(pkg, /properties="cover-image"/);
      for (const name of Object.keys(zip.files)) assert.match(name, /^[\x21-\x7e]+$/, `non-ASCII entry ${name}`);
      const chapters = await chapterFiles(zip);
      assert.equal(chapters.length, sourceHeadings(join(PROGIT_DIR, lang)).filter((h) => h.level === 1).length);
    });

    test(`${lang}: the HTML embeds every figure as a data: URI`, async () => {
      const html = await readFile(output(lang, 'html'), 'utf8');
      const images = html.match(/<img src="data:image\/png;base64,[A-Za-z0-9+/=]+"/g) ?? [];
      assert.equal(images.length, insertedFigures(join(PROGIT_DIR, lang)).length);
      assert.doesNotMatch(html, /src="file:/);
      assert.match(html, new RegExp(`<html lang="${lang}" dir="ltr">`));
    });
  }

  const calibre = ebookConvertOrSkip();
  describe('MOBI', { skip: calibre.skip }, () => {
    const ISO639_2: Record<string, string> = { en: 'eng', zh: 'zho' };
    let mobi: BuildReport;
    before(async () => {
      mobi = await build({ book: PROGIT_DIR, out: await tempDir(), formats: ['mobi'], languages: ['en', 'zh'] });
    });

    for (const lang of ['en', 'zh']) {
      test(`${lang}: ebook-meta reads back title and language; the text holds every chapter title`, async () => {
        const path = mobi.languages.find((l) => l.lang === lang)?.outputs[0]?.path;
        assert.ok(path, JSON.stringify(mobi.languages));
        const meta = await execa('ebook-meta', [path]);
        const epubTitle = /<dc:title>([^<]+)<\/dc:title>/.exec(await opf(await openEpub(output(lang, 'epub'))))![1]!;
        assert.match(meta.stdout, new RegExp(`Title\\s*: ${epubTitle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
        assert.match(meta.stdout, new RegExp(`Languages\\s*: ${ISO639_2[lang]}`));
        const txt = join(await tempDir(), `${lang}.txt`);
        await execa(calibre.path!, [path, txt], { env: { QT_QPA_PLATFORM: 'offscreen' } });
        const text = await readFile(txt, 'utf8');
        for (const h1 of sourceHeadings(join(PROGIT_DIR, lang)).filter((h) => h.level === 1)) {
          assert.ok(text.includes(h1.title), `${lang}.mobi lacks chapter "${h1.title}"`);
        }
      });
    }
  });
});
