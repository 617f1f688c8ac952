// The options build, doctor, serve and check share are declared once; --format's help lists the
// formats the writer registry has when the CLI is run, so a registered writer shows up there.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { main } from '../../src/cli/main.js';
import { diaChoice } from '../../src/cli/options.js';
import { registerWriter } from '../../src/writers/registry.js';
import type { Writer } from '../../src/writers/writer.js';

async function help(command: string): Promise<string> {
  let out = '';
  const code = await main([command, '--help'], { stdout: (t) => (out += t), stderr: () => {} });
  assert.equal(code, 0);
  // commander wraps long descriptions and aligns them to the widest flag: one line per option, single spaces.
  return out.replace(/\n {3,}/g, ' ').replace(/ {2,}/g, ' ');
}

const titles: Writer = { format: 'titles', extension: 'titles.txt', from: 'document', render: async () => Buffer.from('') };

test('--format lists every registered format, a writer registered later too, and only while it is registered', async () => {
  for (const command of ['build', 'doctor']) {
    assert.match(await help(command), /-f, --format <formats> .*html, epub, mobi, azw3, pdf, or all/, command);
  }
  const unregister = registerWriter(titles);
  try {
    assert.match(await help('build'), /comma-separated formats: html, epub, mobi, azw3, pdf, titles, or all \(default: html,epub,mobi;/);
    assert.match(await help('doctor'), /formats as for build: html, epub, mobi, azw3, pdf, titles, or all; their tools are required/);
  } finally {
    unregister();
  }
  assert.doesNotMatch(await help('build'), /titles/);
});

test('the shared options read the same in every command that takes them', async () => {
  const pages = Object.fromEntries(await Promise.all(['build', 'doctor', 'serve', 'check'].map(async (c) => [c, await help(c)] as const)));
  const line = (page: string, flag: string) =>
    page
      .split('\n')
      .find((l) => l.trimStart().startsWith(flag))
      ?.trim();
  assert.equal(line(pages.build!, '--config'), line(pages.serve!, '--config'));
  assert.equal(line(pages.build!, '--config'), line(pages.check!, '--config'));
  assert.equal(line(pages.build!, '--ebook-convert'), line(pages.doctor!, '--ebook-convert'));
  assert.equal(line(pages.build!, '--dia'), line(pages.serve!, '--dia'));
  assert.equal(line(pages.build!, '--no-dia'), line(pages.serve!, '--no-dia'));
  assert.match(line(pages.doctor!, '-o, --out')!, /\(default: "\.\/dist"\)$/);
});

test('--dia PATH, --no-dia and neither become a path, false and "find it"', () => {
  assert.equal(diaChoice('/opt/dia'), '/opt/dia');
  assert.equal(diaChoice(false), false);
  assert.equal(diaChoice(true), undefined);
  assert.equal(diaChoice(undefined), undefined);
});
