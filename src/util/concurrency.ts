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
