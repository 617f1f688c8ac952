// `status --diff`: the reference's changes to one chapter that a translation has not carried
// over, as git shows them, for a translator to follow commit by commit.
import { resolve } from 'node:path';
import { discoverBook } from '../layout/discover.js';
import { resolveReference } from '../layout/reference.js';
import type { BookLayout } from '../model/book.js';
import { UserError } from '../util/diagnostics.js';
import { runGit } from '../util/git.js';
import { readHistory } from '../sync/history.js';
import { SyncIndex } from '../sync/pending.js';
import { annotateDiff } from './diff-sections.js';
import { ReferenceChanges } from './locate.js';
import { commitPatches } from './patches.js';
import { locateChapter, translationFiles, type LocatedChapterSync } from './where.js';

export interface StatusDiffOptions {
  book?: string;
  reference?: string;
  lang: string;
  chapter: number;
  /** Git's colours (the CLI asks for them on a terminal only). */
  color?: boolean;
}

export interface StatusDiff extends LocatedChapterSync {
  lang: string;
  reference: string;
  /**
   * Git's output: each pending commit's hash, date, subject and kind, then its diff limited to the
   * reference chapter, each hunk that starts a section after the line naming it in both languages.
   */
  diff: string;
}

const usage = (message: string) => new UserError({ message, rule: 'usage' }, 2);

/**
 * The reference (see resolveReference); a usage error unless `lang` is a translation and `chapter`
 * a chapter it shares with the reference.
 */
export function checkChoice(layout: BookLayout, named: string | undefined, lang: string, chapter: number, option = '--diff'): string {
  const refLang = resolveReference(layout.languages, named);
  const reference = refLang.code;
  const translations = layout.languages.filter((l) => l.code !== reference).map((l) => l.code);
  const target = layout.languages.find((l) => l.code === lang);
  if (!target || lang === reference) {
    const why = lang === reference ? `${lang} is the reference` : `unknown language ${lang}`;
    throw usage(`${option}: ${why}; choose one of: ${translations.join(', ') || 'none (the book has no translation)'}`);
  }
  const shared = target.chapters.map((c) => c.number).filter((n) => refLang.chapters.some((c) => c.number === n));
  if (!shared.includes(chapter)) {
    throw usage(
      `--chapter ${chapter}: ${lang} and ${reference} do not both have it; choose one of: ${shared.join(', ') || `none (${lang} has no chapter of ${reference})`}`,
    );
  }
  return reference;
}

/** The pending reference commits of one language's chapter, with git's diff of each. */
export async function statusDiff(options: StatusDiffOptions): Promise<StatusDiff> {
  const layout = await discoverBook(resolve(options.book ?? '.'));
  const reference = checkChoice(layout, options.reference, options.lang, options.chapter);
  const found = await readHistory(layout.root, reference);
  if ('missing' in found) throw new UserError({ file: layout.root, message: `--diff needs the book's history: ${found.missing.reason}; ${found.missing.fix}` });
  const index = new SyncIndex(found.history, reference);
  const sync = index.chapterSync(options.lang, options.chapter);
  if (sync.pending.length === 0) return { ...sync, pending: [], lang: options.lang, reference, diff: '' };
  const paths = index.referenceDirs(options.chapter).map((dir) => `${reference}/${dir}`);
  const hashes = sync.pending.map((p) => p.commit);
  const [run, whole, files] = await Promise.all([
    runGit([
      '-c',
      'core.quotePath=false',
      '--literal-pathspecs',
      '-C',
      layout.root,
      'show',
      '--no-renames',
      '--relative',
      '--no-color',
      '--no-ext-diff',
      '--src-prefix=a/',
      '--dst-prefix=b/',
      '--format=%ncommit %H%nDate:   %cI%n%n    %s',
      ...hashes,
      '--',
      ...paths,
    ]),
    commitPatches(layout.root, hashes, paths, true),
    translationFiles(layout, options.lang, options.chapter),
  ]);
  if (run.code !== 0) throw new UserError({ file: layout.root, message: `git show failed: ${run.stderr.trim().split('\n', 1)[0]}` });
  if ('failed' in whole) throw new UserError({ file: layout.root, message: `git show failed: ${whole.failed}` });
  const changes = new ReferenceChanges(whole.patches, reference);
  const located = locateChapter(sync, changes, files, options.lang);
  const sets = new Map(hashes.map((h) => [h, changes.chapter(h, options.chapter)]));
  const diff = annotateDiff(run.stdout, { lang: options.lang, reference, pending: located.pending, sets, files, color: options.color ?? false });
  return { ...located, lang: options.lang, reference, diff };
}
