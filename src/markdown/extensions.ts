// marked extensions for the Pro Git dialect of Markdown. The sources were written for RDiscount,
// so where CommonMark reads a line differently these follow what the author meant.
import type { MarkedExtension, Tokens } from 'marked';

/** `Insert 18333fig0101.png` followed by its caption line. */
export interface FigureToken extends Tokens.Generic {
  type: 'figure';
  raw: string;
  name: string;
  caption: string;
  captionTokens: Tokens.Generic[];
  /** Set before rendering: the image URL, or undefined when the file is missing. */
  src?: string;
}

/** A translator table declaration: a comment, then a tab-separated block whose first line is the header. */
export interface TableDeclarationToken extends Tokens.Generic {
  type: 'tableDeclaration';
  raw: string;
  header: Tokens.Generic[][];
  rows: Tokens.Generic[][][];
}

// A directive names an image file; the caption follows on the same line or on the next one. A
// caption separated by blank lines is still taken when it starts like one ("Figure 1-1", "图 1-1").
const IMAGE_NAME = String.raw`\S+?\.(?:png|jpe?g|gif|svg|webp)`;
const FIGURE = new RegExp(String.raw`^ {0,3}insert[ \t]+(${IMAGE_NAME})(?:[ \t]+([^\n]*\S))?[ \t]*(?:\n|$)`, 'i');
const NEXT_LINE_CAPTION = /^(?![ \t]*insert[ \t])[ \t]*([^\n]*\S)[ \t]*(?:\n|$)/i;
const DISTANT_CAPTION = /^(?:[ \t]*\n)+[ \t]*([^\s\d]{1,24}[ \t]?\d+[ \t]*[-.\uFF0E\u2010\u2013][ \t]*\d+[^\n]*?)[ \t]*(?:\n|$)/;
const FIGURE_START = new RegExp(String.raw`^ {0,3}insert[ \t]+${IMAGE_NAME}(?:[ \t]|$)`, 'im');
const TABLE_DECL =
  /^ {0,3}<!--[ \t]*Attention to translators:[ \t]*this is a table declaration[\s\S]*?-->[ \t]*\n(?:[ \t]*\n)*((?:(?:\t| {4})[^\n]*\S[^\n]*(?:\n|$))+)/i;
const TABLE_DECL_START = /^ {0,3}<!--[ \t]*Attention to translators:[ \t]*this is a table declaration/im;
/**
 * An ATX heading as RDiscount reads it: no space needed after the hashes (`##GitWeb##`).
 * Closing hashes are dropped when a space precedes them or when the opening had none.
 */
const RDISCOUNT_HEADING = /^ {0,3}(#{1,6})(?!#)([ \t]*)([^\n]*?)[ \t]*(?:\n+|$)/;

/**
 * Where a directive could interrupt the paragraph that starts `src`. Only up to the first blank
 * line, which ends the paragraph anyway: searching the whole rest of the file on every paragraph
 * made lexing quadratic in the file's size (seconds for one 500 KB chapter).
 */
function searchStart(re: RegExp, src: string): number | undefined {
  const blank = /\n[ \t]*\n/.exec(src);
  const i = (blank ? src.slice(0, blank.index + 1) : src).search(re);
  return i < 0 ? undefined : i;
}

function stripClosingHashes(text: string, openedWithSpace: boolean): string {
  const closed = openedWithSpace ? /[ \t]+#+$/ : /[ \t]*#+$/;
  if (/^#+$/.test(text)) return '';
  return text.replace(closed, '').trim();
}

export const progitMarkdown: MarkedExtension = {
  gfm: true,
  tokenizer: {
    heading(src) {
      const m = RDISCOUNT_HEADING.exec(src);
      if (!m) return false;
      const text = stripClosingHashes(m[3] ?? '', (m[2] ?? '').length > 0);
      if (!text) return false;
      return { type: 'heading', raw: m[0], depth: m[1]!.length, text, tokens: this.lexer.inline(text) };
    },
  },
  extensions: [
    {
      name: 'figure',
      level: 'block',
      // So that walkTokens sees the caption's inline markup (raw HTML, ids) too.
      childTokens: ['captionTokens'],
      start: (src) => searchStart(FIGURE_START, src),
      tokenizer(src) {
        const m = FIGURE.exec(src);
        if (!m) return undefined;
        let raw = m[0];
        let caption = m[2] ?? '';
        if (!caption) {
          const rest = src.slice(raw.length);
          const next = NEXT_LINE_CAPTION.exec(rest) ?? DISTANT_CAPTION.exec(rest);
          if (next) {
            raw += next[0];
            caption = next[1]!;
          }
        }
        const token: FigureToken = {
          type: 'figure',
          raw,
          name: m[1]!,
          caption,
          captionTokens: this.lexer.inline(caption),
        };
        return token;
      },
    },
    {
      name: 'tableDeclaration',
      level: 'block',
      childTokens: ['header', 'rows'],
      start: (src) => searchStart(TABLE_DECL_START, src),
      tokenizer(src) {
        const m = TABLE_DECL.exec(src);
        if (!m) return undefined;
        const lines = m[1]!.split('\n').filter((l) => l.trim() !== '');
        const cells = lines.map((line) =>
          line
            .replace(/^(?:\t| {4})/, '')
            .split(/\t+/)
            .map((c) => c.trim()),
        );
        const width = Math.max(...cells.map((c) => c.length));
        const inline = (row: string[]) => Array.from({ length: width }, (_, i) => this.lexer.inline(row[i] ?? ''));
        const token: TableDeclarationToken = {
          type: 'tableDeclaration',
          raw: m[0],
          header: inline(cells[0]!),
          rows: cells.slice(1).map(inline),
        };
        return token;
      },
    },
  ],
};
