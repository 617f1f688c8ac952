// `build --shard K/N`: which languages a CI job of a matrix builds.
//
// Rule: a language belongs to shard (FNV-1a-32(code) mod N) + 1. Hashing the code alone, rather
// than dealing sorted codes round-robin, is what keeps a language in its shard when languages are
// added or removed: with round-robin one new code shifts every code sorted after it, so each job's
// artifacts and caches would move between shards for no reason. The price is balance: a hash does
// not split evenly. FNV-1a is a fixed, documented hash (no seed, no Node-version dependence); of
// the two standard hashes we measured it spreads the 33 upstream Pro Git codes over 4 shards as
// 10/10/7/6 (SHA-256: 14/5/5/9). Increasing N, not changing the hash, is the way to a faster
// slowest shard.
import { UserError } from '../util/diagnostics.js';

export interface Shard {
  /** 1-based: 1..total. */
  index: number;
  total: number;
}

/** FNV-1a, 32 bits, over the UTF-8 bytes of `text`. */
function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** The 1-based shard, out of `total`, that language `code` always belongs to. */
export function shardOf(code: string, total: number): number {
  return (fnv1a32(code) % total) + 1;
}

/** Why `shard` is not a usable shard, or undefined when it is. */
function shardProblem(shard: Shard): string | undefined {
  const { index, total } = shard;
  if (!Number.isSafeInteger(total) || total < 1) return `the shard count must be a whole number of at least 1, not ${total}`;
  if (!Number.isSafeInteger(index) || index < 1 || index > total) return `the shard number must be a whole number from 1 to ${total}, not ${index}`;
  return undefined;
}

/** Parses `K/N` (shard K of N, 1 <= K <= N); throws an Error saying what is wrong. */
export function parseShard(text: string): Shard {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!match) throw new Error(`expected K/N, shard K of N with 1 <= K <= N (e.g. 2/4), not "${text}"`);
  const shard = { index: Number(match[1]), total: Number(match[2]) };
  const problem = shardProblem(shard);
  if (problem) throw new Error(`${problem} (K/N: shard K of N, e.g. 2/4)`);
  return shard;
}

/** The languages of `shard`, in their given order; every language is in exactly one of the N shards. */
export function languagesOfShard<T extends { code: string }>(languages: T[], shard: Shard): T[] {
  const problem = shardProblem(shard);
  if (problem) throw new UserError({ message: `shard ${shard.index}/${shard.total}: ${problem}`, rule: 'usage' }, 2);
  return languages.filter((l) => shardOf(l.code, shard.total) === shard.index);
}

/** The line a build prints when its shard holds none of the book's languages (not an error). */
export function emptyShardNote<T extends { code: string }>(languages: T[], shard: Shard): string {
  const where = languages.map((l) => `${l.code} -> ${shardOf(l.code, shard.total)}`).join(', ');
  return `note: shard ${shard.index}/${shard.total} holds none of the ${languages.length} selected language${languages.length === 1 ? '' : 's'} (${where}); nothing to build`;
}
