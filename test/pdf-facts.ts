// What a reader of a PDF meets, read back with poppler (pdftohtml -xml, pdfinfo, pdffonts,
// pdfimages): the outline, each page's lines with their fonts, the contents' page numbers, running
// heads, stranded headings, split code blocks, gaps before figures. Used by the PDF tests and by
// scripts/pdf-report.ts for before/after numbers.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface OutlineItem {
  title: string;
  page: number;
  depth: number;
}

export interface Line {
  top: number;
  bottom: number;
  text: string;
  /** Every run of the line is in a monospaced font. */
  mono: boolean;
  /** The page a link on this line points at (`#N`), when it has one. */
  target?: number;
}

export interface Page {
  number: number;
  height: number;
  lines: Line[];
  images: { top: number; height: number }[];
}

/** Font names of code: Noto Sans Mono, WenQuanYi Micro Hei Mono, Courier, IPAGothic (Japanese code; not IPAexGothic). */
const MONO = /mono|courier|^(?:[A-Z]{6}\+)?IPAGothic\b/i;

const decode = (s: string) =>
  s
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

function run(tool: string, args: string[]): string {
  return execFileSync(tool, args, { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
}

function parseOutline(xml: string): OutlineItem[] {
  const items: OutlineItem[] = [];
  let depth = 0;
  for (const m of xml.slice(xml.indexOf('<outline>')).matchAll(/<outline>|<\/outline>|<item page="(\d+)">([^]*?)<\/item>/g)) {
    if (m[0] === '<outline>') depth++;
    else if (m[0] === '</outline>') depth--;
    else items.push({ page: Number(m[1]), title: decode(m[2]!).trim(), depth });
  }
  return items;
}

interface Run {
  top: number;
  height: number;
  left: number;
  text: string;
  mono: boolean;
  target?: number;
}

function linesOf(runs: Run[]): Line[] {
  const lines: Line[] = [];
  for (const r of [...runs].sort((a, b) => a.top - b.top || a.left - b.left)) {
    const line = lines.find((l) => Math.abs(l.top - r.top) <= 3);
    if (line) {
      line.text += ' ' + r.text;
      line.mono &&= r.mono;
      line.bottom = Math.max(line.bottom, r.top + r.height);
      line.target ??= r.target;
    } else lines.push({ top: r.top, bottom: r.top + r.height, text: r.text, mono: r.mono, target: r.target });
  }
  return lines.filter((l) => l.text.trim()).map((l) => ({ ...l, text: l.text.replace(/\s+/g, ' ').trim() }));
}

function parsePages(xml: string): Page[] {
  const fonts = new Map<string, string>();
  const pages: Page[] = [];
  for (const pm of xml.matchAll(/<page number="(\d+)"[^>]*height="(\d+)"[^>]*>([^]*?)<\/page>/g)) {
    const body = pm[3]!;
    for (const f of body.matchAll(/<fontspec id="(\d+)"[^>]*family="([^"]*)"/g)) fonts.set(f[1]!, f[2]!);
    const runs: Run[] = [];
    for (const t of body.matchAll(/<text top="(\d+)" left="(\d+)" width="\d+" height="(\d+)" font="(\d+)">([^]*?)<\/text>/g)) {
      const target = /href="[^"]*#(\d+)"/.exec(t[5]!)?.[1];
      const family = fonts.get(t[4]!) ?? '';
      runs.push({
        top: Number(t[1]),
        left: Number(t[2]),
        height: Number(t[3]),
        text: decode(t[5]!),
        mono: MONO.test(family),
        target: target ? Number(target) : undefined,
      });
    }
    const images = [...body.matchAll(/<image top="(\d+)" left="\d+" width="\d+" height="(\d+)"/g)].map((i) => ({ top: Number(i[1]), height: Number(i[2]) }));
    pages.push({ number: Number(pm[1]), height: Number(pm[2]), lines: linesOf(runs), images });
  }
  return pages;
}

export interface PdfFacts {
  pages: Page[];
  outline: OutlineItem[];
  info: Record<string, string>;
  /** `Type 3`, `CID TrueType`, ... one per font. */
  fontTypes: string[];
  /** Pixels per inch of the images on the first page (the cover). */
  coverPpi: number[];
}

export function readPdf(path: string): PdfFacts {
  // With the images' places, which pdftohtml gives only when it writes them out, beside its XML.
  const dir = mkdtempSync(join(tmpdir(), 'pdf-facts-'));
  let xml: string;
  try {
    run('pdftohtml', ['-xml', '-q', '-fmt', 'jpg', path, join(dir, 'out')]);
    xml = readFileSync(join(dir, 'out.xml'), 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const info = Object.fromEntries(
    run('pdfinfo', [path])
      .split('\n')
      .map((l) => /^([^:]+):\s*(.*)$/.exec(l))
      .filter((m): m is RegExpExecArray => Boolean(m))
      .map((m) => [m[1]!.trim(), m[2]!.trim()]),
  );
  const fontTypes = run('pdffonts', [path])
    .split('\n')
    .slice(2)
    .filter(Boolean)
    .map((l) => /\b(Type 3|Type 1C?|CID TrueType|CID Type 0C?|TrueType|Type 1)\b/.exec(l)?.[1] ?? 'other');
  const coverPpi = run('pdfimages', ['-list', '-f', '1', '-l', '1', path])
    .split('\n')
    .slice(2)
    .filter(Boolean)
    .map((l) => Number(l.trim().split(/\s+/)[12]));
  return { pages: parsePages(xml), outline: parseOutline(xml), info, fontTypes, coverPpi };
}

/** The lines of a page's body: without its running head and page number (the top and bottom margins' lines). */
export function bodyLines(page: Page): Line[] {
  return page.lines.filter((l) => !isHead(page, l) && !isFoot(page, l));
}

/** In the top margin (a running head): ends above 6.5% of the page (our margin is 20 mm of 297). */
export function isHead(page: Page, line: Line): boolean {
  return line.bottom < page.height * 0.065;
}

/** In the bottom margin (a page number): starts below 94.5% of the page (our margin is 18 mm). */
export function isFoot(page: Page, line: Line): boolean {
  return line.top > page.height * 0.945;
}

/** The headings (outline entries below the chapters) whose text is a page's last body line, with the page. */
export function strandedHeadings(facts: PdfFacts): { page: number; title: string }[] {
  const titles = new Set(facts.outline.filter((o) => o.depth > 1).map((o) => o.title.replace(/\s+/g, ' ')));
  const stranded: { page: number; title: string }[] = [];
  for (const page of facts.pages) {
    const last = bodyLines(page).at(-1);
    if (last && titles.has(last.text) && !facts.outline.some((o) => o.page === page.number + 1 && o.depth === 1))
      stranded.push({ page: page.number, title: last.text });
  }
  return stranded;
}

/** Code blocks running over a page's end: the lines left on each side. */
export function codeSplits(facts: PdfFacts): { page: number; before: number; after: number }[] {
  const splits: { page: number; before: number; after: number }[] = [];
  for (let i = 0; i + 1 < facts.pages.length; i++) {
    const end = bodyLines(facts.pages[i]!);
    const start = bodyLines(facts.pages[i + 1]!);
    let before = 0;
    while (before < end.length && end[end.length - 1 - before]!.mono) before++;
    let after = 0;
    while (after < start.length && start[after]!.mono) after++;
    if (before && after) splits.push({ page: i + 1, before, after });
  }
  return splits;
}

/** Pages whose body ends more than `share` of the page early, the next page opening with a figure. */
export function figureGaps(facts: PdfFacts, share = 0.25): { page: number; empty: number }[] {
  const gaps: { page: number; empty: number }[] = [];
  for (let i = 0; i + 1 < facts.pages.length; i++) {
    const page = facts.pages[i]!;
    const next = facts.pages[i + 1]!;
    const lines = bodyLines(page);
    const nextFirst = bodyLines(next)[0]?.top ?? Infinity;
    const opensWithFigure = next.images.some((im) => im.top <= nextFirst);
    if (!lines.length || !opensWithFigure || facts.outline.some((o) => o.page === next.number && o.depth === 1)) continue;
    const contentEnd = Math.max(lines.at(-1)!.bottom, ...page.images.map((im) => im.top + im.height));
    const empty = (page.height * 0.945 - contentEnd) / (page.height * 0.88);
    if (empty > share) gaps.push({ page: page.number, empty: Math.round(empty * 100) / 100 });
  }
  return gaps;
}

/** Contents lines (a link with a page number at its end), and those whose number is not the page their link points at. */
export function contentsNumbers(facts: PdfFacts, contentsPages: Page[]): { entries: number; numbered: number; wrong: string[] } {
  const lines = contentsPages.flatMap((p) => p.lines.filter((l) => l.target !== undefined));
  // The number ends the line, or in a right-to-left contents (read here from left to right) starts it.
  const numberOf = (l: Line) => /\s(\d+)$/.exec(l.text)?.[1] ?? /^(\d+)\s/.exec(l.text)?.[1];
  const numbered = lines.filter((l) => numberOf(l) !== undefined);
  const wrong = numbered.filter((l) => Number(numberOf(l)) !== l.target).map((l) => l.text);
  return { entries: lines.length, numbered: numbered.length, wrong };
}

/**
 * Whether two texts hold the same letters, whatever their order: Chromium writes a right-to-left
 * title that mixes directions (a chapter label with its number, a Latin word) into the outline in
 * the visual order of its runs, and poppler reads the page's text back in visual order too.
 */
export function sameLetters(a: string, b: string): boolean {
  const letters = (t: string) => [...t.normalize('NFKC').replace(/[\s\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '')].sort().join('');
  return letters(a) === letters(b);
}
