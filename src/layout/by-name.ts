// The order of language, chapter and file names: Intl.Collator('en', { numeric: true }), so that
// `2-basics` comes before `10-internals`. Creating that collator loads ICU's collation data, a
// noticeable part of every build; the names books use (`en`, `pt-br`, `01-introduction`) are settled by two plain
// rules that give the collator's answer, and the collator is made only for any other pair.
// test/unit/by-name.test.ts holds the two to the same order.

/** Lowercase ASCII letters, `-` and `.`: the collator orders these as their code units. */
const PLAIN = /^[a-z.-]*$/;
const LEADING_NUMBER = /^\d+/;

let collator: ((a: string, b: string) => number) | undefined;

export function byName(a: string, b: string): number {
  if (PLAIN.test(a) && PLAIN.test(b)) return a < b ? -1 : a > b ? 1 : 0;
  // Different leading numbers decide before anything after them.
  const na = LEADING_NUMBER.exec(a)?.[0];
  const nb = na === undefined ? undefined : LEADING_NUMBER.exec(b)?.[0];
  if (na !== undefined && nb !== undefined && Number(na) !== Number(nb)) return Number(na) < Number(nb) ? -1 : 1;
  collator ??= new Intl.Collator('en', { numeric: true }).compare;
  return collator(a, b);
}
