// The nesting guard: how deeply a chapter's blockquotes and lists nest, read from the line prefixes
// alone, before marked sees the text; and after it, how deeply the tokens nest (emphasis too), and
// what the stack running out in marked means. marked copies a container's text once for every level
// it is nested in and reads it by recursion: a few thousand levels (a staircase of `> `) take
// gigabytes and abort the process, a few hundred exhaust the stack. The figures are in docs/performance.md.
import type { Token } from 'marked';
import { UserError } from '../util/diagnostics.js';
import { childTokens } from './child-tokens.js';

/**
 * Deeper nesting than any book needs. marked reads, walks and renders nesting by recursion, so a
 * few hundred levels (a fuzzer's or a mangled file's, never a book's) exhaust the stack; above
 * this the file is an error at its most deeply nested line instead of a crash.
 */
const MAX_NESTING = 100;

/**
 * Characters of text times the levels each is nested in that marked may be given. Memory and time
 * grow with this product (about 1.3 bytes of heap per unit, see docs/performance.md); a Pro Git
 * chapter has well under a million, a chapter of 16 MiB nested 100 deep has 1.6 billion.
 */
const MAX_NESTED_TEXT = 64 * 1024 * 1024;

export interface Nesting {
  /** The most deeply nested line (1-based) and its depth; line 0 when nothing nests. */
  deepest: { line: number; depth: number };
  /** Sum over lines of (characters + 1) times the line's depth. */
  nestedText: number;
}

const SPACE = 0x20;
const TAB = 0x09;
const GT = 0x3e;
const isBullet = (c: number) => c === 0x2d || c === 0x2a || c === 0x2b; // - * +
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;

const mayOpen = (c: number) => c === SPACE || c === TAB || c === GT || isBullet(c) || isDigit(c);

/** Open containers of the line being read: -1 a blockquote, else a list item's content column. */
type Container = number;
const QUOTE = -1;

/** One line of `text` from `start` to `end`, read container by container (see nesting). */
class LineReader {
  pos = 0;
  private end = 0;
  col = 0;
  /** Column where the innermost container matched or opened so far lets its content start. */
  base = 0;

  constructor(private readonly text: string) {}

  /** Stands at the start of the line from `start` to `end` (one reader for all lines: no garbage per line). */
  reset(start: number, end: number): void {
    this.pos = start;
    this.end = end;
    this.col = 0;
    this.base = 0;
  }

  get done(): boolean {
    return this.pos >= this.end;
  }

  private get code(): number {
    return this.text.charCodeAt(this.pos);
  }

  skipBlank(): void {
    for (; !this.done && (this.code === SPACE || this.code === TAB); this.pos++) this.col = this.code === TAB ? this.col + 4 - (this.col % 4) : this.col + 1;
  }

  /** Whether the line continues `container` (the reader then stands after its prefix). */
  matches(container: Container): boolean {
    const at = { pos: this.pos, col: this.col };
    this.skipBlank();
    if (this.done) return true;
    if (container === QUOTE ? this.code === GT && this.col - this.base <= 3 && this.quote() >= 0 : this.col >= container) {
      if (container !== QUOTE) this.base = container;
      return true;
    }
    this.pos = at.pos;
    this.col = at.col;
    return false;
  }

  /** Reads the `>` it stands on and one blank after it; the content's column. */
  private quote(): number {
    this.pos++;
    this.col++;
    if (!this.done && (this.code === SPACE || this.code === TAB)) {
      this.pos++;
      this.col++;
    }
    return (this.base = this.col);
  }

  /** A container the line opens where the reader stands (`>`, `-`, `*`, `+`, `1.`, `1)`), or undefined. */
  open(): Container | undefined {
    this.skipBlank();
    if (this.done) return undefined;
    if (this.code === GT) {
      this.quote();
      return QUOTE;
    }
    let next = this.pos;
    if (isBullet(this.code)) next++;
    else {
      while (next < this.end && next - this.pos < 9 && isDigit(this.text.charCodeAt(next))) next++;
      const c = this.text.charCodeAt(next);
      if (next === this.pos || (c !== 0x2e && c !== 0x29)) return undefined;
      next++;
    }
    const after = this.text.charCodeAt(next);
    if (next < this.end && after !== SPACE && after !== TAB) return undefined;
    this.col += next - this.pos;
    this.pos = next;
    const width = this.col;
    this.skipBlank();
    // A marker alone on its line, or followed by indented code, starts its content one blank after it.
    const content = this.done || this.col - width > 4 ? width + 1 : this.col;
    return (this.base = content);
  }
}

/**
 * An upper bound of each line's nesting as marked will read it, in one pass (CommonMark's
 * container matching, simplified): a line continues the open containers its prefix matches and
 * opens those its markers start; a line of text right after another may continue a paragraph
 * lazily, so it closes nothing. Where the rules are unclear it counts more levels, never fewer.
 */
