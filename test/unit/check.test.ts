// `check`: every rule with a source that breaks it and one that does not; the CLI's output format.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { execa } from 'execa';
import { check } from '../../src/check/check.js';
import type { Diagnostic } from '../../src/util/diagnostics.js';
import { CLI, makeBook, tempDir, TINY_PNG } from '../helpers.js';

const FIG = { 'figures/fig0101-tn.png': TINY_PNG, 'figures/fig0102-tn.png': TINY_PNG };

async function lint(files: Record<string, string | Uint8Array>): Promise<{ findings: Diagnostic[]; root: string; ok: boolean }> {
  const root = await makeBook({ ...FIG, ...files });
  const report = await check({ book: root });
  return { findings: report.findings, root, ok: report.ok };
}

const rules = (findings: Diagnostic[]) => findings.map((f) => `${f.rule}:${f.severity}:${f.line}`);

const CASES: { rule: string; severity: 'error' | 'warning'; bad: string | Uint8Array; line: number; good: string }[] = [
  { rule: 'heading-trailing', severity: 'error', bad: '# T\n\n## Section ## extra words\n', line: 3, good: '# T\n\n## Section ##\n\n## C# and F# ##\n' },
  { rule: 'heading-trailing', severity: 'error', bad: '# T\n\n##GitWeb## notes\n', line: 3, good: '# T\n\n##GitWeb##\n' },
  { rule: 'insert-case', severity: 'warning', bad: '# T\n\ninsert fig0101.png\nFigure 1-1. A\n', line: 3, good: '# T\n\nInsert fig0101.png\nFigure 1-1. A\n' },
  { rule: 'figure-caption', severity: 'error', bad: '# T\n\nInsert fig0101.png\n\n\n', line: 3, good: '# T\n\nInsert fig0101.png\nFigure 1-1. A\n' },
  { rule: 'figure-missing', severity: 'error', bad: '# T\n\nInsert fig0199.png\nFigure 1-1. A\n', line: 3, good: '# T\n\nInsert fig0102.png\nFigure 1-1. A\n' },
  {
    rule: 'caption-number',
    severity: 'warning',
    bad: '# T\n\nInsert fig0101.png\nFigure 3-1. Wrong chapter\n',
    line: 4,
    good: '# T\n\nInsert fig0101.png\nFigure 1-1. Right chapter\n',
  },
  {
    rule: 'encoding',
    severity: 'error',
    bad: Buffer.concat([Buffer.from('# T\n\ncaf'), Buffer.from([0xe9]), Buffer.from('\n')]),
    line: 3,
    good: '# T\n\ncafé\n',
  },
  { rule: 'encoding-bom', severity: 'warning', bad: '\ufeff# T\n\nText.\n', line: 1, good: '# T\n\nText.\n' },
  { rule: 'comment-unterminated', severity: 'error', bad: '# T\n\n<!-- open\n\nlost\n', line: 3, good: '# T\n\n<!-- closed -->\n\nkept\n' },
  { rule: 'fence-unterminated', severity: 'error', bad: '# T\n\n```\ncode\n', line: 3, good: '# T\n\n```\ncode\n```\n' },
  { rule: 'link-anchor', severity: 'warning', bad: '# T\n\n## Target\n\nSee [it](#nowhere).\n', line: 5, good: '# T\n\n## Target\n\nSee [it](#target).\n' },
  {
    rule: 'id-duplicate',
    severity: 'warning',
    bad: '# T\n\n<a name="x"></a>\n\n<a name="x"></a>\n',
    line: 5,
    good: '# T\n\n<a name="x"></a>\n\n<a name="y"></a>\n',
  },
  {
    rule: 'link-anchor',
    severity: 'warning',
    bad: '# T\n\nText <a id="here"></a> and\n[a link](#there).\n',
    line: 4,
    good: '# T\n\nText <a id="here"></a> and\n[a link](#here).\n',
  },
  {
    rule: 'id-duplicate',
    severity: 'warning',
    bad: '# T\n\n## Setup\n\n## Setup\n\nSee the first line,\nthen [setup](#setup).\n',
    line: 8,
    good: '# T\n\n## Setup\n\n## Summary\n\n## Summary\n\nSee [setup](#setup).\n',
  },
];

for (const c of CASES) {
  test(`check ${c.rule}: reported as ${c.severity} at the line, and not for the correct source`, async () => {
    const bad = await lint({ 'en/01-a/01-chapter1.markdown': c.bad });
    const hit = bad.findings.filter((f) => f.rule === c.rule);
    assert.equal(hit.length, 1, rules(bad.findings).join(', '));
    assert.equal(hit[0]!.severity, c.severity);
    assert.equal(hit[0]!.line, c.line);
    assert.equal(hit[0]!.file, join(bad.root, 'en/01-a/01-chapter1.markdown'));
    assert.equal(bad.ok, c.severity !== 'error');
    const good = await lint({ 'en/01-a/01-chapter1.markdown': c.good });
    assert.deepEqual(rules(good.findings), []);
    assert.equal(good.ok, true);
  });
}

