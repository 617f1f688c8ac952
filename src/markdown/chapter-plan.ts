// Chapter planning: a language's token stream split into chapters at its h1s, every heading given
// its id, and each chapter's h1 > h2 > h3 table of contents.
import type { Token, Tokens } from 'marked';
import { chapterTitle } from '../config/labels.js';
import type { ChapterSource } from '../model/book.js';
import type { TocNode } from '../model/document.js';
import type { Diagnostic } from '../util/diagnostics.js';
import { chapterNumbering, numberedTitle } from './chapter-number.js';
import type { IdAllocator } from './ids.js';
import type { Located } from './language-reader.js';
import { isCommentOnly, plainText, type IdHeading } from './render.js';

/** Drops table-of-contents entries whose heading lost its id (their sub-entries move up). */
export function pruneToc(node: TocNode, ids: ReadonlySet<string>): void {
  node.children = node.children.flatMap((child) => {
    pruneToc(child, ids);
    return ids.has(child.id) ? [child] : child.children;
  });
}

export function isH1(token: Token): token is Tokens.Heading {
  return token.type === 'heading' && (token as Tokens.Heading).depth === 1;
}

function isBlank(token: Token): boolean {
  return token.type === 'space' || (token.type === 'html' && isCommentOnly((token as Tokens.HTML).text));
}

function syntheticH1(title: string): Tokens.Heading {
  return { type: 'heading', raw: '', depth: 1, text: title, tokens: [{ type: 'text', raw: title, text: title, escaped: false }] };
}

interface ChapterGroup {
  tokens: Token[];
  rawHtml?: { file: string; line: number };
  /** The chapter directory's number, for the first h1 of its directory. */
  number?: number;
}

interface PlannedChapter {
  fileBase: string;
  /** The h1's text, without its number. */
  title: string;
  /** The number its heading was given, if any. */
  number?: number;
  tokens: Token[];
  toc: TocNode;
  /** Where its first raw HTML is, if it holds any: it is then rendered through the sanitizer. */
  rawHtml?: { file: string; line: number };
}

/**
 * Splits the language's token stream at h1, gives every heading an id and builds the h1 > h2 > h3
 * tree. A chapter directory whose text does not start with an h1 still starts a chapter, titled
 * with the localized "Chapter N", so its text never merges into the previous chapter.
 */
export function planChapters(located: Located[], chapterLabel: string, warnings: Diagnostic[], ids: IdAllocator): PlannedChapter[] {
  const groups: ChapterGroup[] = [];
  let seenChapter: ChapterSource | undefined;
  /** The directory whose first h1 is still to come: that h1 carries its number. */
  let toNumber: ChapterSource | undefined;
  for (const [i, item] of located.entries()) {
    if (item.chapter !== seenChapter) {
      seenChapter = toNumber = item.chapter;
      let first: Located | undefined;
      for (let j = i; j < located.length && !first; j++) if (located[j]!.chapter !== item.chapter || !isBlank(located[j]!.token)) first = located[j];
      if (first && first.chapter === item.chapter && !isH1(first.token)) {
        const title = chapterTitle(chapterLabel, item.chapterNumber);
        warnings.push({
          severity: 'warning',
          file: first.file,
          line: first.line,
          message: `chapter ${item.chapter.dir} does not start with a level-1 heading: it is titled "${title}"; start the file with "# Title"`,
          rule: 'chapter-heading',
        });
        // Its title is the label and number already.
        groups.push({ tokens: [syntheticH1(title)] });
        toNumber = undefined;
      }
    }
    const at = item.rawHtml ? { file: item.file, line: item.line } : undefined;
    if (isH1(item.token)) {
      groups.push({ tokens: [item.token], rawHtml: at, number: toNumber === item.chapter ? item.chapterNumber : undefined });
      toNumber = undefined;
    } else {
      const group = groups[groups.length - 1];
      group?.tokens.push(item.token);
      if (group && !group.rawHtml) group.rawHtml = at;
    }
  }

  const pad = String(groups.length).length < 2 ? 2 : String(groups.length).length;
  return groups.map(({ tokens, rawHtml, number }, index) => {
    const fileBase = `ch${String(index + 1).padStart(pad, '0')}`;
    ids.reserve(fileBase);
    const h1 = tokens[0] as IdHeading;
    const title = plainText(h1.tokens) || fileBase;
    h1.numbering = number === undefined ? undefined : chapterNumbering(chapterLabel, number, title);
    const root: TocNode = { level: 1, title: numberedTitle(title, h1.numbering), id: '', children: [] };
    let section = 0;
    let lastH2: TocNode | undefined;
    for (const token of tokens) {
      if (token.type !== 'heading') continue;
      const heading = token as IdHeading;
      const title = plainText(heading.tokens);
      if (heading.depth === 1) {
        heading.id = ids.allocate(title, `${fileBase}-title`);
        root.id = heading.id;
        continue;
      }
      heading.id = ids.allocate(title, `${fileBase}-s${++section}`);
      const node: TocNode = { level: heading.depth, title: title || heading.id, id: heading.id, children: [] };
      if (heading.depth === 2) {
        root.children.push(node);
        lastH2 = node;
      } else if (heading.depth === 3) {
        (lastH2 ?? root).children.push(node);
      }
    }
    return { fileBase, title, number: h1.numbering ? number : undefined, tokens, toc: root, rawHtml };
  });
}
