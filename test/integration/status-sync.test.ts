// `status` on a book with a real git history: the sync columns, --json's `sync`, --chapters,
// --diff and --html through the CLI, and what it says when there is no history to read
// (not a checkout, a shallow clone, no git).
import assert from 'node:assert/strict';
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { execa } from 'execa';
import { main } from '../../src/cli/main.js';
import type { Io } from '../../src/cli/io.js';
import type { LanguageStatus, StatusReport } from '../../src/status/status.js';
import type { StatusDiff } from '../../src/status/diff.js';
import { chromiumOrSkip, CLI, tempDir } from '../helpers.js';
import { gitBook, gitSkip, type GitBook } from '../git-book.js';
import { auditStatusPage } from '../status-page-audit.js';

const skip = await gitSkip();
if (skip) console.log(`# skipping the status sync tests: ${skip}`);

/** The CLI in this process, as on a terminal (tables, colours) or not. */
async function run(argv: string[], isTty = false): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: Io = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), isTty };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

const language = (report: StatusReport, code: string): LanguageStatus => report.languages.find((l) => l.lang === code)!;
// The reference's second chapter lives in a directory with a space and a non-ASCII letter, then is renamed.
const EN2_OLD = 'en/02-git basics ü';
const EN2_NEW = 'en/02-basics';

interface Story {
  book: GitBook;
  c: Record<string, string>;
}

/**
 * en and ja from the start; en fixes a typo in chapter 2 (a CRLF file); ja rewords chapter 1 (its
 * message names a hash that is no commit); en then changes chapter 1; on a branch off the start, ja
 * catches chapter 2 up, naming the typo fix by hash, merged into main; en renames chapter 2's
 * directory; pl arrives last, with chapter 1 only.
 */
async function story(): Promise<Story> {
  const book = await gitBook();
  const c: Record<string, string> = {};
  c.start = await book.commit(
    'Start the book',
    {
      'en/01-introduction/01-chapter1.markdown': '# Getting Started #\n\nWhy keep a history.\n',
      [`${EN2_OLD}/01-chapter2.markdown`]: '# Basics #\r\n\r\nRecording changes.\r\nViewing the history.\r\n',
      'ja/01-introduction/01-chapter1.markdown': '# 起動 #\n\n履歴を残す理由。\n',
      'ja/02-git-basics/01-chapter2.markdown': '# 基本 #\n\n変更の記録。\n',
    },
    '2020-01-01T10:00:00+00:00',
  );
  c.typo = await book.commit(
    'Fix a typo in chapter 2',
    { [`${EN2_OLD}/01-chapter2.markdown`]: '# Basics #\r\n\r\nRecording changes.\r\nViewing history.\r\n' },
    '2020-02-01T10:00:00+00:00',
  );
  c.ja1 = await book.commit(
    '[ja] chapter 1 reworded, see deadbeef99',
    { 'ja/01-introduction/01-chapter1.markdown': '# 起動 #\n\n履歴を残す理由です。\n' },
    '2020-03-01T10:00:00+00:00',
  );
  c.staging = await book.commit(
    'Explain staging',
    { 'en/01-introduction/01-chapter1.markdown': '# Getting Started #\n\nWhy keep a history.\n\nStaging comes first.\n' },
    '2020-04-01T10:00:00+00:00',
  );
  await book.git(['checkout', '-q', '-b', 'ja-work', c.start]);
  c.jaSync = await book.commit(
    `[ja] Sync with ${c.typo.slice(0, 8)}`,
    { 'ja/02-git-basics/01-chapter2.markdown': '# 基本 #\n\n変更の記録と履歴。\n' },
    '2020-05-01T10:00:00+00:00',
  );
  await book.git(['checkout', '-q', 'main']);
  await book.git(['merge', '-q', '--no-ff', '-m', 'Merge ja-work', 'ja-work'], '2020-06-01T10:00:00+00:00');
  c.rename = await book.git(['mv', EN2_OLD, EN2_NEW]).then(() => book.commit('Rename chapter 2', {}, '2020-07-01T10:00:00+00:00'));
  c.pl = await book.commit('[pl] chapter 1', { 'pl/01-wstep/01-chapter1.markdown': '# Wstęp #\n\nDlaczego historia.\n' }, '2020-08-01T10:00:00+00:00');
  return { book, c };
}

