// DAISY Ace's report.json as our findings: a violation per failed assertion, on the document inside
// the EPUB whatever form Ace names it in, errors for critical and serious impacts; and what a
// missing Ace or browser says.
import assert from 'node:assert/strict';
import { chmod, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { aceFindings as reportFindings, parseAceReport } from '../../src/tools/ace-report.js';
import { aceFindings, requireAce, type AceTools } from '../../src/tools/ace.js';
import { formatDiagnostic, UserError } from '../../src/util/diagnostics.js';
import { tempDir } from '../helpers.js';

const failure = (rule: string, impact: string, description: string, css?: string[]) => ({
  '@type': 'earl:assertion',
  'earl:result': { 'earl:outcome': 'fail', 'dct:description': description, ...(css ? { 'earl:pointer': { cfi: ['/4/2'], css } } : {}) },
  'earl:assertedBy': 'aXe',
  'earl:test': { 'earl:impact': impact, 'dct:title': rule, 'dct:description': `Ensures ${rule}` },
});

// The shapes Ace 1.4 writes: the nav document by its absolute path, the package from the root,
// content documents relative to the package.
const REPORT = {
  '@type': 'earl:report',
  assertions: [
    { '@type': 'earl:assertion', 'earl:result': { 'earl:outcome': 'pass' }, assertions: [], 'earl:testSubject': { url: '/OEBPS/toc.xhtml' } },
    {
      'earl:testSubject': { url: 'OEBPS/content.opf' },
      assertions: [failure('metadata-accessmode', 'serious', "Publications must declare the 'schema:accessMode' metadata")],
    },
    {
      'earl:testSubject': { url: 'ch01.xhtml' },
      assertions: [failure('epub-type-has-matching-role', 'moderate', 'Element has no ARIA role matching its epub:type', ['section'])],
    },
    { 'earl:testSubject': { url: 'ch02.xhtml' }, assertions: [{ ...failure('x', 'minor', 'y'), 'earl:result': { 'earl:outcome': 'pass' } }] },
  ],
};

test('each failed assertion is one finding on <epub>/<document>, error for serious, warning for moderate, with where', () => {
  const findings = reportFindings(parseAceReport(JSON.stringify(REPORT)), 'dist/progit.en.epub');
  assert.deepEqual(findings.map(formatDiagnostic), [
    "dist/progit.en.epub/OEBPS/content.opf: error: Publications must declare the 'schema:accessMode' metadata [metadata-accessmode]",
    'dist/progit.en.epub/OEBPS/ch01.xhtml: warning: Element has no ARIA role matching its epub:type (at section) [epub-type-has-matching-role]',
  ]);
});

test('a package at the root: bare names stay as they are', () => {
  const report = {
    assertions: [
      { 'earl:testSubject': { url: 'package.opf' }, assertions: [] },
      { 'earl:testSubject': { url: 'c.xhtml' }, assertions: [failure('r', 'critical', 'd')] },
    ],
  };
  assert.deepEqual(
    reportFindings(parseAceReport(JSON.stringify(report)), 'b.epub').map((f) => [f.file, f.severity]),
    [['b.epub/c.xhtml', 'error']],
  );
});

test('anything else than an Ace report is refused with what is wrong', () => {
  assert.throws(() => parseAceReport('{"assertions": 3}'), /not an Ace report: assertions/);
  assert.throws(() => parseAceReport('not json'), SyntaxError);
});

test('no Ace or no browser: a tool-missing error (exit 1) naming the install command', () => {
  const env = { PATH: '/nonexistent', PUPPETEER_EXECUTABLE_PATH: '/nonexistent/chromium' };
  assert.throws(
    () => requireAce(env),
    (err: unknown) => {
      assert.ok(err instanceof UserError);
      assert.equal(err.exitCode, 1);
      assert.equal(err.diagnostic.rule, 'tool-missing');
      assert.match(err.diagnostic.message, /needs .*Chromium.*not found/);
      assert.match(err.diagnostic.message, /npm install --global @daisy\/ace-cli/);
      return true;
    },
  );
});

/** A stand-in for Ace: a shell script given `--outdir DIR --force FILE`. */
async function fakeAce(script: string): Promise<AceTools> {
  const dir = await tempDir();
  const file = join(dir, 'ace');
  await writeFile(file, `#!/bin/sh\n${script}\n`);
  await chmod(file, 0o755);
  return { ace: { file, args: [] }, browser: '/bin/true' };
}

test('aceFindings: the report Ace writes into --outdir, named on the label; a failed run is one [ace] error in its own words', async () => {
  const report = JSON.stringify(REPORT).replace(/'/g, "'\\''");
  const writes = await fakeAce(`[ "$1" = --outdir ] && printf '%s' '${report}' > "$2/report.json"`);
  const found = await aceFindings('book.epub', { tools: writes, label: 'dist/book.epub' });
  assert.deepEqual(
    found.map((f) => [f.file, f.rule]),
    [
      ['dist/book.epub/OEBPS/content.opf', 'metadata-accessmode'],
      ['dist/book.epub/OEBPS/ch01.xhtml', 'epub-type-has-matching-role'],
    ],
  );

  const fails = await fakeAce(
    `printf '\\033[31merror\\033[39m:   Couldn’t find EPUB file %s\\n\\033[31merror\\033[39m:   \\ninfo:    Closing logs.\\nRe-run Ace using the --verbose option\\n' "$4"; exit 1`,
  );
  const [failure, ...rest] = await aceFindings('missing.epub', { tools: fails });
  assert.deepEqual(rest, []);
  assert.equal(failure!.rule, 'ace');
  assert.equal(failure!.file, 'missing.epub');
  assert.match(failure!.message, /^Ace exited with code 1:\nCouldn’t find EPUB file \/\S+missing\.epub$/);

  const silent = await fakeAce('exit 0');
  assert.match((await aceFindings('x.epub', { tools: silent }))[0]!.message, /^Ace exited without writing its output file/);
});
