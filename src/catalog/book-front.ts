// What the index page takes from the book itself, when it has it: each language's title and the
// book's own name for it (book.json), the page's title and the cover.
import { readFile } from 'node:fs/promises';
import { languageMetadata, type ResolvedConfig } from '../config/metadata.js';
import { mediaTypeOf } from '../layout/figures.js';
import { DEFAULT_REFERENCE, resolveReference } from '../layout/reference.js';
import type { BookLayout } from '../model/book.js';
import type { IndexPageInput } from './index-page.js';
import type { LanguageFacts } from './manifest.js';

export interface BookFront {
  /** The page's title: the reference's (English) title, else the book's. */
  title: string;
  cover?: IndexPageInput['cover'];
  /** Per language code: its title and book.json's name for it. */
  facts: Map<string, Pick<LanguageFacts, 'title' | 'name'>>;
}

export async function bookFront(layout: BookLayout, resolved: ResolvedConfig, codes: readonly string[], date: string): Promise<BookFront> {
  const facts = new Map<string, Pick<LanguageFacts, 'title' | 'name'>>();
  for (const code of codes) {
    const meta = languageMetadata(layout, resolved, code, undefined, date);
    facts.set(code, { title: meta.title, name: resolved.config.languages?.[code]?.name });
  }
  const referenceCode = resolveReference(layout.languages, undefined, 'optional')?.code ?? codes[0] ?? DEFAULT_REFERENCE;
  const reference = languageMetadata(layout, resolved, referenceCode, undefined, date);
  const mediaType = reference.cover ? mediaTypeOf(reference.cover) : undefined;
  // A cover that cannot be read leaves the page without one; the build reports it with the EPUB.
  const bytes = reference.cover && mediaType ? await readFile(reference.cover).catch(() => undefined) : undefined;
  return { title: reference.title, cover: bytes && mediaType ? { mediaType, bytes } : undefined, facts };
}
