// The reference language, the one the others are measured against (`status`, `check`'s figure
// counts, the build's completeness and currency lines): its default and its one usage error.
import type { LanguageSource } from '../model/book.js';
import { UserError } from '../util/diagnostics.js';
import { availableCodes } from './select.js';

/** The reference when none is named: Pro Git is written in English and translated from it. */
export const DEFAULT_REFERENCE = 'en';

/**
 * The language `named`, else the book's `en`. One the book does not have is a usage error listing
 * the languages it has; with `optional`, a default the book does not have is no reference instead
 * (a named one must still be there).
 */
export function resolveReference(languages: readonly LanguageSource[], named: string | undefined): LanguageSource;
export function resolveReference(languages: readonly LanguageSource[], named: string | undefined, optional: 'optional'): LanguageSource | undefined;
export function resolveReference(languages: readonly LanguageSource[], named: string | undefined, optional?: 'optional'): LanguageSource | undefined {
  const code = named ?? DEFAULT_REFERENCE;
  const found = languages.find((l) => l.code === code);
  if (found || (optional && named === undefined)) return found;
  const which = named === undefined ? `${code} (the default)` : code;
  throw new UserError({ message: `unknown reference language: ${which}; available: ${availableCodes(languages)}`, rule: 'usage' }, 2);
}
