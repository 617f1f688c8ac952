// The rendered document of one language: what every writer consumes.
// It is produced once per language and shared by all output formats.
import type { LanguageMetadata } from './book.js';
import type { Diagnostic } from '../util/diagnostics.js';

/** A table-of-contents entry: h1 > h2 > h3. */
export interface TocNode {
  level: number;
  /** Plain-text title. */
  title: string;
  /** Heading id, unique within the language. */
  id: string;
  children: TocNode[];
}

/** One h1 chapter: becomes one XHTML file in the EPUB. */
export interface DocChapter {
  /** ASCII base name of the chapter file, e.g. `ch03`. */
  fileBase: string;
  /** The h1's text, without the chapter's number. */
  title: string;
  /**
   * The number its heading and table-of-contents entry were given (the chapter directory's), in the
   * language's words: `<span class="chapter-label">Chapter 3</span>: ` in the h1, `Chapter 3: Title`
   * as `toc.title`. None for a chapter titled "Chapter N" for want of an h1, a title numbered
   * already, or a directory's later h1s.
   */
  number?: number;
  /** XHTML-safe body markup starting with the chapter's h1. */
  html: string;
  /** The chapter's own entry (level 1, its title numbered) with its h2/h3 children. */
  toc: TocNode;
}

/** An image the document refers to. Rendered markup refers to it by `src` = `url`. */
export interface DocAsset {
  /** `file://` URL of the image as it appears in `DocChapter.html`. */
  url: string;
  /** Absolute path on disk. */
  path: string;
  mediaType: string;
}

export interface LanguageDocument {
  meta: LanguageMetadata;
  chapters: DocChapter[];
  /** Every image used, keyed by its URL, each listed once. */
  assets: Map<string, DocAsset>;
  /**
   * Files inside the book that an image or figure was looked for at and not found, sorted: the
   * output shows alt text or a placeholder there, and would change if one appeared.
   */
  missing: string[];
  /**
   * Image files the document shows whose bytes are not the image their name says, sorted: left out
   * (with a warning), as if missing; mended, they would change the output.
   */
  badImages: string[];
  warnings: Diagnostic[];
}
