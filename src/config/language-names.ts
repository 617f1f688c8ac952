// Languages' names from the ICU data Node carries, said once for the HTML pages' language menu,
// the index page and the status page.
import { bcp47 } from './labels.js';

/** The name of language `tag` in `locale`; undefined for a tag ICU does not know. */
function displayName(tag: string, locale: string): string | undefined {
  try {
    const name = new Intl.DisplayNames([locale], { type: 'language', fallback: 'none' }).of(tag);
    return name && name.toLowerCase() !== tag.toLowerCase() ? name : undefined;
  } catch {
    return undefined;
  }
}

/** What the language calls itself, capitalized, since it stands alone in a menu or at an entry's head (`français` -> `Français`). */
export function nativeName(code: string): string | undefined {
  const tag = bcp47(code);
  const name = displayName(tag, tag);
  if (!name) return undefined;
  try {
    return name.replace(/^\p{Ll}/u, (first) => first.toLocaleUpperCase(tag));
  } catch {
    return name.replace(/^\p{Ll}/u, (first) => first.toUpperCase());
  }
}

/** The language's English name (`pt-br` -> Brazilian Portuguese); undefined for a code ICU does not know. */
export function englishName(code: string): string | undefined {
  return displayName(bcp47(code), 'en');
}

/** The language's name in another language's words (`en` in `ja`: 英語), for a sentence in that language. */
export function nameIn(code: string, locale: string): string | undefined {
  return displayName(bcp47(code), bcp47(locale));
}
