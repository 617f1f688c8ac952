// DAISY Ace, the reference checker of the European Accessibility Act's EPUBs, on what we build: the
// sample book and the Pro Git languages (../shared/progit or PROGIT_DIR) have no violation at all;
// `check --epub --a11y` prints Ace's findings in our format and fails on an EPUB stripped of its
// accessibility metadata and roles. Ace starts a Chromium per EPUB (a few seconds): the EPUBs are
// checked in `before`, two at a time.
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { execa } from 'execa';
import JSZip from 'jszip';
import { build, type BuildReport } from '../../src/index.js';
import { aceFindings } from '../../src/tools/ace.js';
import { mapLimit } from '../../src/util/concurrency.js';
import { formatDiagnostic, type Diagnostic } from '../../src/util/diagnostics.js';
import { aceOrSkip, CLI, PROGIT_DIR, progitSkip, SAMPLE_BOOK, tempDir } from '../helpers.js';

const PROGIT_LANGUAGES = ['en', 'zh', 'ja', 'ru', 'pl'];
const ace = aceOrSkip();
if (ace.skip) console.log(`# skipping the Ace tests: ${ace.skip}`);
const progit = progitSkip();
if (progit) console.log(`# skipping Ace on Pro Git: ${progit}`);

const epubs = (report: BuildReport) => report.languages.map((l) => ({ lang: l.lang, path: l.outputs.find((o) => o.format === 'epub')!.path }));

describe('DAISY Ace', { skip: ace.skip }, () => {
  const findings = new Map<string, Diagnostic[]>();
  let sampleEn = '';

  before(async () => {
    const out = await tempDir();
    const sample = await build({ book: SAMPLE_BOOK, out, formats: ['epub'] });
    assert.equal(sample.ok, true, JSON.stringify(sample.languages.map((l) => l.failures)));
    const books = epubs(sample).map((e) => ({ ...e, name: `sample ${e.lang}` }));
    sampleEn = books.find((b) => b.lang === 'en')!.path;
    if (!progit) {
      // Another book: another directory (one directory holds one book's ebooks).
      const report = await build({ book: PROGIT_DIR, out: await tempDir(), formats: ['epub'], languages: PROGIT_LANGUAGES });
      assert.equal(report.ok, true, JSON.stringify(report.languages.map((l) => l.failures)));
      books.push(...epubs(report).map((e) => ({ ...e, name: `Pro Git ${e.lang}` })));
    }
    const results = await mapLimit(books, 2, (b) => aceFindings(b.path, { tools: ace.tools }));
    books.forEach((b, i) => findings.set(b.name, results[i]!));
  });

  for (const name of ['sample en', 'sample zh', ...(progit ? [] : PROGIT_LANGUAGES.map((l) => `Pro Git ${l}`))]) {
    test(`${name}: Ace reports no violation`, () => {
      assert.ok(findings.has(name), `${name} was not checked`);
      assert.deepEqual(findings.get(name)!.map(formatDiagnostic), []);
    });
  }

  test("check --epub --a11y: exit 0 on a good EPUB; on one stripped of its metadata and roles, Ace's findings in our format and exit 1", async () => {
    const good = await execa(process.execPath, [CLI, 'check', '--epub', sampleEn, '--a11y'], { reject: false });
    assert.equal(good.exitCode, 0, good.stdout + good.stderr);
    assert.match(good.stderr, /^0 errors, 0 warnings$/m);

    const zip = await JSZip.loadAsync(await readFile(sampleEn));
    const opf = await zip.file('OEBPS/content.opf')!.async('string');
    zip.file('OEBPS/content.opf', opf.replace(/ *<meta property="(?:schema|dcterms):[^"]*"[^>]*>[^<]*<\/meta>\n/g, ''));
    const chapter = await zip.file('OEBPS/ch01.xhtml')!.async('string');
    zip.file('OEBPS/ch01.xhtml', chapter.replace(' role="doc-chapter"', ''));
    const stripped = join(await tempDir(), 'stripped.epub');
    await writeFile(stripped, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));

    const bad = await execa(process.execPath, [CLI, 'check', '--epub', stripped, '--a11y'], { reject: false });
    assert.equal(bad.exitCode, 1, bad.stdout + bad.stderr);
    const lines = bad.stdout.trim().split('\n');
    assert.ok(
      lines.includes(`${stripped}/OEBPS/content.opf: error: Publications must declare the 'schema:accessMode' metadata [metadata-accessmode]`),
      bad.stdout,
    );
    assert.ok(
      lines.some((l) => l.startsWith(`${stripped}/OEBPS/ch01.xhtml: warning: `) && l.endsWith('[epub-type-has-matching-role]')),
      bad.stdout,
    );
    for (const line of lines) assert.match(line, /^\S+\.epub\/\S+: (error|warning): .+ \[[a-z0-9-]+\]$/);
  });
});
