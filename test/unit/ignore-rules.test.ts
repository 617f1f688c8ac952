// The compiled output (lib/) is ignored by one anchored rule in git, ESLint, Prettier and Docker's
// context, and nothing ignores the sources: a pattern `build/` once hid src/build/ from git.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { ESLint } from 'eslint';
import { execa } from 'execa';
import * as prettier from 'prettier';
import { REPO_ROOT } from '../helpers.js';

const COMPILED = ['lib/src/cli/main.js', 'lib/test/unit/cli.test.js'];
/** Sources whose names a loose rule for the compiled folder would catch. */
const SOURCES = ['src/build/build.ts', 'src/markdown/document.ts', 'test/unit/cli.test.ts'];

test('git ignores lib/ at the top only, never a source', async (t) => {
  const ignored = async (path: string) => (await execa('git', ['check-ignore', '--no-index', '-q', path], { cwd: REPO_ROOT, reject: false })).exitCode === 0;
  const git = await execa('git', ['rev-parse', '--is-inside-work-tree'], { cwd: REPO_ROOT, reject: false });
  if (git.exitCode !== 0) return t.skip(`not a git work tree, or no git: ${git.stderr || git.message}`);
  for (const path of COMPILED) assert.ok(await ignored(path), `${path} is not ignored by git`);
  for (const path of [...SOURCES, 'src/lib/x.ts', 'book/lib/x.md']) assert.equal(await ignored(path), false, `${path} is ignored by git`);
});

test('ESLint and Prettier skip lib/, never a source', async () => {
  const eslint = new ESLint({ cwd: REPO_ROOT });
  const ignorePath = join(REPO_ROOT, '.prettierignore');
  for (const path of COMPILED) {
    assert.ok(await eslint.isPathIgnored(join(REPO_ROOT, path)), `${path} is linted`);
    assert.ok((await prettier.getFileInfo(join(REPO_ROOT, path), { ignorePath })).ignored, `${path} is formatted`);
  }
  for (const path of SOURCES) {
    assert.equal(await eslint.isPathIgnored(join(REPO_ROOT, path)), false, `${path} is not linted`);
    assert.equal((await prettier.getFileInfo(join(REPO_ROOT, path), { ignorePath })).ignored, false, `${path} is not formatted`);
  }
});

test('the Docker context leaves out lib/ by one anchored rule, and keeps src/ (the image compiles it)', async () => {
  const rules = (await readFile(join(REPO_ROOT, '.dockerignore'), 'utf8')).split('\n').filter((l) => l && !l.startsWith('#'));
  assert.ok(rules.includes('/lib'), `.dockerignore: ${rules.join(' ')}`);
  assert.deepEqual(
    rules.filter((r) => /\b(build|lib|src)\b/.test(r) && r !== '/lib'),
    [],
    'a rule that could catch src/build or other sources',
  );
});
