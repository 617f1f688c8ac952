// Reading back and stamping the PDF Chromium (Skia) writes: which page each named destination (an
// element some link points at) landed on, and the clock's dates replaced by the build date. Skia
// writes its document structure (catalog, page tree, destinations, info) as plain objects, never in
// compressed object streams, so they are read with patterns over the bytes as Latin-1.

/** `/Kids [3 0 R 9 0 R]` -> [3, 9]. */
function refs(list: string): number[] {
  return [...list.matchAll(/(\d+)\s+0\s+R/g)].map((m) => Number(m[1]));
}

/** The dictionary text of object `num` (up to its `endobj`), or undefined. */
function objectText(text: string, num: number): string | undefined {
  const m = new RegExp(`(?:^|[\\r\\n])${num}\\s+0\\s+obj\\b`).exec(text);
  if (!m) return undefined;
  const end = text.indexOf('endobj', m.index);
  return text.slice(m.index + m[0].length, end < 0 ? undefined : end);
}

/** Page object numbers in reading order, from the catalog's page tree. */
function pageOrder(text: string, pagesRoot: number): number[] {
  const pages: number[] = [];
  const walk = (num: number, depth: number) => {
    const obj = objectText(text, num);
    const kids = obj && /\/Type\s*\/Pages\b/.test(obj) ? /\/Kids\s*\[([^\]]*)\]/.exec(obj)?.[1] : undefined;
    if (kids === undefined || depth > 32) pages.push(num);
    else for (const kid of refs(kids)) walk(kid, depth + 1);
  };
  walk(pagesRoot, 0);
  return pages;
}

/** A PDF name's characters (`#xx` escapes decoded) as UTF-8 text. */
function decodeName(name: string): string {
  const bytes = Buffer.from(
    name.replace(/#([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))),
    'latin1',
  );
  return bytes.toString('utf8');
}

/** Where a named destination is: its page (1-based) and the height of its top above the page's foot, in points. */
export interface Destination {
  page: number;
  y: number;
}

/**
 * Each named destination: Chromium names one for every element with an id that a link in the
 * document points at. Empty when the file has none or is laid out otherwise.
 */
export function destinations(pdf: Uint8Array): Map<string, Destination> {
  const text = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength).toString('latin1');
  const catalog = /\/Type\s*\/Catalog\b[^]*?>>\s*endobj/.exec(text)?.[0] ?? '';
  const pagesRoot = /\/Pages\s+(\d+)\s+0\s+R/.exec(catalog)?.[1];
  const destsRef = /\/Dests\s+(\d+)\s+0\s+R/.exec(catalog)?.[1];
  const pages = new Map<string, Destination>();
  if (!pagesRoot || !destsRef) return pages;
  const index = new Map(pageOrder(text, Number(pagesRoot)).map((num, i) => [num, i + 1]));
  const dests = objectText(text, Number(destsRef)) ?? '';
  for (const m of dests.matchAll(/\/([^\s/[\]<>()]+)\s*\[\s*(\d+)\s+0\s+R\s*\/XYZ\s+[-\d.]+\s+([-\d.]+)/g)) {
    const page = index.get(Number(m[2]));
    if (page !== undefined) pages.set(decodeName(m[1]!), { page, y: Number(m[3]) });
  }
  return pages;
}

/** `2026-12-07T01:02:03Z` -> `D:20261207010203+00'00'`: the length of the date Skia writes. */
function pdfDate(iso: string): string {
  const d = new Date(iso);
  const time = Number.isNaN(d.getTime()) ? new Date(0) : d;
  const p = (n: number) => String(n).padStart(2, '0');
  return `D:${time.getUTCFullYear()}${p(time.getUTCMonth() + 1)}${p(time.getUTCDate())}${p(time.getUTCHours())}${p(time.getUTCMinutes())}${p(time.getUTCSeconds())}+00'00'`;
}

/**
 * The PDF with the printing's clock time (`/CreationDate`, `/ModDate` in its information
 * dictionary) replaced by `date`, the build date, in place: the same length, so the
 * cross-reference table's offsets still hold. Skia writes no `/ID` and no XMP time, and names
 * font subsets in order (AAAAAA+, BAAAAA+), so this is the only clock in the file.
 */
export function stampPdfDates(pdf: Uint8Array, date: string): Uint8Array {
  const stamped = Buffer.from(pdf);
  const text = stamped.toString('latin1');
  const replacement = pdfDate(date);
  for (const m of text.matchAll(/\/(?:CreationDate|ModDate)\s*\((D:\d{14}[^)]*)\)/g)) {
    const value = m[1]!;
    const at = m.index + m[0].length - 1 - value.length;
    // Only a date of the same length is replaced: anything else would move every later object.
    if (value.length === replacement.length) stamped.write(replacement, at, 'latin1');
  }
  return stamped;
}
