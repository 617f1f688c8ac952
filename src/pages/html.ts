// Markup that escapes by default: `html` is a tagged template whose every interpolation is text,
// escaped (in element content and in quoted attribute values alike), unless it is markup this kit
// made or was told to trust with `raw()`. A page is then safe by construction: forgetting to escape
// a value from a book, a manifest or git cannot happen, and trusting one is a visible `raw()`.
import { escapeXml } from '../util/xml.js';

declare const SAFE: unique symbol;

/** Markup to put in a page as it is: made by `html`, `raw` or `joinHtml`; a plain string is not one. */
export interface SafeHtml {
  readonly [SAFE]: true;
  toString(): string;
}

/** The runtime form of `SafeHtml`: the type's brand is what keeps a string from passing for one. */
class Markup {
  constructor(readonly markup: string) {}
  toString(): string {
    return this.markup;
  }
}

/** What an interpolation may be: markup as is, text and numbers escaped, nothing for `undefined`, `null`, `false`, arrays joined. */
export type Interpolation = SafeHtml | string | number | false | null | undefined | readonly Interpolation[];

function render(value: Interpolation): string {
  if (value instanceof Markup) return value.markup;
  if (typeof value === 'string') return escapeXml(value);
  if (typeof value === 'number') return String(value);
  if (value === undefined || value === null || value === false) return '';
  if (Array.isArray(value)) return value.map((v: Interpolation) => render(v)).join('');
  throw new TypeError(`internal error: html interpolation of ${typeof value}`);
}

/** A fragment of markup: the template's literal parts as written, every interpolation escaped unless it is `SafeHtml`. */
export function html(strings: TemplateStringsArray, ...values: readonly Interpolation[]): SafeHtml {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]!) + strings[i + 1]!;
  return new Markup(out) as unknown as SafeHtml;
}

/** Markup trusted as it is: the HTML marked renders, style sheets and scripts this tool writes. Every use says why it is safe. */
export function raw(markup: string): SafeHtml {
  return new Markup(markup) as unknown as SafeHtml;
}

/** The items one after the other with `separator` (text) between them. */
export function joinHtml(items: readonly Interpolation[], separator: string): SafeHtml {
  return new Markup(items.map((v) => render(v)).join(escapeXml(separator))) as unknown as SafeHtml;
}
