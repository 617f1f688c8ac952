import { z } from 'zod';

/** Titles and names end up in elements an EPUB requires to be non-empty. */
const nonEmpty = z.string().trim().min(1, 'must not be empty');
const authors = z.union([nonEmpty, z.array(nonEmpty)]);

const languageConfigSchema = z.strictObject({
  /** The language's name in its own language (`Norsk bokmål`), as text, for the HTML pages' language menu and the index page (default: Intl.DisplayNames's). */
  name: nonEmpty.optional(),
  title: nonEmpty.optional(),
  subtitle: nonEmpty.optional(),
  authors: authors.optional(),
  /** The translators of this language's edition, for its title page. */
  translators: authors.optional(),
  version: nonEmpty.optional(),
  description: z.string().optional(),
  rights: z.string().optional(),
  figureLabel: z.string().min(1).optional(),
  tocTitle: z.string().min(1).optional(),
  /** Title of a chapter with no level-1 heading: `Chapter {n}`. */
  chapterLabel: z.string().min(1).optional(),
  /** The title page's line naming the translators: `Translated by {names}`. */
  translatorsLabel: z.string().min(1).optional(),
  dir: z.enum(['ltr', 'rtl']).optional(),
});

export const bookConfigSchema = z.strictObject({
  $schema: z.string().optional(),
  name: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'must be a file name base: letters, digits, ".", "_" and "-"')
    .optional(),
  title: nonEmpty.optional(),
  /** Shown under the title on the title page. */
  subtitle: nonEmpty.optional(),
  authors: authors.optional(),
  translators: authors.optional(),
  /** The edition or version, shown on the title page as written (`Second edition`, `v2.1`). */
  version: nonEmpty.optional(),
  description: z.string().optional(),
  rights: z.string().optional(),
  publisher: z.string().optional(),
  /** Path relative to the book root. */
  cover: z.string().optional(),
  /** Path relative to the book root; appended to the built-in style sheet. */
  css: z.string().optional(),
  languages: z.record(z.string(), languageConfigSchema).optional(),
});

export type BookConfig = z.infer<typeof bookConfigSchema>;
