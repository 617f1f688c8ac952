// Figures are read once per process (file-bytes.ts): what `serve` shows after a figure changes,
// and what a build writes after a failed read, must still be the file as it is now.
import assert from 'node:assert/strict';
import { mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { dataUri, fileBytes, fileRound } from '../../src/util/file-bytes.js';

test('a file is read once, and again once it changes', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'asset-bytes-'));
  try {
    const path = join(dir, 'fig.png');
    await writeFile(path, 'first');
    const a = await fileBytes(path);
    assert.equal(a.toString(), 'first');
    assert.equal(await fileBytes(path), a, 'the same bytes are shared, not read again');
    assert.equal((await dataUri(path, 'image/png')).toString('latin1'), `data:image/png;base64,${Buffer.from('first').toString('base64')}`);

    // Same size, later time: a changed figure under `serve`.
    await writeFile(path, 'other');
    await utimes(path, new Date(), new Date(Date.now() + 5000));
    assert.equal((await fileBytes(path)).toString(), 'other');
    assert.equal((await dataUri(path, 'image/png')).toString('latin1'), `data:image/png;base64,${Buffer.from('other').toString('base64')}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a missing image fails each time it is asked for, and is read once it exists', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'asset-bytes-'));
  try {
    const path = join(dir, 'late.png');
    await assert.rejects(fileBytes(path), /ENOENT/);
    await assert.rejects(fileBytes(path), /ENOENT/);
    await writeFile(path, 'now here');
    assert.equal((await fileBytes(path)).toString(), 'now here');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('within a round a file is checked once: the build sees one version of it; after the round, the new one', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'asset-bytes-'));
  try {
    const path = join(dir, 'fig.png');
    await writeFile(path, 'first');
    const round = fileRound();
    assert.equal((await fileBytes(path, round)).toString(), 'first');
    await writeFile(path, 'other');
    await utimes(path, new Date(), new Date(Date.now() + 5000));
    assert.equal((await fileBytes(path, round)).toString(), 'first', 'the same bytes for the whole round');
    assert.equal((await fileBytes(path)).toString(), 'other');
    const next = fileRound();
    await writeFile(path, 'third');
    await utimes(path, new Date(), new Date(Date.now() + 10000));
    assert.equal((await fileBytes(path, next)).toString(), 'third', 'a new round checks again');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('two rounds at once (two builds in one process): each its own, neither ends the other', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'asset-bytes-'));
  try {
    const path = join(dir, 'fig.png');
    await writeFile(path, 'first');
    const longer = fileRound();
    const shorter = fileRound();
    assert.equal((await fileBytes(path, longer)).toString(), 'first');
    assert.equal((await fileBytes(path, shorter)).toString(), 'first');
    await writeFile(path, 'other');
    await utimes(path, new Date(), new Date(Date.now() + 5000));
    assert.equal((await fileBytes(path, longer)).toString(), 'first', 'still the version its round checked');
    assert.equal((await fileBytes(path, fileRound())).toString(), 'other', 'a round begun since sees the new one');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
