// inOrderAhead: results in input order, never more than `ahead` started beyond the one in use.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { inOrderAhead } from '../../src/util/concurrency.js';

test('inOrderAhead yields in order, starts at most `ahead` at once, and lets a rejection reach its awaiter only', async () => {
  let running = 0;
  let most = 0;
  const started: number[] = [];
  const fn = async (n: number) => {
    started.push(n);
    most = Math.max(most, ++running);
    // Later items finish first: order must come from the input, not from completion.
    await sleep(20 - n);
    running--;
    if (n === 5) throw new Error('five');
    return n * 10;
  };
  const items = Array.from({ length: 12 }, (_, i) => i);
  const seen: (number | string)[] = [];
  for (const [item, p] of inOrderAhead(items, 3, fn)) {
    // Nothing beyond the window has started yet.
    assert.ok(started.length <= seen.length + 3, `started ${started.length} with ${seen.length} used`);
    assert.equal(item, seen.length);
    seen.push(await p.catch((err: Error) => err.message));
  }
  assert.deepEqual(seen, [0, 10, 20, 30, 40, 'five', 60, 70, 80, 90, 100, 110]);
  assert.ok(most <= 3, `at most 3 ran at once, saw ${most}`);
  assert.deepEqual(started, items);
});