describe('status with the reference sync', { skip }, () => {
  let s: Story;
  before(async () => {
    s = await story();
  });

  test('--json: per chapter, the reference commits not carried over, oldest first, with lines, since and unresolved hashes', async () => {
    const r = await run(['status', s.book.dir, '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
    const report = JSON.parse(r.stdout) as StatusReport;
    assert.equal(report.history.available, true);
    assert.ok(report.history.available && report.history.head.commit === s.c.pl);
    const ja = language(report, 'ja');
    // Kinds and sections (status-where.test.ts says more): a new paragraph is prose; a renamed directory changed no text.
    assert.deepEqual(
      ja.sync?.map((c) =>
        c.pending.map((p) => [p.kind, p.sections.map((x) => `${x.reference.file}:${x.reference.line} -> ${x.translation?.file}:${x.translation?.line}`)]),
      ),
      [
        [['prose', ['en/01-introduction/01-chapter1.markdown:1 -> ja/01-introduction/01-chapter1.markdown:1']]],
        [
          [
            'whitespace',
            [
              `${EN2_NEW}/01-chapter2.markdown:1 -> ja/02-git-basics/01-chapter2.markdown:1`,
              `${EN2_OLD}/01-chapter2.markdown:1 -> ja/02-git-basics/01-chapter2.markdown:1`,
            ],
          ],
        ],
      ],
    );
    const plain = ja.sync?.map((c) => ({
      ...c,
      pending: c.pending.map((p) => ({ commit: p.commit, date: p.date, subject: p.subject, added: p.added, deleted: p.deleted })),
    }));
    assert.deepEqual(plain, [
      {
        chapter: 1,
        since: '2020-03-01T10:00:00+00:00',
        pending: [{ commit: s.c.staging, date: '2020-04-01T10:00:00+00:00', subject: 'Explain staging', added: 2, deleted: 0 }],
        unresolvedRefs: 1,
      },
      {
        // The typo fix is named by the branch's commit; the rename came after: added and deleted whole.
        chapter: 2,
        since: '2020-05-01T10:00:00+00:00',
        pending: [{ commit: s.c.rename, date: '2020-07-01T10:00:00+00:00', subject: 'Rename chapter 2', added: 4, deleted: 4 }],
        unresolvedRefs: 0,
      },
    ]);
    assert.deepEqual(ja.behind, { behindChapters: 2, pendingCommits: 2, added: 6, deleted: 4, oldest: '2020-04-01T10:00:00+00:00', unresolvedRefs: 1 });
    // pl came after every change to the reference's chapter 1.
    assert.deepEqual(language(report, 'pl').sync, [{ chapter: 1, since: '2020-08-01T10:00:00+00:00', pending: [], unresolvedRefs: 0 }]);
    assert.equal(language(report, 'en').sync, undefined);
    assert.equal(language(report, 'ja').lastCommit, '2020-05-01T10:00:00+00:00');
  });

  test('the table on a terminal: how far behind each language is; --chapters: one row per chapter', async () => {
    const r = await run(['status', s.book.dir], true);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^language +chapters +translated +figures +behind +pending +lines +oldest pending +last commit$/m);
    assert.match(r.stdout, /^ja +2\/2 +\d+% +0\/0 +2\/2 +2 +\+6 -4 +2020-04-01 +2020-05-01$/m);
    assert.match(r.stdout, /^pl +1\/2 \(missing 02\) +\d+% +0\/0 +0\/1 +0 +- +- +2020-08-01$/m);
    const chapters = await run(['status', s.book.dir, '--lang', 'ja', '--chapters'], true);
    assert.equal(chapters.code, 0, chapters.stderr);
    assert.match(chapters.stdout, /^ja\nchapter +translated +since +pending +lines +oldest pending$/m);
    assert.match(chapters.stdout, /^01 +\d+% +2020-03-01 +1 +\+2 -0 +2020-04-01$/m);
    assert.match(chapters.stdout, /^02 +\d+% +2020-05-01 +1 +\+4 -4 +2020-07-01$/m);
  });

  test('piped (`status | grep ja`), a real process prints the same plain table, no colour; JSON only with --json', async () => {
    const piped = await execa(process.execPath, [CLI, 'status', s.book.dir], { reject: false });
    assert.equal(piped.exitCode, 0, piped.stderr);
    assert.equal(piped.stdout + '\n', (await run(['status', s.book.dir], true)).stdout);
    assert.match(piped.stdout, /^ja +2\/2 +\d+% +0\/0 +2\/2 +2 +\+6 -4 +2020-04-01 +2020-05-01$/m);
    assert.doesNotMatch(piped.stdout, /\x1b\[|^\s*[{[]/);
    const chapters = await execa(process.execPath, [CLI, 'status', s.book.dir, '--lang', 'ja', '--chapters'], { reject: false });
    assert.match(chapters.stdout, /^01 +\d+% +2020-03-01 +1 +\+2 -0 +2020-04-01$/m);
    const json = await execa(process.execPath, [CLI, 'status', s.book.dir, '--json'], { reject: false });
    assert.equal((JSON.parse(json.stdout) as StatusReport).reference, 'en');
  });

  test('--diff LANG --chapter N: each pending commit, then its diff limited to the reference chapter; colours on a terminal only', async () => {
    const r = await run(['status', s.book.dir, '--diff', 'ja', '--chapter', '1']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^ja chapter 1 \(translation last changed 2020-03-01\): 1 en commit not carried over yet, oldest first$/m);
    assert.match(r.stdout, new RegExp(`^commit ${s.c.staging}\nDate: +2020-04-01T10:00:00\\+00:00\n\n {4}Explain staging\n`, 'm'));
    assert.match(r.stdout, /^\+Staging comes first\.$/m);
    assert.doesNotMatch(r.stdout, /^diff --git a\/ja\/|\x1b\[/m);
    assert.match(r.stdout, /^ {4}Explain staging\n {4}kind: prose\n/m);
    assert.match(
      r.stdout,
      /^@@@ Getting Started \(en\/01-introduction\/01-chapter1\.markdown:1\) -> 起動 \(ja\/01-introduction\/01-chapter1\.markdown:1\)\n@@ -1,3 \+1,5 @@/m,
    );
    const renamed = await run(['status', s.book.dir, '--diff', 'ja', '--chapter', '2']);
    assert.match(renamed.stdout, /^diff --git a\/en\/02-git basics ü\/01-chapter2\.markdown /m);
    assert.match(renamed.stdout, /^diff --git a\/en\/02-basics\/01-chapter2\.markdown /m);
    assert.doesNotMatch(renamed.stdout, /Fix a typo/);
    const coloured = await run(['status', s.book.dir, '--diff', 'ja', '--chapter', '1'], true);
    assert.match(coloured.stdout, /\x1b\[/);
    const json = await run(['status', s.book.dir, '--diff', 'pl', '--chapter', '1', '--json']);
    const d = JSON.parse(json.stdout) as StatusDiff;
    assert.deepEqual([d.lang, d.chapter, d.pending, d.diff], ['pl', 1, [], '']);
  });

  test('--diff with a bad language or chapter, or --chapter alone: usage errors naming the valid choices, exit 2', async () => {
    const cases: [string[], RegExp][] = [
      [['--diff', 'xx', '--chapter', '1'], /unknown language xx; choose one of: ja, pl/],
      [['--diff', 'en', '--chapter', '1'], /en is the reference; choose one of: ja, pl/],
      [['--diff', 'pl', '--chapter', '2'], /--chapter 2: pl and en do not both have it; choose one of: 1/],
      [['--diff', 'ja'], /--diff needs --chapter/],
      [['--chapter', '1'], /--chapter goes with --diff/],
      [['--diff', 'ja', '--chapter', 'two'], /a chapter number/],
    ];
    for (const [args, message] of cases) {
      const r = await run(['status', s.book.dir, ...args]);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, message);
      assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
    }
  });

  test('--html FILE writes the page: a row per language, a cell per chapter, the date of the data', async () => {
    const out = join(await tempDir(), 'status.html');
    const r = await run(['status', s.book.dir, '--html', out]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '');
    const html = await readFile(out, 'utf8');
    assert.match(html, /<time datetime="2020-08-01T10:00:00\+00:00">/);
    assert.equal((html.match(/<tr><th scope="row"/g) ?? []).length, 3);
    assert.match(html, /<th scope="row"[^>]*><span lang="ja">ja<\/span> <span class="name">Japanese<\/span><\/th>/);
    assert.equal((html.match(/1 behind/g) ?? []).length, 2);
    assert.equal((html.match(/class="missing"/g) ?? []).length, 1);
  });

  test('without history: the report as before, and once, why the sync columns are empty and how to get them', async () => {
    // A copy without .git; a shallow clone; no git on the PATH.
    const copy = join(await tempDir(), 'book');
    await mkdir(copy);
    for (const lang of ['en', 'ja', 'pl']) await cp(join(s.book.dir, lang), join(copy, lang), { recursive: true });
    const shallow = join(await tempDir(), 'shallow');
    await execa('git', ['clone', '-q', '--depth', '1', `file://${s.book.dir}`, shallow]);
    const cases: [string, Record<string, string>, RegExp][] = [
      [copy, {}, /is not in a git checkout; to get them, clone the book's repository with its history/],
      [
        shallow,
        {},
        /is a shallow clone: its history is cut off; to get them, run git fetch --unshallow \(in a GitHub Actions workflow: actions\/checkout with fetch-depth: 0\)/,
      ],
      [s.book.dir, { PATH: await tempDir() }, /git is not installed/],
    ];
    for (const [dir, env, why] of cases) {
      const r = await execa(process.execPath, [CLI, 'status', dir, '--json'], { reject: false, env });
      assert.equal(r.exitCode, 0, r.stderr);
      assert.match(r.stderr, why);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
      const report = JSON.parse(r.stdout) as StatusReport;
      assert.equal(report.history.available, false);
      assert.deepEqual(
        report.languages.map((l) => [l.lang, l.chapters.present.length, l.sync]),
        [
          ['en', 2, undefined],
          ['ja', 2, undefined],
          ['pl', 1, undefined],
        ],
      );
    }
    // A shallow clone still knows the dates it has.
    const shallowReport = JSON.parse((await execa(process.execPath, [CLI, 'status', shallow, '--json'])).stdout) as StatusReport;
    assert.equal(language(shallowReport, 'pl').lastCommit, '2020-08-01T10:00:00+00:00');
    const diff = await run(['status', copy, '--diff', 'ja', '--chapter', '1']);
    assert.equal(diff.code, 1);
    assert.match(diff.stderr, /--diff needs the book's history: .* is not in a git checkout/);
  });
});

const chromeSkip = skip || chromiumOrSkip();
describe('the status page in Chromium', { skip: chromeSkip }, () => {
  test('axe-core finds no WCAG 2.1 A/AA violation (light and dark); nothing scrolls sideways at 390 px; a column sorts', async (t) => {
    // Nine chapters and seven languages, one right to left, some behind: the widest table a phone gets.
    const book = await gitBook();
    const files: Record<string, string> = {};
    for (const lang of ['en', 'ar', 'de', 'ja', 'pt-br', 'zh', 'no-nb']) {
      for (let n = 1; n <= (lang === 'de' ? 4 : 9); n++) files[`${lang}/0${n}-chapter/01.markdown`] = `# ${lang} ${n} #\n\nText of chapter ${n} in ${lang}.\n`;
    }
    await book.commit('Start', files, '2021-01-01T00:00:00+00:00');
    await book.commit('Reword chapter 2', { 'en/02-chapter/01.markdown': '# en 2 #\n\nNew text.\n' }, '2021-02-01T00:00:00+00:00');
    await book.commit('Reword chapter 7', { 'en/07-chapter/01.markdown': '# en 7 #\n\nNew text.\n' }, '2021-03-01T00:00:00+00:00');
    const page = join(await tempDir(), 'status.html');
    assert.equal((await run(['status', book.dir, '--html', page])).code, 0);

    await auditStatusPage(page, t, {
      then: async (tab, width) => {
        if (width !== 1280) return;
        // Sorting by "Pending", most first: ar, ja, no-nb, pt-br, zh are 2 behind, de 1, en none.
        await tab.click('thead th:nth-child(4) button');
        await tab.click('thead th:nth-child(4) button');
        const order = (await tab.evaluate(`[...document.querySelectorAll('tbody th span[lang]')].map((s) => s.textContent)`)) as string[];
        assert.deepEqual(order.slice(-2), ['de', 'en']);
        assert.equal(await tab.getAttribute('thead th:nth-child(4)', 'aria-sort'), 'descending');
      },
    });
  });
});

describe('status on repositories that are not simply the book’s own', { skip }, () => {
  test('a book untracked in someone else’s repository (dotfiles, a monorepo): no sync columns, with why; --diff says it cannot', async () => {
    const home = await gitBook();
    await home.commit('dotfiles', { '.bashrc': 'alias ll="ls -l"\n', 'tools/other-book/en/01-a/a.md': '# Other #\n' }, '2020-01-01T00:00:00+00:00');
    for (const dir of [join(home.dir, 'book'), join(home.dir, 'projects', 'progit')]) {
      await mkdir(join(dir, 'en', '01-introduction'), { recursive: true });
      await mkdir(join(dir, 'ja', '01-introduction'), { recursive: true });
      await writeFile(join(dir, 'en', '01-introduction', '01-chapter1.markdown'), '# Getting Started #\n\nWhy.\n');
      await writeFile(join(dir, 'ja', '01-introduction', '01-chapter1.markdown'), '# 起動 #\n\n理由。\n');
      const r = await run(['status', dir, '--json']);
      assert.equal(r.code, 0, r.stderr);
      assert.match(
        r.stderr,
        /^status: no sync columns: no commit of the repository around .* touches the book: it is not in that history \(untracked, or ignored\); to get them, commit the book/,
      );
      const report = JSON.parse(r.stdout) as StatusReport;
      assert.equal(report.history.available, false);
      assert.equal(language(report, 'ja').sync, undefined);
      assert.equal(language(report, 'ja').lastCommit, undefined);
      const diff = await run(['status', dir, '--diff', 'ja', '--chapter', '1']);
      assert.equal(diff.code, 1, diff.stdout);
      assert.match(diff.stderr, /--diff needs the book's history: no commit of the repository around/);
    }
    // Once committed there, the history is the book's.
    await home.commit('add the book', {}, '2020-02-01T00:00:00+00:00');
    const tracked = JSON.parse((await run(['status', join(home.dir, 'book'), '--json'])).stdout) as StatusReport;
    assert.equal(tracked.history.available, true);
    assert.deepEqual(language(tracked, 'ja').sync?.[0]?.pending, []);
  });

  test('a SHA-256 repository: a full 64-digit hash in a translation’s message names the reference commit it carried over', async (t) => {
    const book = await gitBook({ objectFormat: 'sha256' }).catch((err: Error) => err);
    if (book instanceof Error) return t.skip(`this git cannot make a SHA-256 repository: ${book.message.split('\n', 1)[0]}`);
    await book.commit('Start', { 'en/01-a/a.md': '# A #\n\nOne.\n', 'ja/01-a/a.md': '# A #\n\n一。\n' }, '2020-01-01T00:00:00+00:00');
    await book.git(['checkout', '-q', '-b', 'ja-work']);
    await book.git(['checkout', '-q', 'main']);
    const fix = await book.commit('Fix en', { 'en/01-a/a.md': '# A #\n\nOne, fixed.\n' }, '2020-02-01T00:00:00+00:00');
    const typo = await book.commit('Typo en', { 'en/01-a/a.md': '# A #\n\nOne, fixed!\n' }, '2020-02-02T00:00:00+00:00');
    assert.equal(fix.length, 64);
    // On a branch that started before both: only the names in the messages can say what was carried over.
    await book.git(['checkout', '-q', 'ja-work']);
    await book.commit(`[ja] Sync with ${fix}`, { 'ja/01-a/a.md': '# A #\n\n一、直した。\n' }, '2020-03-01T00:00:00+00:00');
    await book.commit(`[ja] and ${typo.slice(0, 50)}, not ${'0'.repeat(64)}`, { 'ja/01-a/a.md': '# A #\n\n一、直した！\n' }, '2020-03-02T00:00:00+00:00');
    await book.git(['checkout', '-q', 'main']);
    await book.git(['merge', '-q', '--no-ff', '-m', 'Merge ja-work', 'ja-work'], '2020-04-01T00:00:00+00:00');
    const r = await run(['status', book.dir, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout) as StatusReport;
    assert.ok(report.history.available && report.history.head.commit.length === 64);
    assert.deepEqual(language(report, 'ja').sync, [{ chapter: 1, since: '2020-03-02T00:00:00+00:00', pending: [], unresolvedRefs: 1 }]);
  });

  test('git refusing a repository another user owns ("dubious ownership"): the safe.directory command, not "clone it"', async (t) => {
    if (process.getuid?.() !== 0) return t.skip('needs root, to give the repository to another user (chown)');
    const book = await gitBook();
    await book.commit('Start', { 'en/01-a/a.md': '# A #\n', 'ja/01-a/a.md': '# A #\n' }, '2020-01-01T00:00:00+00:00');
    await execa('chown', ['-R', 'nobody', book.dir]);
    // Without a global or system configuration that might already trust it.
    const env = { GIT_CONFIG_GLOBAL: join(await tempDir(), 'empty-gitconfig'), GIT_CONFIG_NOSYSTEM: '1' };
    const r = await execa(process.execPath, [CLI, 'status', book.dir, '--json'], { reject: false, env });
    assert.equal(r.exitCode, 0, r.stderr);
    assert.equal(
      r.stderr.trim(),
      `status: no sync columns: git does not trust ${book.dir}: another user owns it; to get them, if you trust it, run: git config --global --add safe.directory ${book.dir}`,
    );
    assert.equal((JSON.parse(r.stdout) as StatusReport).history.available, false);
  });
});
