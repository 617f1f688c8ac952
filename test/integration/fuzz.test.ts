// Property-based fuzzing (fast-check) of the reader and the EPUB pipeline with generated and mutated
// Pro Git-flavoured Markdown: every heading form, several scripts, figure directives (hostile names
// too), translator tables, code, lists, links and images of every kind, raw and hostile HTML,
// control characters, BOM, CRLF, NBSP; and random edits of a valid chapter.
//
//   reader:  readLanguage + the HTML writer succeed or throw a UserError naming the file (and the
//            line, for anything about a file's contents); nothing else, and never longer than the
//            per-case limit (the reader runs in a worker thread that is stopped when it hangs).
//   reader:  what it renders has no script/iframe/object/embed, no on…= attribute, no javascript:
//            URL and no character XML forbids.
//   build:   build({ formats: ['html', 'epub'] }) fails a language cleanly or writes files that hold
//            the same guarantees, never embed a file outside the book, and pass epubcheck with no
//            error (one EpubcheckPool for the whole run).
//
// The seed is fixed so CI is reproducible. To explore or replay (fast-check prints seed and path):
//   FUZZ_SEED=<n|random> FUZZ_RUNS=2000 FUZZ_EPUB_RUNS=100 node --test lib/test/integration/fuzz.test.js
//   FUZZ_SEED=<n> FUZZ_PATH=<path> node --test --test-name-pattern=<test> lib/test/integration/fuzz.test.js
// A failing case's smallest book is also written to a directory named in the failure message.
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import fc from 'fast-check';
import { EpubcheckPool } from '../../src/tools/epubcheck-server.js';
import { formatDiagnostic } from '../../src/util/diagnostics.js';
import { epubcheckOrSkip } from '../helpers.js';
import {
  buildBook,
  buildProblems,
  keepCase,
  readerBook,
  readerProblems,
  ReaderWorker,
  SECRET,
  unsafeMarkup,
  writeCase,
  xmlCharProblems,
  type BookCase,
  type WrittenCase,
} from './fuzz-cases.js';
import type { FuzzOutcome } from './fuzz-worker.js';

// ---------------------------------------------------------------------------------------------
// Settings

function envInt(name: string, fallback: number): number {
  const value = process.env[name];
  return value && /^\d+$/.test(value) ? Number(value) : fallback;
}

const SEED =
  process.env.FUZZ_SEED === 'random' ? (Date.now() ^ (Math.random() * 0x7fffffff)) | 0 : process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : 0x5eed_2024;
const READER_RUNS = envInt('FUZZ_RUNS', 200);
const EPUB_RUNS = envInt('FUZZ_EPUB_RUNS', 20);
const REPLAY_PATH = process.env.FUZZ_PATH || undefined;
/** A case that takes longer than this hangs (typical: a few milliseconds). */
const CASE_LIMIT_MS = envInt('FUZZ_CASE_TIMEOUT_MS', 10_000);
/** A build of one case (a few small chapters, two languages at most). */
const BUILD_LIMIT_MS = envInt('FUZZ_BUILD_TIMEOUT_MS', 60_000);

/** Runs a property; on failure writes the smallest failing book to disk and fails with fast-check's report. */
async function check(property: fc.IAsyncPropertyWithHooks<[BookCase]>, numRuns: number): Promise<void> {
  const details = await fc.check(property, { seed: SEED, numRuns, path: REPLAY_PATH });
  if (!details.failed) return;
  const kept = details.counterexample ? await keepCase(details.counterexample[0]) : undefined;
  const report = fc.defaultReportMessage(details) ?? 'property failed';
  const cause = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
  throw new Error(
    `${report}\n\nWhat went wrong:\n${cause}\n\nThe smallest failing book is kept in ${kept ?? '(none)'}\nReplay: FUZZ_SEED=${details.seed} FUZZ_PATH=${details.counterexamplePath ?? ''}`,
  );
}

// ---------------------------------------------------------------------------------------------
// The properties

describe('fuzz: the reader', () => {
  const reader = new ReaderWorker();
  after(() => reader.close());

  const readCase = async (book: BookCase, verdict: (outcome: FuzzOutcome | { kind: 'timeout' }, written: WrittenCase) => string[]) => {
    const written = await writeCase(book);
    try {
      const problems = verdict(await reader.run(written.root, CASE_LIMIT_MS), written);
      assert.deepEqual(problems, []);
    } finally {
      await rm(written.base, { recursive: true, force: true });
    }
  };

  test(`succeeds or throws a UserError with file and line, never hangs (${READER_RUNS} runs)`, async (t) => {
    t.diagnostic(`seed ${SEED}, ${READER_RUNS} runs, ${CASE_LIMIT_MS} ms per case`);
    await check(
      fc.asyncProperty(readerBook, (book) => readCase(book, (outcome, written) => readerProblems(outcome, written, CASE_LIMIT_MS))),
      READER_RUNS,
    );
  });

  test(`what it renders is safe: no script, iframe, object, on…= or javascript:, no XML-forbidden character (${READER_RUNS} runs)`, async (t) => {
    t.diagnostic(`seed ${SEED}, ${READER_RUNS} runs`);
    await check(
      fc.asyncProperty(readerBook, (book) =>
        readCase(book, (outcome) => {
          if (outcome.kind !== 'ok') return [];
          return [
            ...outcome.chapterHtml.flatMap((html, i) => [...unsafeMarkup(html, `chapter ${i + 1}`), ...xmlCharProblems(html, `chapter ${i + 1}`)]),
            ...unsafeMarkup(outcome.html, 'HTML output'),
            ...(outcome.html.includes(SECRET.toString('base64')) ? ['HTML output embeds a file outside the book'] : []),
          ];
        }),
      ),
      READER_RUNS,
    );
  });
});

describe('fuzz: build to HTML and EPUB', () => {
  const epubcheck = epubcheckOrSkip();
  let pool: EpubcheckPool | undefined;
  after(() => pool?.close());

  /** epubcheck's errors for an EPUB, through one pool (one JVM) for the whole run. */
  const validate = async (epub: string): Promise<string[]> => {
    if (!epubcheck.command) return [];
    pool ??= new EpubcheckPool(epubcheck.command, 1);
    const result = await pool.check(epub);
    if (result.errors + result.fatals === 0) return [];
    return [
      `epubcheck found ${result.errors} errors, ${result.fatals} fatal:\n${result.messages
        .filter((m) => m.severity !== 'warning')
        .map(formatDiagnostic)
        .join('\n')}`,
    ];
  };

  test(`every language builds or fails cleanly; every EPUB is safe and passes epubcheck (${EPUB_RUNS} runs)`, async (t) => {
    t.diagnostic(`seed ${SEED}, ${EPUB_RUNS} runs`);
    if (epubcheck.skip) t.diagnostic(`the epubcheck part is skipped: ${epubcheck.skip}`);
    await check(
      fc.asyncProperty(buildBook, async (book) => {
        const written = await writeCase(book);
        try {
          assert.deepEqual(await buildProblems(written, join(written.base, 'out'), BUILD_LIMIT_MS, validate), []);
        } finally {
          await rm(written.base, { recursive: true, force: true });
        }
      }),
      EPUB_RUNS,
    );
  });
});
