// The HTML page's line on how current its translation is (status/currency.ts), under the authors:
// in the page's language where the labels have it, else in English, marked as such.
import { currencyLine, type Currency } from '../sync/currency.js';
import { escapeXml } from '../util/xml.js';

export function currencyNote(currency: Currency | undefined, pageLang: string): string {
  if (!currency) return '';
  const line = currencyLine(currency, pageLang);
  const other = line.lang.toLowerCase() !== pageLang.toLowerCase() ? ` lang="${escapeXml(line.lang)}" dir="ltr"` : '';
  return `<p class="book-currency"${other}>${escapeXml(line.text)}</p>\n`;
}
