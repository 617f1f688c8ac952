// The tool's identity in every cache key changes whenever its compiled code is written again.
import assert from 'node:assert/strict';
import { mkdir, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { toolVersion } from '../../src/cache/keys.js';
import { tempDir } from '../helpers.js';

test('tool version: compiled code written again or added changes the stamp; the same files, or a source map, keep it', async () => {
  const root = await tempDir();
  await mkdir(join(root, 'markdown'));
  const file = join(root, 'markdown', 'render.js');
  const then = new Date(Date.now() - 60_000);
  await writeFile(file, 'export const a = 1;\n');
  await utimes(file, then, then);
  const first = (await toolVersion(root)).code;
  assert.equal((await toolVersion(root)).code, first, 'the same files, the same stamp');

  await writeFile(join(root, 'markdown', 'render.js.map'), '{}');
  assert.equal((await toolVersion(root)).code, first, 'source maps are not code');

  await writeFile(file, 'export const a = 2;\n');
  const rewritten = (await toolVersion(root)).code;
  assert.notEqual(rewritten, first, 'tsc writing the file again');

  await writeFile(join(root, 'markdown', 'new.js'), '');
  assert.notEqual((await toolVersion(root)).code, rewritten, 'a new compiled file');
});
