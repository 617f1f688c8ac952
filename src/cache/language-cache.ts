// The language cache's policy: a language whose inputs are unchanged is restored from its entry
// (not read, not rendered, not converted); a language built without failure is remembered.
import { basename } from 'node:path';
import { languageDiagramsDir, languageFiguresDir } from '../layout/discover.js';
import type { LanguageSource } from '../model/book.js';
import type { LanguageDocument } from '../model/document.js';
import { readBookFile } from '../util/book-file.js';
import { insideAny } from '../util/paths.js';
import { languageKey, type BuildInputs } from './keys.js';
import { imagesUnchanged, isLanguageEntry, restoreArtifacts, type LanguageEntry, type RestoredArtifact } from './language-entry.js';
import { sha256, type BuildCache } from './store.js';

/** What a build knows of a language when it remembers it. */
export interface LanguageOutcome {
  chapters: number;
  warnings: LanguageEntry['warnings'];
  validation?: LanguageEntry['validation'];
  outputs: { format: string; path: string; sha256: string; bytes: number }[];
}

export class LanguageCache {
  constructor(
    private readonly store: BuildCache,
    private readonly inputs: BuildInputs,
  ) {}

  /** The language's key and its entry, if any; a file that cannot be read is the reader's to report, so then no key. */
  async lookup(lang: LanguageSource): Promise<{ key?: string; entry?: LanguageEntry }> {
    const key = await languageKey(lang, this.inputs).catch(() => undefined);
    return { key, entry: key ? await this.store.getEntry('lang', key, isLanguageEntry) : undefined };
  }

  /** The entry's files for `formats` put in place, or undefined when the language must be built. */
  async restore(entry: LanguageEntry, formats: string[], outDir: string, signal?: AbortSignal): Promise<RestoredArtifact[] | undefined> {
    if (!(await imagesUnchanged(entry))) return undefined;
    return restoreArtifacts(this.store, entry, formats, outDir, signal);
  }

  /**
   * The language's entry, with the images its key does not cover: those a chapter embeds from
   * elsewhere in the book or left out for bytes that are not the image their name says (mended,
   * they would be embedded), and every one looked for and missing. The missing ones are not narrowed
   * to those outside the hashed directories: a file appearing there as a symbolic link does not
   * change the key (its tree hash counts regular files), and checking that a path is still absent
   * costs one stat.
   */
  async remember(
    key: string,
    previous: LanguageEntry | undefined,
    lang: LanguageSource,
    outcome: LanguageOutcome,
    doc: Pick<LanguageDocument, 'assets' | 'badImages' | 'missing'>,
  ): Promise<void> {
    const covered = [await languageFiguresDir(lang), await languageDiagramsDir(lang), this.inputs.layout.sharedFigures, this.store.dir].filter(
      (d): d is string => Boolean(d),
    );
    const isCovered = insideAny(covered);
    const outside = [...[...doc.assets.values()].map((a) => a.path), ...doc.badImages].filter((p) => !isCovered(p));
    const entry: LanguageEntry = {
      lang: lang.code,
      chapters: outcome.chapters,
      warnings: outcome.warnings,
      validation: outcome.validation && { errors: outcome.validation.errors, warnings: outcome.validation.warnings, ms: outcome.validation.ms },
      // Same key, same inputs: what an earlier build of other formats left is still right.
      artifacts: {
        ...previous?.artifacts,
        ...Object.fromEntries(outcome.outputs.map((o) => [o.format, { file: basename(o.path), sha256: o.sha256, bytes: o.bytes }])),
      },
      assets: await Promise.all(outside.map(async (path) => ({ path, sha256: sha256(await readBookFile(path)) }))),
      missing: doc.missing,
    };
    await this.store.putEntry('lang', key, entry);
  }

  /** Keeps a written file's bytes, so a later build can restore them. The cache never fails a build. */
  async keep(bytes: Uint8Array, hash: string): Promise<void> {
    await this.store.putBlob(bytes, hash).catch(() => {});
  }
}
