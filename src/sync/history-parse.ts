// The book's history as `status` reads it: `git log -z` streams (--name-only for the whole book,
// --numstat for the reference's line counts), parsed as they arrive into plain commits whose
// changes are already grouped by language and chapter. Pure: no processes here (history.ts runs
// git), so the parser is tested on streams the tests write.
import { chapterNumberOf } from '../layout/discover.js';

/** What one commit changed under one chapter directory of one language. */
export interface ChapterChange {
  lang: string;
  chapter: number;
  /** The chapter directory's name in this commit (`02-git-basics`): a chapter keeps its number across renames. */
  dir: string;
  /** Lines added and deleted, from a --numstat stream; a --name-only stream has no counts. */
  lines?: { added: number; deleted: number };
}

export interface HistoryCommit {
  hash: string;
  parents: string[];
  /** Committer time, seconds since the epoch. */
  seconds: number;
  /** Committer time as git writes it, ISO 8601 with its offset. */
  iso: string;
  subject: string;
  /** Every run of 7 to 64 hex digits standing alone in the message, lower case: hashes it may name. */
  refs: string[];
  /** Languages (top-level directories) with any changed file. */
  langs: string[];
  chapters: ChapterChange[];
}

/**
 * The format the parser reads. Each commit starts with a NUL, so an empty record (two NULs in a
 * row, or the stream's first byte) comes before every header and nowhere else: with `-z` git ends
 * the header and every file (a path, or with --numstat `added TAB deleted TAB path`; paths
 * unquoted, any byte but NUL) with NUL, and no path is empty, so no file name can pass for a
 * header. The header: a record separator (a check that this is the format asked for), the hash
 * and parents, committer time and message, each field ended by a unit separator. Git puts a
 * newline before a commit's first file; merges list no files.
 */
export const LOG_FORMAT = '--format=%x00%x1e%H %P%x1f%ct %cI%x1f%B%x1f';

// 7 hex digits at least (git's shortest abbreviation), 64 at most (a SHA-256 repository's full hash).
const HASH_REF = /(?<![0-9a-z])[0-9a-f]{7,64}(?![0-9a-z])/gi;

/** The hex runs a message may use to name commits (`Apply 7092f29 to ja tree`, `[fr] Sync with c418e2ea`). */
export function namedRefs(message: string): string[] {
  return [...new Set([...message.matchAll(HASH_REF)].map((m) => m[0].toLowerCase()))];
}

interface Draft {
  commit: HistoryCommit;
  byChapter: Map<string, ChapterChange>;
}

function header(token: string): Draft {
  const [ids = '', time = '', ...message] = token.slice(1).split('\x1f');
  const [hash = '', ...parents] = ids.split(' ').filter(Boolean);
  const [seconds = '0', iso = ''] = time.split(' ');
  // The message's own unit separators (there should be none) stay in it; the last one ends the field.
  const body = message.slice(0, -1).join('\x1f');
  const commit: HistoryCommit = {
    hash,
    parents,
    seconds: Number(seconds),
    iso,
    subject: body.split('\n', 1)[0]!.trim(),
    refs: namedRefs(body),
    langs: [],
    chapters: [],
  };
  if (!token.startsWith('\x1e') || !/^[0-9a-f]{40,64}$/.test(hash)) throw new Error(`git log: unexpected record ${JSON.stringify(token.slice(0, 80))}`);
  return { commit, byChapter: new Map() };
}

export type FileList = 'names' | 'numstat';

function addFile(draft: Draft, token: string, list: FileList): void {
  const m = list === 'numstat' ? /^(-|\d+)\t(-|\d+)\t([\s\S]+)$/.exec(token) : /^()()([\s\S]+)$/.exec(token);
  if (!m) throw new Error(`git log: unexpected file line ${JSON.stringify(token.slice(0, 80))}`);
  const [lang = '', dir = '', ...rest] = m[3]!.split('/');
  const { commit } = draft;
  if (!commit.langs.includes(lang)) commit.langs.push(lang);
  const chapter = rest.length > 0 ? chapterNumberOf(dir) : undefined;
  if (chapter === undefined) return;
  const key = `${lang}/${dir}`;
  let change = draft.byChapter.get(key);
  if (!change) {
    change = list === 'numstat' ? { lang, chapter, dir, lines: { added: 0, deleted: 0 } } : { lang, chapter, dir };
    draft.byChapter.set(key, change);
    commit.chapters.push(change);
  }
  // A binary file counts `-` lines: it changed the chapter, with no lines to count.
  if (change.lines) {
    change.lines.added += m[1] === '-' ? 0 : Number(m[1]);
    change.lines.deleted += m[2] === '-' ? 0 : Number(m[2]);
  }
}

/** Where the parser is: before a header, before a commit's first file (or its end), among its files. */
type Expecting = 'boundary' | 'header' | 'first file' | 'file';

/** Parses the stream chunk by chunk; `onCommit` gets each commit once its last file is read. */
export class LogParser {
  private rest = '';
  private draft: Draft | undefined;
  private expecting: Expecting = 'boundary';

  constructor(
    private readonly list: FileList,
    private readonly onCommit: (commit: HistoryCommit) => void,
  ) {}

  push(chunk: string): void {
    const tokens = (this.rest + chunk).split('\0');
    this.rest = tokens.pop()!;
    for (const token of tokens) this.token(token);
  }

  end(): void {
    if (this.rest.replace(/\n/g, '') !== '') throw new Error(`git log: the output ends inside a record: ${JSON.stringify(this.rest.slice(0, 80))}`);
    if (this.expecting === 'header') throw new Error('git log: the output ends before a header');
    this.rest = '';
    this.flush();
  }

  private token(token: string): void {
    if (this.expecting === 'header') {
      this.draft = header(token);
      this.expecting = 'first file';
    } else if (token === '') {
      this.flush();
      this.expecting = 'header';
    } else if (this.expecting === 'boundary' || !this.draft) {
      throw new Error(`git log: a file before any commit: ${JSON.stringify(token.slice(0, 80))}`);
    } else {
      // Git's newline between the message and the first file is not part of the path.
      const first = this.expecting === 'first file';
      if (first && !token.startsWith('\n')) throw new Error(`git log: unexpected file line ${JSON.stringify(token.slice(0, 80))}`);
      addFile(this.draft, first ? token.slice(1) : token, this.list);
      this.expecting = 'file';
    }
  }

  private flush(): void {
    if (this.draft) this.onCommit(this.draft.commit);
    this.draft = undefined;
  }
}
