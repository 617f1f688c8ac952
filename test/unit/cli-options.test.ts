// The options build, doctor, serve and check share are declared once; --format's help lists the
// formats the writer registry has, read from it when the CLI runs.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { main } from '../../src/cli/main.js';
import { diaChoice, formatChoices } from '../../src/cli/options.js';
import { DEFAULT_FORMATS, WRITERS } from '../../src/writers/registry.js';
import type { Writer } from '../../src/writers/writer.js';

async function help(command: string): Promise<string> {
  let out = '';
  const code = await main([command, '--help'], { stdout: (t) => (out += t), stderr: () => {} });
  assert.equal(code, 0);
  // commander wraps long descriptions and aligns them to the widest flag: one line per option, single spaces.
  return out.replace(/\n {3,}/g, ' ').replace(/ {2,}/g, ' ');
}

const titles: Writer = { format: 'titles', extension: 'titles.txt', from: 'document', render: async () => Buffer.from('') };

test("--format's help lists the registry's formats, read from it rather than copied", async () => {
  const choices = `${WRITERS.map((w) => w.format).join(', ')}, or all`;
  assert.match(await help('build'), new RegExp(`-f, --format <formats> comma-separated formats: ${choices} \\(default: ${DEFAULT_FORMATS.join(',')};`));
  assert.match(await help('doctor'), new RegExp(`-f, --format <formats> formats as for build: ${choices}; their tools are required`));
  assert.equal(formatChoices([...WRITERS, titles]), `${WRITERS.map((w) => w.format).join(', ')}, titles, or all`, 'a writer added is listed');
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
