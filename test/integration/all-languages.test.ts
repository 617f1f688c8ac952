// The 33 language directories of the upstream Pro Git repository, as a book of our own: every one
// is discovered, gets its language tag, direction and localized labels, builds, and passes epubcheck.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { build, type BuildReport } from '../../src/index.js';
import { labelsFor } from '../../src/config/labels.js';
import { epubcheckOrSkip, makeBook, openEpub, tempDir, TINY_PNG, zipText, UPSTREAM_LANGUAGES } from '../helpers.js';

const TAGS: Record<string, string> = { 'es-ni': 'es-NI', 'no-nb': 'nb', 'pt-br': 'pt-BR', 'zh-tw': 'zh-TW' };
const epubcheck = epubcheckOrSkip();

describe('all 33 upstream language directories', () => {
  let report: BuildReport;

  before(async () => {
    const files: Record<string, string | Uint8Array> = { 'figures/fig0101-tn.png': TINY_PNG };
    for (const [i, code] of UPSTREAM_LANGUAGES.entries()) {
      const word = labelsFor(code).figure;
      // Partial translations: some languages have one chapter, some skip a number.
      files[`${code}/01-start/01-chapter1.markdown`] = `# ${code} 1 #\n\n## ${code} 1.1 ##\n\nInsert fig0101.png\n${word} 1-1. ${code}\n`;
      if (i % 3 !== 0) files[`${code}/03-more/01-chapter3.markdown`] = `# ${code} 3 #\n\nText.\n`;
    }
    files['NOTES.txt'] = 'not a language\n';
    report = await build({ book: await makeBook(files), out: await tempDir(), formats: ['html', 'epub'], validate: !epubcheck.skip, concurrency: 2 });
  });

  test('every language is built, without warnings', () => {
    assert.deepEqual(report.languages.map((l) => l.lang).sort(), [...UPSTREAM_LANGUAGES].sort());
    for (const l of report.languages) {
      assert.equal(l.ok, true, `${l.lang}: ${JSON.stringify(l.failures)}`);
      assert.deepEqual(l.warnings, [], l.lang);
    }
  });

  test('every EPUB passes epubcheck with 0 errors and 0 warnings', { skip: epubcheck.skip }, () => {
    for (const l of report.languages) assert.deepEqual([l.lang, l.validation?.errors, l.validation?.warnings], [l.lang, 0, 0]);
  });

  test('language tag, direction and localized table-of-contents title in every package', async () => {
    for (const l of report.languages) {
      const zip = await openEpub(l.outputs.find((o) => o.format === 'epub')!.path);
      const opf = await zipText(zip, 'OEBPS/content.opf');
      const tag = TAGS[l.lang] ?? l.lang;
      assert.match(opf, new RegExp(`<dc:language>${tag}</dc:language>`), l.lang);
      const rtl = l.lang === 'ar' || l.lang === 'fa';
      assert.equal(/page-progression-direction="rtl"/.test(opf), rtl, l.lang);
      const nav = await zipText(zip, 'OEBPS/toc.xhtml');
      assert.ok(new RegExp(`<h1(?: [^>]*)?>${labelsFor(l.lang).toc.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}</h1>`).test(nav), `${l.lang}: ${nav.slice(0, 400)}`);
      if (l.lang !== 'en') assert.notEqual(labelsFor(l.lang).toc, labelsFor('en').toc, l.lang);
    }
  });
});
