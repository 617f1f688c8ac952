// How current each translation is, for its readers: at build time, from the book's history when it
// has one, the same rule as `status` (pending.ts) summed over the chapters a language shares with
// the reference. Without history: nothing, and no error. Only the history decides the words, so a
// given commit always gives the same bytes.
import { nameIn } from '../config/language-names.js';
import { currencySentence, type CurrencyFacts } from '../config/currency-labels.js';
import { resolveReference } from '../layout/reference.js';
import type { BookLayout } from '../model/book.js';
import { inCheckout } from '../util/git.js';
import { readCommits } from './history.js';
import { SyncIndex } from './pending.js';
import { languageSync } from './sync.js';

export interface Currency extends CurrencyFacts {
  reference: string;
}

/** Per translation in `codes`, its pending commits of the default reference; undefined without history or reference. */
export async function readCurrency(layout: BookLayout, codes: readonly string[]): Promise<Map<string, Currency> | undefined> {
  const ref = resolveReference(layout.languages, undefined, 'optional');
  const wanted = layout.languages.filter((l) => l !== ref && codes.includes(l.code));
  if (!ref || wanted.length === 0 || !inCheckout(layout.root)) return undefined;
  const reference = ref.code;
  const found = await readCommits(layout.root);
  if ('missing' in found) return undefined;
  const index = new SyncIndex(found.history, reference);
  const refChapters = new Set(ref.chapters.map((c) => c.number));
  const out = new Map<string, Currency>();
  for (const lang of wanted) {
    const shared = [...new Set(lang.chapters.map((c) => c.number))].filter((n) => refChapters.has(n));
    const { summary } = languageSync(index, lang.code, shared);
    out.set(lang.code, { reference, pending: summary.pendingCommits, chapters: summary.behindChapters, oldest: summary.oldest });
  }
  return out;
}

/** The sentence for a page in `pageLang`, and the language it is written in. */
export function currencyLine(c: Currency, pageLang: string): { text: string; lang: string } {
  return currencySentence(c, pageLang, (locale) => nameIn(c.reference, locale) ?? c.reference);
}