test('check figure-count: more figures in a chapter than the reference language has is an error at the extra directive', async () => {
  const en = '# T\n\nInsert fig0101.png\nFigure 1-1. A\n';
  const two = '# T\n\nInsert fig0101.png\nFigure 1-1. A\n\nInsert fig0102.png\nFigure 1-2. B\n';
  const bad = await lint({ 'en/01-a/01.markdown': en, 'de/01-a/01.markdown': two, 'fr/01-a/01.markdown': en });
  assert.deepEqual(rules(bad.findings), ['figure-count:error:6']);
  assert.match(bad.findings[0]!.file!, /de\/01-a\/01\.markdown$/);
  const good = await lint({ 'en/01-a/01.markdown': two, 'de/01-a/01.markdown': en });
  assert.deepEqual(rules(good.findings), []);
});

test('check reads past a broken file: the other files and languages are still linted', async () => {
  const { findings } = await lint({
    'en/01-a/01.markdown': Buffer.from([0x23, 0x20, 0xff, 0x0a]),
    'en/02-b/01.markdown': '# B ## junk\n',
    'de/01-a/01.markdown': '# A\n\n```\nopen\n',
  });
  assert.deepEqual(findings.map((f) => f.rule).sort(), ['encoding', 'fence-unterminated', 'heading-trailing']);
});

test('the CLI prints path:line:col: severity: message [rule], exits 1 on errors, 0 on warnings only; --json', async () => {
  const book = await makeBook({
    ...FIG,
    'en/01-a/01.markdown': '# T\n\n## S ## junk\n\nInsert fig0101.png\nFigure 1-1. A\n',
    'de/01-a/01.markdown': '# T\n\ninsert fig0101.png\nAbbildung 1-1. A\n',
  });
  const run = await execa(process.execPath, [CLI, 'check', book], { reject: false });
  assert.equal(run.exitCode, 1);
  assert.match(run.stdout, /de\/01-a\/01\.markdown:3:1: warning: figure directive spelled "insert": write "Insert" \[insert-case\]/);
  assert.match(run.stdout, /en\/01-a\/01\.markdown:3:\d+: error: text "junk" after the heading's closing ##: .* \[heading-trailing\]/);
  assert.match(run.stderr, /1 error, 1 warning/);
  const warnOnly = await execa(process.execPath, [CLI, 'check', book, '--lang', 'de', '--json'], { reject: false });
  assert.equal(warnOnly.exitCode, 0);
  const report = JSON.parse(warnOnly.stdout);
  assert.equal(report.ok, true);
  assert.deepEqual(
    report.findings.map((f: Diagnostic) => f.rule),
    ['insert-case'],
  );
  const usage = await execa(process.execPath, [CLI, 'check', book, '--reference', 'xx'], { reject: false });
  assert.equal(usage.exitCode, 2);
  assert.match(usage.stderr, /unknown reference language: xx; available: de, en/);
});

test('a chapter file that cannot be opened is one finding; the rest is still checked, no stack trace', async () => {
  const { symlink } = await import('node:fs/promises');
  const root = await makeBook({ ...FIG, 'en/01-a/01.markdown': '# A ## junk\n' });
  await symlink('/nowhere/at/all.markdown', join(root, 'en/01-a/02.markdown'));
  const run = await execa(process.execPath, [CLI, 'check', root], { reject: false });
  assert.equal(run.exitCode, 1);
  assert.doesNotMatch(run.stderr, /internal error|at async/);
  assert.match(
    run.stdout,
    /en\/01-a\/02\.markdown: error: chapter file is a symbolic link to \/nowhere\/at\/all\.markdown, which does not exist: fix the link or remove it \[io\]/,
  );
  assert.match(run.stdout, /\[heading-trailing\]/);
});

test('a figure drawn only in <lang>/figures-dia is present for check, status and build; a localized PNG makes its diagram unnecessary', async () => {
  const { status } = await import('../../src/status/status.js');
  const { build } = await import('../../src/build/build.js');
  const chapter = '# A\n\nInsert 18333fig0999.png\nFigure 1-1. Only a diagram\n\nInsert 18333fig0998.png\nFigure 1-2. PNG and diagram\n';
  const root = await makeBook({
    'en/01-a/01.markdown': chapter.replace(/Insert 18333fig099[89]/g, 'Insert fig0101'),
    'ru/01-a/01.markdown': chapter,
    'ru/figures-dia/fig0999.dia': '<?xml version="1.0"?><dia:diagram xmlns:dia="http://www.lysator.liu.se/~alla/dia/"/>',
    'ru/figures-dia/fig0998.dia': '<?xml version="1.0"?><dia:diagram xmlns:dia="http://www.lysator.liu.se/~alla/dia/"/>',
    'ru/figures/18333fig0998-tn.png': TINY_PNG,
    ...FIG,
  });
  const report = await check({ book: root, languages: ['ru'] });
  assert.deepEqual(
    report.findings.filter((f) => f.rule === 'figure-missing'),
    [],
  );
  const ru = (await status({ book: root })).languages.find((l) => l.lang === 'ru')!;
  assert.deepEqual([ru.figures.resolved, ru.figures.localized, ru.figures.unresolved], [2, 2, []]);
  const built = await build({ book: root, languages: ['ru'], formats: ['html'], out: await tempDir(), dia: false });
  const diaWarnings = built.languages[0]!.warnings.filter((w) => w.rule === 'figure-dia');
  assert.equal(diaWarnings.length, 1);
  assert.match(diaWarnings[0]!.message, /^1 localized diagram is not rendered/);
});
