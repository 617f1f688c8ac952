// Choosing languages by code (`--lang`), for every command: one wording for "none found" and
// "unknown", with the codes that are available.
import type { LanguageSource } from '../model/book.js';
import { UserError } from '../util/diagnostics.js';

/** The languages named in `wanted` (all when none is named); a usage error names the unknown ones. */
export function selectLanguages(all: readonly LanguageSource[], wanted: readonly string[] | undefined, root: string): LanguageSource[] {
  if (all.length === 0) {
    throw new UserError(
      {
        file: root,
        message: 'no languages found: a language is a directory such as en/ holding chapter directories like 01-introduction/ with .markdown or .md files',
      },
      1,
    );
  }
  if (!wanted || wanted.length === 0) return [...all];
  const unknown = wanted.filter((w) => !all.some((l) => l.code === w));
  if (unknown.length) {
    throw new UserError(
      { message: `unknown language${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}; available: ${availableCodes(all)}`, rule: 'usage' },
      2,
    );
  }
  return all.filter((l) => wanted.includes(l.code));
}

/** `en, zh`, or `none`: what a usage error offers instead. */
export function availableCodes(all: readonly LanguageSource[]): string {
  return all.map((l) => l.code).join(', ') || 'none';
}
