// What a reader needs to choose a file: the device each format is for, and the language names.
import { englishName, nativeName } from '../config/language-names.js';
import { bcp47, directionOf } from '../config/labels.js';
import type { TextDirection } from '../model/book.js';

/** Per format, which device or use it is for (English: the page's language). In the order a reader asks. */
export const FORMAT_GUIDE: readonly { format: string; label: string; for: string }[] = [
  { format: 'epub', label: 'EPUB', for: 'Most e-readers and reading apps (Kobo, Apple Books, Google Play Books), and Send to Kindle.' },
  { format: 'azw3', label: 'AZW3', for: 'Kindle, copied over USB.' },
  { format: 'mobi', label: 'MOBI', for: 'Older Kindles that do not read AZW3.' },
  { format: 'pdf', label: 'PDF', for: 'Printing, or reading with a fixed page layout.' },
  { format: 'html', label: 'HTML', for: 'Any web browser: one page, nothing to install.' },
];

export function formatRank(format: string): number {
  const i = FORMAT_GUIDE.findIndex((g) => g.format === format);
  return i < 0 ? FORMAT_GUIDE.length : i;
}

export function formatLabel(format: string): string {
  return FORMAT_GUIDE.find((g) => g.format === format)?.label ?? format.toUpperCase();
}

export interface LanguageNames {
  tag: string;
  dir: TextDirection;
  /** The name in its own language and script (the book's own name when book.json gives one). */
  native: string;
  english: string;
}

/** `ru` -> Русский / Russian; a code Intl does not know is its own name. */
export function languageNames(code: string, bookName?: string): LanguageNames {
  return { tag: bcp47(code), dir: directionOf(code), native: bookName ?? nativeName(code) ?? code, english: englishName(code) ?? code };
}

export function humanSize(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  if (bytes < 1_000_000) return `${Math.round(bytes / 1000)} kB`;
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}
