// makeDirectory is `mkdir -p` that ends: Node's recursive mkdir spins forever under /proc.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { makeDirectory } from '../../src/util/make-dir.js';

test('makes missing parents, accepts an existing directory or a link to one, refuses a file in the way', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'make-dir-'));
  try {
    const deep = join(dir, 'a', 'b', 'c');
    await makeDirectory(deep);
    assert.ok((await stat(deep)).isDirectory());
    await makeDirectory(deep);
    await Promise.all([1, 2, 3, 4].map(() => makeDirectory(join(dir, 'x', 'y'))));
    assert.ok((await stat(join(dir, 'x', 'y'))).isDirectory());
    await symlink(deep, join(dir, 'link'));
    await makeDirectory(join(dir, 'link'));
    await makeDirectory(join(dir, 'link', 'd'));
    assert.ok((await stat(join(deep, 'd'))).isDirectory());

    await writeFile(join(dir, 'file'), 'x');
    await assert.rejects(makeDirectory(join(dir, 'file')), { code: 'EEXIST' });
    await assert.rejects(makeDirectory(join(dir, 'file', 'sub')), { code: 'ENOTDIR' });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a file system that answers ENOENT below an existing directory (/proc) gives an error, not an endless loop', async (t) => {
  if (!existsSync('/proc/self/status')) {
    t.skip('no procfs at /proc on this machine: the case cannot be made');
    return;
  }
  const started = Date.now();
  await assert.rejects(makeDirectory(`/proc/progit-ebook-${process.pid}/out`), { code: 'ENOENT' });
  assert.ok(Date.now() - started < 5000);
});
