// The plain data model of a book on disk, as produced by layout discovery.
// Nothing here knows Markdown or any output format.
import type { Diagnostic } from '../util/diagnostics.js';

export type TextDirection = 'ltr' | 'rtl';

/** One chapter directory (`NN-name/`) and its Markdown files in reading order. */
export interface ChapterSource {
  /** Directory name, e.g. `02-git-basics`. */
  dir: string;
  /** The number the directory name starts with (`02-git-basics` -> 2): chapters of different languages match by it. */
  number: number;
  /** Absolute paths of the chapter's Markdown files, sorted by file name. */
  files: string[];
}

export interface LanguageSource {
  /** Directory name, used as the language code (`en`, `zh-tw`, `pt-br`). */
  code: string;
  /** Absolute path of the language directory. */
  dir: string;
  chapters: ChapterSource[];
  /**
   * What discovery could not read here: an unreadable language or chapter directory, a name that is
   * not UTF-8. Each is an error that fails this language alone; such a language is listed even
   * with no chapters, so that it is reported rather than missing.
   */
  problems: Diagnostic[];
}

/** Where figures can be found, in lookup order for one language. */
export interface FigureDirs {
  /** `<lang>/figures`, when present: localized figures override shared ones. */
  language?: string;
  /** The book's shared `figures/` directory, when present. */
  shared?: string;
  /** PNGs rendered from `<lang>/figures-dia/*.dia`, keyed by file stem (`fig0301`). */
  diagrams?: ReadonlyMap<string, string>;
}

/** Metadata of one language edition, after config, preset and defaults are merged. */
export interface LanguageMetadata {
  /** Output file base: `<out>/<name>.<lang>.<ext>`. */
  name: string;
  lang: string;
  dir: TextDirection;
  title: string;
  /** Shown under the title on the title page. */
  subtitle?: string;
  authors: string[];
  /** The translators of this edition (none when not configured). */
  translators: string[];
  /** The edition or version as the configuration writes it. */
  version?: string;
  /** The language's name in its own language (`Русский`), for the title page. */
  languageName: string;
  description: string;
  rights: string;
  publisher: string;
  /** Absolute path of the cover image, if any. */
  cover?: string;
  /** Extra CSS appended to the built-in style sheet. */
  css?: string;
  /** The localized word captions start with ("Figure", "Рисунок", "图"). */
  figureLabel: string;
  tocTitle: string;
  /** `Chapter {n}`, localized: the title of a chapter whose source has no level-1 heading. */
  chapterLabel: string;
  /** `Translated by {names}`, localized: the title page's line naming the translators. */
  translatorsLabel: string;
  /** ISO 8601 publication/modification date used in the package metadata. */
  date: string;
  /** Stable `urn:uuid:` identifier of this edition. */
  identifier: string;
}

/** One language of a release, as the HTML pages link to it (`<name>.<code>.html`). */
export interface ReleaseLanguage {
  /** Directory name: the language's part of the file names. */
  code: string;
  /** BCP 47 tag. */
  lang: string;
  dir: TextDirection;
  /** The language's name in its own language: book.json's, else the one Intl.DisplayNames gives. */
  name: string;
}

export interface BookLayout {
  root: string;
  languages: LanguageSource[];
  /** The shared `figures/` directory, when present. */
  sharedFigures?: string;
  /** True when the directory looks like a Pro Git checkout (`figures/18333fig*`). */
  isProGit: boolean;
}
