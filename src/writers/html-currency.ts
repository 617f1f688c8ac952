// The HTML page's line on how current its translation is (status/currency.ts), under the authors:
// in the page's language where the labels have it, else in English, marked as such.
import { currencyLine, type Currency } from '../sync/currency.js';
import { html, type SafeHtml } from '../pages/html.js';

export function currencyNote(currency: Currency | undefined, pageLang: string): SafeHtml | undefined {
  if (!currency) return undefined;
  const line = currencyLine(currency, pageLang);
  const other = line.lang.toLowerCase() !== pageLang.toLowerCase() && html` lang="${line.lang}" dir="ltr"`;
  return html`<p class="book-currency"${other}>${line.text}</p>\n`;
}
