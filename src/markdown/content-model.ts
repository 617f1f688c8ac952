// XHTML content models for the sanitizer. Raw HTML in a source can put a block where only text may
// stand (`# <p> Title` gives <h1><p>), a paragraph straight into a list or a table, a cell outside a
// row: browsers shrug, but epubcheck rejects the whole EPUB (RSC-005). While sanitize-html streams
// through a chapter, this keeps a stack of the elements that reach the output and mends each one
// against its parent: a misplaced structural element becomes a span (its content stays), a wrong child
// of a list or table becomes the element that may stand there, and loose text in
// them is wrapped the same way.

import { unforgeableToken } from '../util/unforgeable.js';

/** Elements whose content may only be phrasing (text-level) content. */
const PHRASING_ONLY = new Set([
  'p',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'pre',
  'span',
  'em',
  'strong',
  'i',
  'b',
  'u',
  's',
  'sub',
  'sup',
  'small',
  'mark',
  'abbr',
  'cite',
  'q',
  'dfn',
  'code',
  'kbd',
  'samp',
  'var',
]);

/** Elements that may not stand inside phrasing content. */
const BLOCK = new Set([
  'p',
  'div',
  'section',
  'aside',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'pre',
  'blockquote',
  'figure',
  'figcaption',
  'hr',
  'ul',
  'ol',
  'li',
  'dl',
  'dt',
  'dd',
  'table',
  'caption',
  'colgroup',
  'col',
  'thead',
  'tbody',
  'tfoot',
  'tr',
  'th',
  'td',
]);

/** Headings and sectioning, which a header cell may not hold. */
const HEADING_OR_SECTION = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'section', 'aside']);

/** Where an element may stand: its parent must be one of these. */
const REQUIRED_PARENT: Record<string, readonly string[]> = {
  li: ['ul', 'ol'],
  tr: ['table', 'thead', 'tbody', 'tfoot'],
  td: ['tr'],
  th: ['tr'],
  thead: ['table'],
  tbody: ['table'],
  tfoot: ['table'],
  caption: ['table'],
  colgroup: ['table'],
  col: ['colgroup', 'table'],
  figcaption: ['figure'],
};

/** What a container may hold, and what a wrong child or loose text becomes there. */
const CHILDREN: Record<string, { allowed: readonly string[]; wrap?: string; text: (t: string) => string }> = {
  ul: { allowed: ['li'], wrap: 'li', text: (t) => `<li>${t}</li>` },
  ol: { allowed: ['li'], wrap: 'li', text: (t) => `<li>${t}</li>` },
  thead: { allowed: ['tr'], wrap: 'tr', text: (t) => `<tr><td>${t}</td></tr>` },
  tbody: { allowed: ['tr'], wrap: 'tr', text: (t) => `<tr><td>${t}</td></tr>` },
  tfoot: { allowed: ['tr'], wrap: 'tr', text: (t) => `<tr><td>${t}</td></tr>` },
  tr: { allowed: ['td', 'th'], wrap: 'td', text: (t) => `<td>${t}</td>` },
  colgroup: { allowed: ['col'], text: () => '' },
};

/**
 * What a misplaced element becomes: a span holds its content wherever it stands. (Renaming it to a
 * tag the allowlist drops would unwrap it outright, but sanitize-html then leaves the new name in
 * its per-depth map and closes the next element at that depth with it.)
 */
const UNWRAP = 'span';

/**
 * Marks the figures the reader renders (image, then one caption). A figure written in raw HTML
 * becomes a div: its captions could stand anywhere, and XHTML allows one, first or last. The mark
 * is new in every process, so no source can forge it, and the allowlist drops it from the output.
 */
export const FIGURE_MARK = { name: 'data-progit-figure', value: unforgeableToken() };

/**
 * A table's parts in the order XHTML wants: caption?, colgroup*, thead?, then rows either all in
 * tbody elements or all bare tr (a tfoot is read as one more body). What comes out of order, twice
 * or in the other body form becomes a row in the body form the table already uses.
 */
const TABLE_RANK: Record<string, number> = { caption: 0, colgroup: 1, thead: 2 };

interface Open {
  name: string;
  /** For tables: the highest rank of a part so far, and whether the rows are in tbody or bare tr. */
  rank?: number;
  body?: 'tbody' | 'tr';
}

