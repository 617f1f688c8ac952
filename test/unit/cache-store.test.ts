// The build cache's size limit: least recently used files go first, and the cache is walked only
// when what it holds may be over the limit or was last counted a day ago. A damaged blob or entry
// is a miss that the next build repairs.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { BuildCache } from '../../src/cache/store.js';
import { isLanguageEntry } from '../../src/cache/language-entry.js';
import { tempDir } from '../helpers.js';

const DAY = 24 * 60 * 60 * 1000;
const blobFile = (cache: BuildCache, hash: string) => join(cache.dir, 'blobs', hash.slice(0, 2), hash);

test('cache prune: removes the least recently used blobs down to the limit, then trusts its count for a day', async () => {
  const cache = (await BuildCache.open(join(await tempDir(), 'cache')))!;
  const old = await cache.putBlob(new Uint8Array(1000).fill(1));
  const recent = await cache.putBlob(new Uint8Array(1000).fill(2));
  const past = new Date(Date.now() - 60_000);
  await utimes(blobFile(cache, old), past, past);

  const now = Date.now();
  await cache.prune(1500, now);
  assert.equal(existsSync(blobFile(cache, old)), false, 'the older blob goes');
  assert.equal(existsSync(blobFile(cache, recent)), true, 'the newer blob stays');
  assert.ok(Buffer.from((await cache.getBlob(recent))!).equals(Buffer.alloc(1000, 2)));

  // A file the count does not know of (another process's, say) is not seen while the count is fresh...
  const stray = join(cache.dir, 'blobs', 'stray');
  await writeFile(stray, new Uint8Array(5000));
  await cache.prune(1500, now + 1000);
  assert.equal(existsSync(stray), true, 'no walk while the counted size plus what was written fits');

  // ...but what this process writes counts: going over the limit walks and trims at once.
  await utimes(stray, past, past);
  const later = new Date(past.getTime() + 30_000);
  await utimes(blobFile(cache, recent), later, later);
  const next = await cache.putBlob(new Uint8Array(600).fill(3));
  await cache.prune(1500, now + 2000);
  assert.equal(existsSync(stray), false, 'over the limit: the cache is walked and the oldest files go');
  assert.equal(existsSync(blobFile(cache, recent)), false);
  assert.equal(existsSync(blobFile(cache, next)), true);

  // A day later the cache is counted again, whatever was written.
  await writeFile(stray, new Uint8Array(5000));
  await utimes(stray, past, past);
  await cache.prune(1_000_000, now + 3000);
  assert.equal(existsSync(stray), true);
  await cache.prune(1500, now + DAY + 3000);
  assert.equal(existsSync(stray), false, 'a stale count is redone');

  // A count dated in the future (a clock set back) is not trusted either.
  await writeFile(stray, new Uint8Array(5000));
  await utimes(stray, past, past);
  await cache.prune(1500, now - DAY);
  assert.equal(existsSync(stray), false, 'a count from the future is redone');
});

test('cache blob: one damaged without changing its size is a miss, and the next put writes it again', async () => {
  const cache = (await BuildCache.open(join(await tempDir(), 'cache')))!;
  const bytes = new Uint8Array(100).fill(7);
  const hash = await cache.putBlob(bytes);
  await writeFile(blobFile(cache, hash), new Uint8Array(100).fill(8));
  assert.equal(await cache.getBlob(hash), undefined);
  await cache.putBlob(bytes);
  assert.ok(Buffer.from((await cache.getBlob(hash))!).equals(Buffer.from(bytes)));
});

test('cache entry: one that is not JSON, or JSON of another shape, is a miss', async () => {
  const cache = (await BuildCache.open(join(await tempDir(), 'cache')))!;
  const good = {
    lang: 'en',
    chapters: 1,
    warnings: [{ severity: 'warning', file: 'en/01/a.markdown', line: 3, message: 'image x.png not found', rule: 'image-missing' }],
    artifacts: { html: { file: 'book.en.html', sha256: 'ab', bytes: 10 } },
    assets: [{ path: '/book/art/a.png', sha256: 'cd' }],
    missing: ['/book/art/x.png'],
  };
  await cache.putEntry('lang', 'k', good);
  assert.deepEqual(await cache.getEntry('lang', 'k', isLanguageEntry), good);
  const wrong: unknown[] = [
    {},
    null,
    [],
    { ...good, assets: {} },
    // Written before the missing images were recorded: rebuilt once, rather than trusted.
    { ...good, missing: undefined },
    { ...good, warnings: [{ severity: 'warning' }] },
    { ...good, validation: { errors: '0' } },
    { ...good, artifacts: { html: { ...good.artifacts.html, bytes: '10' } } },
    // Restore writes the file an artifact names: never outside the output directory.
    { ...good, artifacts: { html: { ...good.artifacts.html, file: '../book.en.html' } } },
  ];
  for (const value of wrong) {
    await cache.putEntry('lang', 'k', value);
    assert.equal(await cache.getEntry('lang', 'k', isLanguageEntry), undefined, JSON.stringify(value));
  }
  await writeFile(join(cache.dir, 'entries', 'lang-k.json'), '{"chapters": 1,');
  assert.equal(await cache.getEntry('lang', 'k', isLanguageEntry), undefined);
});
