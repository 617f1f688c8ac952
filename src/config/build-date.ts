// The one date a build writes into its outputs (EPUB metadata and zip entries, MOBI/AZW3 headers).
// It comes from the sources, never from the clock, so that rebuilding the same sources gives the
// same bytes (https://reproducible-builds.org/docs/source-date-epoch/).
import { stat } from 'node:fs/promises';
import { lastCommit } from '../util/git.js';
import type { BookLayout } from '../model/book.js';
import { UserError } from '../util/diagnostics.js';
import { mapLimit } from '../util/concurrency.js';

type BuildDateSource = 'SOURCE_DATE_EPOCH' | 'git' | 'sources';

export interface BuildDate {
  /** ISO 8601 in UTC, to the second: `2024-03-01T12:00:00Z`. */
  iso: string;
  source: BuildDateSource;
  /** Why the last commit could not be asked although the book is in git, and what to do. */
  warning?: string;
}

export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The latest modification time among the book's chapter files (whole seconds). */
async function newestSourceSeconds(layout: BookLayout): Promise<number> {
  const files = layout.languages.flatMap((l) => l.chapters.flatMap((c) => c.files));
  // A file that cannot be stat()ed (a dangling link) is the reader's to report, for its language
  // alone: here it stopped every language with a stack trace.
  const times = await mapLimit(files, 16, (file) =>
    stat(file).then(
      (s) => s.mtimeMs,
      () => 0,
    ),
  );
  return times.reduce((newest, ms) => Math.max(newest, Math.floor(ms / 1000)), 0);
}

/** `SOURCE_DATE_EPOCH` as a date, undefined when unset; malformed is an error, as the convention asks. */
export function sourceDateEpoch(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch === undefined || epoch === '') return undefined;
  if (!/^\d+$/.test(epoch) || Number(epoch) > 253402300799) {
    throw new UserError({ message: `SOURCE_DATE_EPOCH must be whole seconds since 1970-01-01 UTC, not ${JSON.stringify(epoch)}`, rule: 'config' }, 2);
  }
  return isoSeconds(new Date(Number(epoch) * 1000));
}

/**
 * `SOURCE_DATE_EPOCH` when set, else the time of the last git commit touching the book, else the
 * newest chapter file's modification time.
 */
export async function sourceDate(layout: BookLayout, env: NodeJS.ProcessEnv = process.env): Promise<BuildDate> {
  const epoch = sourceDateEpoch(env);
  if (epoch) return { iso: epoch, source: 'SOURCE_DATE_EPOCH' };
  let warning: string | undefined;
  const commit = await lastCommit(layout.root, '.', (d) => {
    // Typical of a checkout mounted into a container, where a build would differ from CI's unnoticed.
    warning = `git does not trust ${d.repository} (another user owns it), so the build date is the newest chapter file's modification time, not the last commit's: ${d.fix}`;
  });
  if (commit) return { iso: isoSeconds(new Date(commit.seconds * 1000)), source: 'git' };
  const iso = isoSeconds(new Date((await newestSourceSeconds(layout)) * 1000));
  return warning ? { iso, source: 'sources', warning } : { iso, source: 'sources' };
}