function tablePart(table: Open, name: string): string {
  const rank = TABLE_RANK[name];
  if (rank !== undefined && (table.rank ?? -1) < rank && !(rank === 0 && table.rank !== undefined)) {
    table.rank = rank;
    return name;
  }
  const body = name === 'tbody' || name === 'tr' ? (table.body ?? name) : (table.body ?? 'tr');
  table.body = body;
  table.rank = 3;
  return body;
}

/**
 * More elements left open at once than any book has. htmlparser2 keeps its own stack with
 * Array.unshift, a copy per element: 100,000 unclosed tags (300 KB) took 37 s. Past this the
 * chapter is refused (TooManyOpenElements) instead.
 */
const MAX_OPEN_ELEMENTS = 1000;

export class TooManyOpenElements extends Error {
  constructor() {
    super(`raw HTML leaves more than ${MAX_OPEN_ELEMENTS} elements open at once: close the tags it opens`);
    this.name = 'TooManyOpenElements';
  }
}

/** The hooks for one sanitize-html run (one chapter): they share its element stack. */
export function contentModelHooks(allowed: ReadonlySet<string>) {
  // Every element htmlparser2 opened, by the name it reaches the output with (or its own, if it
  // never does: then it is not a parent of anything in the output).
  const stack: Open[] = [];
  // Those of them that reach the output, and how many of each name are open: kept as elements open
  // and close, so that mending one is constant time. Scanning the stack per element made 32,000
  // unclosed <a> tags take a minute (and a hostile 300 KB file, for ever).
  const inOutput: Open[] = [];
  const openByName = new Map<string, number>();
  let phrasingOnly = 0;
  const count = (open: Open, by: 1 | -1) => {
    openByName.set(open.name, (openByName.get(open.name) ?? 0) + by);
    if (PHRASING_ONLY.has(open.name)) phrasingOnly += by;
  };
  const enter = (open: Open) => {
    if (stack.length >= MAX_OPEN_ELEMENTS) throw new TooManyOpenElements();
    stack.push(open);
    if (!allowed.has(open.name)) return;
    inOutput.push(open);
    count(open, 1);
  };
  const leave = () => {
    const open = stack.pop();
    if (!open || inOutput[inOutput.length - 1] !== open) return;
    inOutput.pop();
    count(open, -1);
  };
  const isOpen = (name: string) => (openByName.get(name) ?? 0) > 0;

  /** The name the element just opened takes, given its ancestors (it is not open itself meanwhile). */
  const mend = (name: string, attribs: Record<string, string>): string => {
    if (!allowed.has(name)) return name;
    if (name === 'figure' && attribs[FIGURE_MARK.name] !== FIGURE_MARK.value) name = 'div';
    // A definition list must pair every run of terms with definitions, which a stream cannot see
    // ahead to ensure; Markdown has no such lists, so raw ones are kept as plain blocks.
    if (name === 'dl' || name === 'dt' || name === 'dd') name = 'div';
    const parent = inOutput[inOutput.length - 1];
    if (parent?.name === 'table') name = tablePart(parent, name);
    const rule = parent ? CHILDREN[parent.name] : undefined;
    if (rule && !rule.allowed.includes(name)) {
      if (!rule.wrap) return UNWRAP;
      name = rule.wrap;
    }
    if (BLOCK.has(name) && phrasingOnly > 0) return UNWRAP;
    const required = REQUIRED_PARENT[name];
    if (required && !(parent && required.includes(parent.name))) return UNWRAP;
    if (name === 'a' && isOpen('a')) return UNWRAP;
    if (HEADING_OR_SECTION.has(name) && isOpen('th')) return UNWRAP;
    return name;
  };

  return {
    onOpenTag(name: string) {
      enter({ name });
    },
    onCloseTag() {
      leave();
    },
    /** For sanitize-html's `transformTags['*']`. */
    transform(tagName: string, attribs: Record<string, string>) {
      leave();
      const name = mend(tagName, attribs);
      enter({ name });
      return { tagName: name, attribs };
    },
    /** For sanitize-html's `textFilter`: text loose in a list or table goes into an item or cell. */
    text(escaped: string): string {
      const parent = inOutput[inOutput.length - 1];
      if (!parent || !escaped.trim()) return escaped;
      if (parent.name === 'table') {
        const row = `<tr><td>${escaped}</td></tr>`;
        return tablePart(parent, 'tr') === 'tbody' ? `<tbody>${row}</tbody>` : row;
      }
      const rule = CHILDREN[parent.name];
      return rule ? rule.text(escaped) : escaped;
    },
  };
}
