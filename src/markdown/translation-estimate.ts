// Pure parts of `status` (also the ebooks' index page's completeness): what a chapter's Markdown contains (prose blocks, figure names) and how
// much of the reference's prose a language has translated. No files, no processes.
import type { Token, Tokens } from 'marked';
import type { ChapterSource } from '../model/book.js';
import { appendAll } from '../util/arrays.js';
import type { FigureToken } from './extensions.js';
import { markdown, plainText } from './render.js';

/** What `status` needs from one chapter file. */
export interface ChapterDigest {
  /**
   * The text of every prose block (heading, paragraph, list item, blockquote paragraph), whitespace
   * collapsed. Code blocks, raw HTML (translators' comments holding the original) and figure
   * directives are not prose, nor are tables: they are reference material (options, format codes)
   * that translators lay out differently (a declared table in one language, an indented block in another).
   */
  blocks: string[];
  /** Names of the figures the chapter inserts, in order. */
  figures: string[];
}

/** A block is prose when it has a letter outside code spans: a lone `git status` is the same in every language. */
function isProse(tokens: readonly Token[] | undefined): boolean {
  const words = (tokens ?? []).filter((t) => t.type !== 'codespan' && t.type !== 'html');
  return /\p{L}/u.test(plainText(words));
}

function walk(tokens: readonly Token[], digest: ChapterDigest): void {
  const block = (inline: readonly Token[] | undefined) => {
    const text = plainText(inline);
    if (text && isProse(inline)) digest.blocks.push(text);
  };
  for (const token of tokens) {
    switch (token.type) {
      case 'heading':
      case 'paragraph':
        block((token as Tokens.Heading | Tokens.Paragraph).tokens);
        break;
      case 'text': {
        // Block-level text inside tight list items; a nested list may follow in the same item.
        const text = token as Tokens.Text;
        block(text.tokens ?? [{ type: 'text', raw: text.raw, text: text.text } as Tokens.Text]);
        break;
      }
      case 'list':
        for (const item of (token as Tokens.List).items) walk(item.tokens, digest);
        break;
      case 'blockquote':
        walk((token as Tokens.Blockquote).tokens, digest);
        break;
      case 'figure':
        digest.figures.push((token as unknown as FigureToken).name);
        break;
      default:
        // code, html (comments), tables, hr, space, def: not prose.
        break;
    }
  }
}

/** Reads the prose blocks and figure directives of a chapter's (normalized) Markdown. */
export function digestChapter(text: string): ChapterDigest {
  return digestTokens(markdown.lexer(text));
}

/** The same from tokens already lexed (`status` also reads the chapter's structure from them). */
export function digestTokens(tokens: readonly Token[]): ChapterDigest {
  const digest: ChapterDigest = { blocks: [], figures: [] };
  walk(tokens, digest);
  return digest;
}

/**
 * Prose blocks per chapter number, what the estimate compares: a chapter's files in order, and
 * chapter directories that share a number as one chapter. `digest` reads a file (the caller does the
 * reading); undefined leaves the file out, so one that cannot be read counts as absent.
 */
export async function proseBlocks(
  chapters: readonly ChapterSource[],
  digest: (file: string, chapter: ChapterSource) => Promise<ChapterDigest | undefined>,
): Promise<Map<number, string[]>> {
  const blocks = new Map<number, string[]>();
  for (const chapter of chapters) {
    const list = blocks.get(chapter.number) ?? [];
    blocks.set(chapter.number, list);
    for (const file of chapter.files) appendAll(list, (await digest(file, chapter))?.blocks ?? []);
  }
  return blocks;
}

const words = new Intl.Segmenter(undefined, { granularity: 'word' });

/** Words in a text, in any script (Chinese and Japanese are written without spaces). */
function wordCount(text: string): number {
  let n = 0;
  for (const s of words.segment(text)) if (s.isWordLike) n++;
  return n;
}

/**
 * An untranslated copy: a block identical to one of the reference. A one-word block (`core.editor`,
 * `GitWeb`) is a name that a translation keeps as it is, so it is not taken for a copy.
 */
export function isUntranslatedCopy(block: string, referenceBlocks: ReadonlySet<string>): boolean {
  return referenceBlocks.has(block) && wordCount(block) > 1;
}

export interface ChapterEstimate {
  chapter: number;
  /** Percent, rounded: the share of this reference chapter the language has translated. */
  translated: number;
}

export interface TranslationEstimate {
  /** Percent of the reference's prose translated, chapters weighted by the reference's prose size. */
  translated: number;
  chapters: ChapterEstimate[];
}

/**
 * How much of the reference a language has translated. Per reference chapter: the language's own
 * prose blocks in the chapter with the same number, minus those still identical to a block of the
 * reference (untranslated copies, see isUntranslatedCopy), as a share of the reference chapter's block count, at most 1.
 * Blocks are counted rather than characters because a translation keeps the paragraphs but not the
 * length (Chinese needs far fewer characters than English, Russian more). Chapters are weighted by
 * the characters of the reference chapter's prose, so a long chapter counts for more than a short one.
 */
export function estimateTranslation(reference: ReadonlyMap<number, readonly string[]>, language: ReadonlyMap<number, readonly string[]>): TranslationEstimate {
  const referenceBlocks = new Set<string>();
  for (const blocks of reference.values()) for (const b of blocks) referenceBlocks.add(b);
  let weighted = 0;
  let total = 0;
  const chapters: ChapterEstimate[] = [];
  for (const [chapter, refBlocks] of [...reference].sort((a, b) => a[0] - b[0])) {
    const weight = refBlocks.reduce((n, b) => n + b.length, 0);
    const own = (language.get(chapter) ?? []).filter((b) => !isUntranslatedCopy(b, referenceBlocks)).length;
    const share = refBlocks.length ? Math.min(1, own / refBlocks.length) : 0;
    chapters.push({ chapter, translated: Math.round(share * 100) });
    weighted += share * weight;
    total += weight;
  }
  return { translated: total ? Math.round((weighted / total) * 100) : 0, chapters };
}
