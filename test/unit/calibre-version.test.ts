// calibre's version is found one way, from its sources: the cache key never starts calibre, and
// doctor, which does start it, takes what it prints only when the sources are not there.
import assert from 'node:assert/strict';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { calibreIdentity } from '../../src/cache/keys.js';
import { inspectCalibre, probeCalibre } from '../../src/tools/calibre.js';
import { tempDir } from '../helpers.js';

const constants = (major: number, minor: number, patch: number) => `__appname__ = 'calibre'\nnumeric_version = (${major}, ${minor}, ${patch})\n`;

/** A calibre install laid out like Debian's (`bin/ebook-convert`, `lib/calibre/calibre/constants.py`) whose launcher leaves a mark when started. */
async function fakeInstall(printed: string): Promise<{ root: string; tool: string; started: string }> {
  const root = await tempDir();
  const started = join(root, 'started');
  await mkdir(join(root, 'bin'));
  await mkdir(join(root, 'lib', 'calibre', 'calibre'), { recursive: true });
  await writeFile(join(root, 'lib', 'calibre', 'calibre', 'constants.py'), constants(7, 1, 0));
  const tool = join(root, 'bin', 'ebook-convert');
  await writeFile(tool, `#!/bin/sh\necho started >> '${started}'\necho '${printed}'\n`);
  await chmod(tool, 0o755);
  return { root, tool, started };
}

test('the version comes from constants.py beside the launcher, or where the launcher names it, without starting calibre', async () => {
  const { tool, started } = await fakeInstall('ebook-convert (calibre 7.1.0)');
  assert.equal((await inspectCalibre(tool)).version, '7.1.0');
  const identity = await calibreIdentity(tool);
  assert.equal(identity.version, '7.1.0');
  await assert.rejects(readFile(started), { code: 'ENOENT' }, 'neither started calibre');

  // Debian's launcher names its Python package elsewhere.
  const elsewhere = await tempDir();
  await mkdir(join(elsewhere, 'calibre'));
  await writeFile(join(elsewhere, 'calibre', 'constants.py'), constants(6, 13, 0));
  const launcher = join(await tempDir(), 'ebook-convert');
  await writeFile(launcher, `#!/usr/bin/python3\nsys.path.insert(0, os.environ.get('CALIBRE_PYTHON_PATH', '${elsewhere}'))\n`);
  assert.equal((await inspectCalibre(launcher)).version, '6.13.0');
  assert.notEqual((await calibreIdentity(launcher)).id, identity.id, 'another launcher is another tool');
});

test('without its sources there is no version for the cache key, and doctor takes the one calibre prints', async () => {
  const dir = await tempDir();
  const tool = join(dir, 'ebook-convert');
  await writeFile(tool, "#!/bin/sh\necho 'ebook-convert.py (calibre 6.13.0)'\n");
  await chmod(tool, 0o755);
  assert.equal((await inspectCalibre(tool)).version, undefined);
  const check = await probeCalibre(true, tool, '6.13.0');
  assert.equal(check.version, '6.13.0');
  assert.equal(check.status, 'ok');
});

test("doctor reports the version calibre's sources name, the same one the cache key uses, and still starts calibre to see it works", async () => {
  const { tool, started } = await fakeInstall('ebook-convert (calibre 5.0.0)');
  const check = await probeCalibre(true, tool, '7.1.0');
  assert.equal(check.version, '7.1.0');
  assert.equal(check.version, (await calibreIdentity(tool)).version);
  assert.equal(check.status, 'ok');
  assert.match(await readFile(started, 'utf8'), /started/);
});
