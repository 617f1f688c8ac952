// The structure of a chapter file that a translation keeps while its prose changes: the heading
// tree, the code blocks and the figure markers (`Insert 18333fig0101.png`), each with its lines.
// Read from the reader's own block tokens (marked with the book's extensions), so a heading or a
// code block here is one the HTML shows as such. Pure: text in, structure out.
import { Lexer, type Token, type Tokens } from 'marked';
import { markdown } from '../markdown/render.js';

interface Heading {
  depth: number;
  text: string;
  /** 1-based line of the heading. */
  line: number;
}

/** A block a translation holds as the reference has it: a code block, or a figure marker's own line. */
export interface Anchor {
  kind: 'code' | 'figure';
  /** 1-based first and last line (a code block's trailing blank lines are not part of it). */
  start: number;
  end: number;
  /** Its lines as written: the whole code block, or the figure's marker line. */
  text: string;
  /** Index of the heading it is under; -1 above the first heading. */
  section: number;
}

export interface Structure {
  headings: Heading[];
  anchors: Anchor[];
}

const newlines = (s: string) => {
  let n = 0;
  for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) n++;
  return n;
};

/** The structure of top-level block tokens whose raw texts, joined, are the file (marked keeps them so). */
export function structureFromTokens(tokens: readonly Token[]): Structure {
  const headings: Heading[] = [];
  const anchors: Anchor[] = [];
  let line = 1;
  for (const token of tokens) {
    const raw = token.raw;
    if (token.type === 'heading') {
      const h = token as Tokens.Heading;
      headings.push({ depth: h.depth, text: h.text.replace(/\s+/g, ' ').trim(), line });
    } else if (token.type === 'code') {
      // A code block's raw may end with the blank lines after it.
      const body = raw.replace(/\n[ \t\n]*$/, '');
      anchors.push({ kind: 'code', start: line, end: line + newlines(body), text: body, section: headings.length - 1 });
    } else if (token.type === 'figure') {
      const marker = raw.split('\n', 1)[0]!.replace(/[ \t]+$/, '');
      anchors.push({ kind: 'figure', start: line, end: line, text: marker, section: headings.length - 1 });
    }
    line += newlines(raw);
  }
  return { headings, anchors };
}

/** Block tokens only: the inline lexing a reader's page needs is most of marked's time and none of this. */
export function structureOf(text: string): Structure {
  const lexer = new Lexer(markdown.defaults);
  return structureFromTokens(lexer.blockTokens(text.replace(/\r\n?/g, '\n'), []));
}

/** Index of the heading a 1-based line is under (the heading's own line included); -1 above the first. */
export function sectionAt(structure: Structure, line: number): number {
  const hs = structure.headings;
  let lo = 0;
  let hi = hs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (hs[mid]!.line <= line) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** The anchor holding a 1-based line, if any. */
export function anchorAt(structure: Structure, line: number): Anchor | undefined {
  const as = structure.anchors;
  let lo = 0;
  let hi = as.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (as[mid]!.end < line) lo = mid + 1;
    else hi = mid;
  }
  const a = as[lo];
  return a && a.start <= line ? a : undefined;
}
