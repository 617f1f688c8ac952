// Nesting a contributor can write into one chapter: the chapter fails with its line, in bounded
// memory and time, and the other languages are built. The CLI runs as a child process with a heap
// of 1 GiB, so a parser that needs more aborts the test's child instead of passing slowly.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { execa } from 'execa';
import { CLI, makeBook, tempDir } from '../helpers.js';

function cli(args: string[]) {
  return execa(process.execPath, ['--max-old-space-size=1024', CLI, ...args], { reject: false, timeout: 30_000, env: { PATH: '' }, extendEnv: true });
}

/** A book with a healthy `en` and a `fr` whose chapter is `text` after its heading. */
function book(text: string): Promise<string> {
  return makeBook({ 'en/01-a/01.markdown': '# A\n\nFine.\n', 'fr/01-a/01.markdown': `# A\n\n${text}` });
}

/** Line i (1 to n) starts with i times `> `: 3.9 MB for n = 1,999. */
function staircase(n: number): string {
  const lines: string[] = [];
  for (let i = 1; i <= n; i++) lines.push(`${'> '.repeat(i)}x`);
  return `${lines.join('\n')}\n`;
}

test('a staircase of 1,999 blockquote levels fails its language at its line; the others are built, the lock is gone; check and status say so too', async () => {
  const root = await book(staircase(1999));
  const out = await tempDir();
  const built = await cli(['build', root, '--out', out, '--format', 'html,epub']);
  assert.equal(built.exitCode, 1, built.stderr);
  assert.match(built.stderr, /fr\/01-a\/01\.markdown:2001: error: blockquotes or lists nested too deeply \(1999 levels, more than 100\)/);
  assert.ok(existsSync(join(out, `${root.split('/').pop()}.en.html`)), built.stderr);
  assert.ok(!existsSync(join(out, '.progit-ebook.lock')));
  const checked = await cli(['check', root]);
  assert.equal(checked.exitCode, 1, checked.stderr);
  assert.match(checked.stdout + checked.stderr, /fr\/01-a\/01\.markdown:2001:1: error: blockquotes or lists nested too deeply/);
  const status = await cli(['status', root, '--json']);
  assert.equal(status.exitCode, 0, status.stderr);
  const fr = (JSON.parse(status.stdout) as { languages: { lang: string; warnings: { line: number; rule: string }[] }[] }).languages.find(
    (l) => l.lang === 'fr',
  );
  assert.deepEqual(
    fr?.warnings.map((w) => [w.line, w.rule]),
    [[2001, 'too-deep']],
  );
});

test('a list nested 600 levels is reported as nesting, not as a long paragraph', async () => {
  const lines: string[] = [];
  for (let i = 0; i < 600; i++) lines.push(`${'  '.repeat(i)}- x`);
  const built = await cli(['build', await book(`${lines.join('\n')}\n`), '--out', await tempDir(), '--format', 'html']);
  assert.equal(built.exitCode, 1, built.stderr);
  assert.match(built.stderr, /fr\/01-a\/01\.markdown:602: error: blockquotes or lists nested too deeply \(600 levels, more than 100\): flatten the nesting/);
  assert.doesNotMatch(built.stderr, /paragraph/);
});

test('15 MB nested 100 levels deep (under every depth limit) is refused for its size before the parser takes gigabytes', async () => {
  const text = `${'> '.repeat(100)}some words of text here\n`.repeat(70_000);
  const root = await book(text);
  const out = await tempDir();
  const built = await cli(['build', root, '--out', out, '--format', 'html']);
  assert.equal(built.exitCode, 1, built.stderr);
  assert.match(
    built.stderr,
    /fr\/01-a\/01\.markdown:3: error: blockquotes or lists \(up to 100 levels deep here\) nest too much text: 1495 MiB .*\[too-deep\]/,
  );
  assert.ok(existsSync(join(out, `${root.split('/').pop()}.en.html`)), built.stderr);
});
