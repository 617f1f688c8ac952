/** Maps over items with at most `limit` promises in flight; results keep the input order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** A queue that runs at most `limit` tasks at once, for work started from many places. */
export function limiter(limit: number): <R>(task: () => Promise<R>) => Promise<R> {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async <R>(task: () => Promise<R>): Promise<R> => {
    if (active >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    active++;
    try {
      return await task();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}

/**
 * A place among `limit` held from acquire() until the returned release() (which may be called more
 * than once): for work whose end is not the end of one function.
 */
export function semaphore(limit: number): () => Promise<() => void> {
  const run = limiter(limit);
  return () =>
    new Promise((acquired) => {
      void run(
        () =>
          new Promise<void>((release) => {
            acquired(() => release());
          }),
      );
    });
}

/**
 * Each item with `fn` of it, in order, with up to `ahead` calls started before their result is
 * needed: files read side by side but used one after the other, without holding all of them in
 * memory. A rejection is seen by whoever awaits that item's promise, never as unhandled.
 */
export function* inOrderAhead<T, R>(items: readonly T[], ahead: number, fn: (item: T) => Promise<R>): Generator<[T, Promise<R>]> {
  const started: (Promise<R> | undefined)[] = [];
  for (let i = 0; i < items.length; i++) {
    while (started.length < Math.min(items.length, i + Math.max(1, ahead))) {
      const p = fn(items[started.length]!);
      p.catch(() => {});
      started.push(p);
    }
    const current = started[i]!;
    // Forgotten once handed out: the caller holds what it still needs.
    started[i] = undefined;
    yield [items[i]!, current];
  }
}
