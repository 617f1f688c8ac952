// Facts read straight from Markdown sources, independently of the reader under test,
// to compare outputs against.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { NavEntry } from './epub-inspect.js';

export function chapterFilesOf(langDir: string): string[] {
  return readdirSync(langDir)
    .filter((d) => /^\d+-/.test(d))
    .sort()
    .flatMap((d) =>
      readdirSync(join(langDir, d))
        .filter((f) => /\.(markdown|md)$/.test(f))
        .sort()
        .map((f) => join(langDir, d, f)),
    );
}

/** h1-h3 lines of the sources, as plain text (closing hashes and inline code marks removed). */
export function sourceHeadings(langDir: string): NavEntry[] {
  return chapterFilesOf(langDir).flatMap(fileHeadings);
}

function fileHeadings(file: string): NavEntry[] {
  const out: NavEntry[] = [];
  for (const line of readFileSync(file, 'utf8')
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)) {
    const m = /^(#{1,3})(?!#)\s*(.*?)\s*#*\s*$/.exec(line);
    if (m && m[2]) out.push({ level: m[1]!.length, title: m[2].replace(/[`*]/g, '').replace(/\\(.)/g, '$1').replace(/\s+/g, ' ').trim() });
  }
  return out;
}

/** How the test languages number a chapter's title, as a reader of each expects it. */
const NUMBERED: Record<string, (n: number, title: string) => string> = {
  en: (n, t) => `Chapter ${n}: ${t}`,
  zh: (n, t) => `第${n}章 ${t}`,
  ja: (n, t) => `第${n}章 ${t}`,
  ru: (n, t) => `Глава ${n}: ${t}`,
  pl: (n, t) => `Rozdział ${n}: ${t}`,
  ar: (n, t) => `الفصل ${n}: ${t}`,
  th: (n, t) => `บทที่ ${n}: ${t}`,
};

/**
 * The headings of the sources as the table of contents shows them: the first h1 of each chapter
 * directory numbered with the number the directory's name starts with, in language `lang`'s words.
 */
export function numberedHeadings(langDir: string, lang: string): NavEntry[] {
  const number = NUMBERED[lang];
  if (!number) throw new Error(`no chapter numbering known for ${lang}`);
  const seen = new Set<string>();
  return chapterFilesOf(langDir).flatMap((file) => {
    const dir = basename(dirname(file));
    return fileHeadings(file).map((h) => {
      if (h.level !== 1 || seen.has(dir)) return h;
      seen.add(dir);
      return { level: 1, title: number(Number.parseInt(dir, 10), h.title) };
    });
  });
}

/** Every `Insert NAME` directive of the sources, in order. */
export function insertedFigures(langDir: string): string[] {
  return chapterFilesOf(langDir).flatMap((file) => [...readFileSync(file, 'utf8').matchAll(/^Insert\s+(\S+)/gm)].map((m) => m[1]!));
}

/** The image file a figure name refers to under the Pro Git convention (localized, then shared, `-tn`). */
export function figureFile(bookDir: string, lang: string, name: string): string | undefined {
  const tn = name.replace(/(\.[a-z]+)$/i, '-tn$1');
  return [join(bookDir, lang, 'figures', name), join(bookDir, lang, 'figures', tn), join(bookDir, 'figures', tn), join(bookDir, 'figures', name)].find(
    existsSync,
  );
}

/** The Dia source of a localized figure (`<lang>/figures-dia/fig0101.dia` for `18333fig0101.png`), if any. */
export function diagramFile(bookDir: string, lang: string, name: string): string | undefined {
  const stem = name.replace(/\.[a-z]+$/i, '');
  return [stem, stem.replace(/^\d+/, '')].map((s) => join(bookDir, lang, 'figures-dia', `${s}.dia`)).find(existsSync);
}
