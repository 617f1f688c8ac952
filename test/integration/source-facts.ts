// Facts read straight from Markdown sources, independently of the reader under test,
// to compare outputs against.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
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
  const out: NavEntry[] = [];
  for (const file of chapterFilesOf(langDir)) {
    for (const line of readFileSync(file, 'utf8')
      .replace(/^\uFEFF/, '')
      .split(/\r?\n/)) {
      const m = /^(#{1,3})(?!#)\s*(.*?)\s*#*\s*$/.exec(line);
      if (m && m[2]) out.push({ level: m[1]!.length, title: m[2].replace(/[`*]/g, '').replace(/\\(.)/g, '$1').replace(/\s+/g, ' ').trim() });
    }
  }
  return out;
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
