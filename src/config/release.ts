// The languages of a release, as its HTML pages link to one another: the languages a build selects,
// each with the name a reader of it looks for (in its own language and script).
import type { ReleaseLanguage, TextDirection } from '../model/book.js';
import { bcp47, directionOf } from './labels.js';
import type { BookConfig } from './schema.js';
import { nativeName } from './language-names.js';

export function languageDirection(config: BookConfig, code: string): TextDirection {
  return config.languages?.[code]?.dir ?? directionOf(code);
}

/** The language's name in its own language and script: book.json's, else ICU's, else its code. */
export function languageName(config: BookConfig, code: string): string {
  return config.languages?.[code]?.name ?? nativeName(code) ?? code;
}

/**
 * The languages the HTML pages of a build link, in the order given: the languages the build selects
 * before `--shard` splits them, so that every shard writes the pages one whole build would. None for
 * a language built alone: there is nothing to link to.
 */
export function releaseLanguages(codes: readonly string[], config: BookConfig): ReleaseLanguage[] {
  if (codes.length < 2) return [];
  return codes.map((code) => {
    const lang = bcp47(code);
    return { code, lang, dir: languageDirection(config, code), name: languageName(config, code) };
  });
}
