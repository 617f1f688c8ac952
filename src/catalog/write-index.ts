// Writes `index.html` into a directory of ebooks: from `build` with what it made and kept, and
// from `progit-ebook index <dir>` with what the directory holds (writeDirectoryIndex).
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../util/atomic-write.js';
import { indexPage, type IndexPageInput } from './index-page.js';
import { INDEX_NAME, SUMS_NAME, type LanguageFacts, type RecordedFile, type RecordedIndex } from './manifest.js';

/** The page's entries: one per language with at least one file, in code order, with its facts. */
export function pageLanguages(files: readonly RecordedFile[], facts: readonly LanguageFacts[]): IndexPageInput['languages'] {
  // Linear in the files: `index` lists tens of thousands (docs/performance.md).
  const byLang = new Map<string, RecordedFile[]>();
  for (const f of files) {
    const list = byLang.get(f.lang);
    if (list) list.push(f);
    else byLang.set(f.lang, [f]);
  }
  const factsOf = new Map([...facts].reverse().map((l) => [l.lang, l]));
  return [...byLang.keys()].sort().map((lang) => ({ lang, facts: factsOf.get(lang), files: byLang.get(lang)! }));
}

/** Writes the page whole or not at all; `sums` is looked up in the directory. */
export async function writeIndexFile(dir: string, input: Omit<IndexPageInput, 'sums'>): Promise<RecordedIndex> {
  const html = indexPage({ ...input, sums: existsSync(join(dir, SUMS_NAME)) });
  await writeFileAtomic(join(dir, INDEX_NAME), html);
  return { file: INDEX_NAME, bytes: Buffer.byteLength(html), sha256: createHash('sha256').update(html).digest('hex') };
}
