// Chapters numbered in the language's own words ("Chapter 3", "第3章", "Глава 3", "الفصل 3"), once,
// by the reader, so that every output shows the same numbered heading and table of contents. The
// number is the chapter directory's (`03-git-branching` -> 3), which is what the text's "see
// Chapter 3" means, also in a translation that lacks a chapter. A title that is numbered already
// ("第二章", "1. Введение", "Chapter 2: ...") is left as it is.
import { chapterTitle } from '../config/labels.js';
import { isWide } from './cjk.js';

/** The label of a numbered chapter heading and what separates it from the title. */
export interface ChapterNumbering {
  /** `Chapter 3`: the chapter label with its number. */
  label: string;
  /** `: ` after a word, a space after a CJK label (`第3章 起步`), `. ` after a bare number. */
  separator: string;
}

/** A number as a heading may write it: digits of any script, CJK numerals, Roman numerals. */
const NUMBER = String.raw`(?:\p{Nd}+|[〇零一二两三四五六七八九十百千]+|[IVXLCivxlc]+)`;

/** Starts with a number and then punctuation or a space (`1. `, `2: `, `IV. `, `3 `), or is one. */
const NUMBERED = /^(?:\p{Nd}+(?:[.:)．：]|\s|$)|[IVXLC]+[.:)](?:\s|$))/u;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The label `Глава {n}` as a pattern that matches it at a title's start with any number in `{n}`; none for a bare number. */
function labelPattern(label: string): RegExp | undefined {
  if (!label.replace(/\{n\}/g, '').trim()) return undefined;
  const parts = label.includes('{n}') ? label.split('{n}') : [`${label} `, ''];
  const pattern = parts.map((p) => escapeRegExp(p.trim()).replace(/ +/g, String.raw`\s*`)).join(String.raw`\s*${NUMBER}\s*`);
  // Not `Chapter 1` in `Chapter 12`, nor `Глава` in `Главах`: the label ends there.
  return new RegExp(`^${pattern}(?![\\p{Nd}\\p{Lu}\\p{Ll}])`, 'iu');
}

/** True when `title` is numbered already, by a number or by the language's label. */
export function isNumbered(title: string, label: string): boolean {
  const text = title.trim();
  return NUMBERED.test(text) || Boolean(labelPattern(label)?.test(text));
}

/** How chapter `n` of a language whose label is `label` is numbered, or undefined when its title already is. */
export function chapterNumbering(label: string, n: number, title: string): ChapterNumbering | undefined {
  if (n < 1 || isNumbered(title, label)) return undefined;
  const text = chapterTitle(label, n);
  const separator = isWide(text.at(-1)) ? ' ' : /^\p{Nd}+$/u.test(text) ? '. ' : ': ';
  return { label: text, separator };
}

/** The title with its number: `Chapter 3: Git Branching`, `第3章 Git 分支`. */
export function numberedTitle(title: string, numbering: ChapterNumbering | undefined): string {
  return numbering ? `${numbering.label}${numbering.separator}${title}` : title;
}