export function nesting(text: string): Nesting {
  const stack: Container[] = [];
  const reader = new LineReader(text);
  let previousBlank = true;
  const result: Nesting = { deepest: { line: 0, depth: 0 }, nestedText: 0 };
  for (let start = 0, line = 1; start <= text.length; line++) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    // Most lines of prose: nothing open, and a first character no container starts with.
    if (stack.length === 0 && end > start && !mayOpen(text.charCodeAt(start))) {
      previousBlank = false;
      start = end + 1;
      continue;
    }
    reader.reset(start, end);
    let matched = 0;
    while (matched < stack.length && reader.matches(stack[matched]!)) matched++;
    let opened = 0;
    for (let c = reader.open(); c !== undefined; c = reader.open()) {
      // A line that opens a container closes those it did not continue.
      if (opened++ === 0) stack.length = matched;
      stack.push(c);
    }
    reader.skipBlank();
    const blank = reader.done && opened === 0 && matched === stack.length;
    if (!opened && !blank && previousBlank) stack.length = matched;
    previousBlank = blank;
    const depth = stack.length;
    result.nestedText += (end - start + 1) * depth;
    if (depth > result.deepest.depth) result.deepest = { line, depth };
    start = end + 1;
  }
  return result;
}

/**
 * Refuses a chapter whose nesting marked cannot read in bounded stack, memory and time, at the
 * line that nests deepest: before marked is given it.
 */
export function checkNesting(file: string, text: string): void {
  const { deepest, nestedText } = nesting(text);
  if (deepest.depth > MAX_NESTING)
    throw nestingError(file, deepest.line, `blockquotes or lists nested too deeply (${deepest.depth} levels, more than ${MAX_NESTING})`);
  if (nestedText > MAX_NESTED_TEXT) {
    const mib = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MiB`;
    throw nestingError(
      file,
      deepest.line,
      `blockquotes or lists (up to ${deepest.depth} levels deep here) nest too much text: ${mib(nestedText)} counted once per level, over the ${mib(MAX_NESTED_TEXT)} the Markdown parser is given`,
    );
  }
}

function nestingError(file: string, line: number, what: string): UserError {
  return new UserError({ file, line, message: `${what}: flatten the nesting or split the file`, rule: 'too-deep' });
}

/** How many levels a token and those inside it nest (itself: 1), walked without recursion. */
function tokenDepth(root: Token): number {
  let deepest = 0;
  const stack: [Token, number][] = [[root, 1]];
  while (stack.length) {
    const [token, depth] = stack.pop()!;
    if (depth > deepest) deepest = depth;
    for (const child of childTokens(token)) stack.push([child, depth + 1]);
  }
  return deepest;
}

/** Refuses a top-level token of `file`, at `line`, that nests deeper than MAX_NESTING: walking or rendering it recurses that deep. */
export function checkTokenDepth(file: string, token: Token, line: number): void {
  if (tokenDepth(token) > MAX_NESTING) throw tooDeepError(file, 'raw' in token ? token.raw : '', line);
}

function tooDeepError(file: string, text: string, firstLine = 1): UserError {
  const { deepest } = nesting(text);
  // No deep containers: marked's regular expressions ran out of stack on one huge paragraph.
  if (deepest.depth <= MAX_NESTING) {
    const lines = text.split('\n');
    const longest = longestParagraph(lines);
    if (longest.chars > 100_000) {
      return new UserError({
        file,
        line: firstLine + longest.index,
        message: `a paragraph of ${longest.chars} characters is too long for the Markdown parser (or nests emphasis too deeply): split it into shorter paragraphs`,
        rule: 'too-large',
      });
    }
  }
  const at = deepest.line ? firstLine + deepest.line - 1 : firstLine;
  return nestingError(file, at, `blockquotes, lists or emphasis nested too deeply (more than ${MAX_NESTING} levels)`);
}

/** The blank-line separated block with the most characters, and the index of its first line. */
function longestParagraph(lines: readonly string[]): { index: number; chars: number } {
  let longest = { index: 0, chars: 0 };
  let start = 0;
  let chars = 0;
  lines.forEach((line, i) => {
    if (line.trim() === '') {
      start = i + 1;
      chars = 0;
      return;
    }
    chars += line.length + 1;
    if (chars > longest.chars) longest = { index: start, chars };
  });
  return longest;
}

/** Runs `work` on the text of `file`: the stack running out there is the file's error (too deep, or a paragraph too long), not a crash. */
export function withinStack<T>(file: string, text: string, work: () => T): T {
  try {
    return work();
  } catch (err) {
    if (err instanceof RangeError && /call stack/i.test(err.message)) throw tooDeepError(file, text);
    throw err;
  }
}
