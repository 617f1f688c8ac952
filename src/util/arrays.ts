/**
 * Appends every item of `items` to `target`. `target.push(...items)` passes each item as an argument
 * and overflows the call stack past ~100,000 of them (a chapter of 80,000 paragraphs).
 */
export function appendAll<T>(target: T[], items: Iterable<T>): T[] {
  for (const item of items) target.push(item);
  return target;
}
