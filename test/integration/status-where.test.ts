// Where each pending reference change lands and what kind it is (`status --json`'s kind and
// sections, `--diff`'s section lines), on a book the test commits with git: a code-only, a
// whitespace-only and a prose change to en; ja keeps en's structure, de merged two sections.
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import type { StatusReport } from '../../src/status/status.js';
import type { StatusDiff } from '../../src/status/diff.js';
import type { CarryResult } from '../../src/status/carry.js';
import { gitBook, gitSkip } from '../git-book.js';
import { EN, EN_START, JA, JA_START, run, whereStory, type WhereStory } from '../where-book.js';
import { chromiumOrSkip, tempDir } from '../helpers.js';
import { auditStatusPage } from '../status-page-audit.js';

const skip = await gitSkip();
if (skip) console.log(`# skipping the status kind and section tests: ${skip}`);

describe('status: the kind of each pending commit and the sections it touched', { skip }, () => {
  let s: WhereStory;
  before(async () => {
    s = await whereStory();
  });

  test('--json: code, whitespace and prose; each hunk under the reference heading as of the commit and the translation heading now', async () => {
    const r = await run(['status', s.book.dir, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout) as StatusReport;
    const ja = report.languages.find((l) => l.lang === 'ja')!.sync![0]!;
    assert.deepEqual(
      ja.pending.map((p) => [p.commit, p.kind]),
      [
        [s.c.code, 'code'],
        [s.c.spaces, 'whitespace'],
        [s.c.prose, 'prose'],
        [s.c.code2, 'code'],
      ],
    );
    const section = (heading: string, line: number, file: string) => ({ heading, line, file });
    assert.deepEqual(ja.pending[0]!.sections, [{ reference: section('Installing', 5, EN), translation: section('インストール', 5, JA) }]);
    assert.deepEqual(ja.pending[1]!.sections, [{ reference: section('Getting Started', 1, EN), translation: section('起動', 1, JA) }]);
    assert.deepEqual(ja.pending[2]!.sections, [{ reference: section('Configuring', 15, EN), translation: section('設定', 15, JA) }]);
  });

  test('a translation whose headings differ: translation null, with the reason', async () => {
    const report = JSON.parse((await run(['status', s.book.dir, '--json'])).stdout) as StatusReport;
    const de = report.languages.find((l) => l.lang === 'de')!.sync![0]!;
    assert.equal(de.pending.length, 4);
    for (const p of de.pending) {
      assert.equal(p.sections.length, 1);
      assert.equal(p.sections[0]!.translation, null);
      assert.equal(p.sections[0]!.reason, `the headings differ: en has 3 (as of the commit), de has 2; they part at en's "Configuring" (line 15)`);
    }
    assert.equal(de.pending[0]!.sections[0]!.reference.heading, 'Installing');
  });

  test('a section whose figures differ: null, with the reason', async () => {
    const book = await gitBook();
    const ja = JA_START.replace('Insert 18333fig0101.png\n図1-1. ローカル\n\n', '');
    await book.commit('Start', { [EN]: EN_START, [JA]: ja }, '2020-01-01T10:00:00+00:00');
    await book.commit('New git version', { [EN]: EN_START.replace('1.7.0', '2.0.0') }, '2020-02-01T10:00:00+00:00');
    const report = JSON.parse((await run(['status', book.dir, '--json'])).stdout) as StatusReport;
    const p = report.languages.find((l) => l.lang === 'ja')!.sync![0]!.pending[0]!;
    assert.deepEqual(p.sections[0]!.translation, null);
    assert.equal(p.sections[0]!.reason, 'the figures under "Installing" differ: en has Insert 18333fig0101.png, ja has none');
  });

  test('--diff: the kind under each subject, each hunk after "reference section -> translation section (file:line)"', async () => {
    const r = await run(['status', s.book.dir, '--diff', 'ja', '--chapter', '1']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^ja chapter 1 \(translation last changed 2020-01-01\): 4 en commits not carried over yet, oldest first$/m);
    assert.match(r.stdout, new RegExp(`^commit ${s.c.code}\nDate: +2020-02-01T10:00:00\\+00:00\n\n {4}New git version\n {4}kind: code\n`, 'm'));
    assert.match(r.stdout, /^ {4}Spaces\n {4}kind: whitespace\n/m);
    assert.match(r.stdout, /^ {4}Email too\n {4}kind: prose\n/m);
    assert.match(
      r.stdout,
      /^@@@ Installing \(en\/01-intro\/01-chapter1\.markdown:5\) -> インストール \(ja\/01-intro\/01-chapter1\.markdown:5\)\n@@ -7,7 \+7,7 @@ Intro prose\.\n/m,
    );
    assert.match(
      r.stdout,
      /^@@@ Configuring \(en\/01-intro\/01-chapter1\.markdown:15\) -> 設定 \(ja\/01-intro\/01-chapter1\.markdown:15\)\n@@ -14,7 \+14,7 @@/m,
    );
    const de = await run(['status', s.book.dir, '--diff', 'de', '--chapter', '1', '--json']);
    const d = JSON.parse(de.stdout) as StatusDiff;
    assert.deepEqual(
      d.pending.map((p) => p.kind),
      ['code', 'whitespace', 'prose', 'code'],
    );
    assert.match(d.diff, /^@@@ Installing \(en\/01-intro\/01-chapter1\.markdown:5\) -> \? \(the headings differ: en has 3/m);
  });
});

describe('status --carry: the pending code commits applied to the translation', { skip }, () => {
  test('--dry-run prints the patch and the message and writes nothing; a block the translation changed is reported, not guessed', async () => {
    const s = await whereStory();
    const r = await run(['status', s.book.dir, '--carry', 'ja', '--chapter', '1', '--dry-run']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^--- a\/ja\/01-intro\/01-chapter1\.markdown\n\+\+\+ b\/ja\/01-intro\/01-chapter1\.markdown\n/m);
    assert.match(r.stdout, /^-\tgit version 1\.7\.0\n\+\tgit version 2\.0\.0\n/m);
    assert.match(r.stdout, /^-\t\$ git config --global user\.name "John"\n\+\t\$ git config --global user\.name "John Doe"\n/m);
    assert.equal(r.stdout.split('\n').filter((l) => /^[-+][^-+]/.test(l)).length, 4, 'only the two code lines change');
    assert.equal(r.stdout.trimEnd().split('\n').at(-1), `[ja] chapter 1: carry en's code changes ${s.c.code!.slice(0, 12)} ${s.c.code2!.slice(0, 12)}`);
    assert.match(r.stderr, new RegExp(`^left for a translator ${s.c.prose!.slice(0, 12)} Email too \\(prose\\)$`, 'm'));
    assert.equal(await s.book.git(['status', '--porcelain']), '');

    const changed = await gitBook();
    await changed.commit(
      'Start',
      { [EN]: EN_START, [JA]: JA_START.replace('\tgit version 1.7.0', '\tgit version 1.7.0 (日本語)') },
      '2020-01-01T10:00:00+00:00',
    );
    const code = await changed.commit('New git version', { [EN]: EN_START.replace('git version 1.7.0', 'git version 2.0.0') }, '2020-02-01T10:00:00+00:00');
    const u = await run(['status', changed.dir, '--carry', 'ja', '--chapter', '1', '--json']);
    const result = JSON.parse(u.stdout) as CarryResult;
    assert.deepEqual(result.carried, []);
    assert.deepEqual(
      result.unplaced.map((x) => [x.commit, x.file, x.line, x.why]),
      [[code, EN, 9, `${JA} does not have the code block as it was (translated or changed since)`]],
    );
    assert.equal(result.message, '');
    assert.equal(await changed.git(['status', '--porcelain']), '');
  });

  test('writes the new blocks exactly, prose untouched; refuses on a dirty file; once committed with the message, the carried commits are no longer pending', async () => {
    const s = await whereStory();
    const file = join(s.book.dir, JA);
    await writeFile(file, `${JA_START}追加。\n`);
    const dirty = await run(['status', s.book.dir, '--carry', 'ja', '--chapter', '1']);
    assert.equal(dirty.code, 1);
    assert.match(dirty.stderr, /--carry: uncommitted changes in the translation's files \(ja\/01-intro\/01-chapter1\.markdown\); commit or stash them first/);
    assert.equal(await readFile(file, 'utf8'), `${JA_START}追加。\n`);
    await s.book.git(['checkout', '--', JA]);

    const r = await run(['status', s.book.dir, '--carry', 'ja', '--chapter', '1']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(await readFile(file, 'utf8'), JA_START.replace('git version 1.7.0', 'git version 2.0.0').replace('user.name "John"', 'user.name "John Doe"'));
    const message = r.stdout.trimEnd().split('\n').at(-1)!;
    assert.match(r.stderr, /^wrote ja\/01-intro\/01-chapter1\.markdown$/m);
    // Committed on a branch from before en's changes and merged, so only the message (rule 2) can say they were carried.
    await s.book.git(['stash', '-q']);
    await s.book.git(['checkout', '-q', '-b', 'ja-carry', s.c.start!]);
    await s.book.git(['stash', 'pop', '-q']);
    await s.book.git(['commit', '-qam', message], '2020-06-01T10:00:00+00:00');
    await s.book.git(['checkout', '-q', 'main']);
    await s.book.git(['merge', '-q', '--no-ff', '-m', 'Merge ja-carry', 'ja-carry'], '2020-06-02T10:00:00+00:00');
    const report = JSON.parse((await run(['status', s.book.dir, '--json'])).stdout) as StatusReport;
    const ja = report.languages.find((l) => l.lang === 'ja')!.sync![0]!;
    assert.deepEqual(
      ja.pending.map((p) => [p.commit, p.kind]),
      [
        [s.c.spaces, 'whitespace'],
        [s.c.prose, 'prose'],
      ],
    );
    const again = await run(['status', s.book.dir, '--carry', 'ja', '--chapter', '1', '--dry-run']);
    assert.equal(again.stdout, 'ja chapter 1: no code change to carry over\n');
  });
});

describe('the status page with the pending commits and their diffs', { skip }, () => {
  test('per language and chapter, oldest first, kind and sections; each diff once however many languages are behind; the cells link to them', async () => {
    const s = await whereStory();
    const out = join(await tempDir(), 'status.html');
    const r = await run(['status', s.book.dir, '--html', out]);
    assert.equal(r.code, 0, r.stderr);
    const html = await readFile(out, 'utf8');
    for (const [name, hash] of Object.entries(s.c).filter(([k]) => k !== 'start')) {
      const id = `diff-${hash.slice(0, 12)}-1`;
      assert.equal(html.split(`<details id="${id}">`).length - 1, 1, `${name}: its diff once`);
      assert.equal(html.split(`href="#${id}"`).length - 1, 2, `${name}: linked from ja and de`);
    }
    assert.match(html, /<td data-sort="\d+" class="behind-cell">\d+%<br><a class="behind" href="#pending-ja-1">4 behind<\/a>/);
    assert.match(html, /<h3 id="pending-ja-1">Chapter 1: 4 pending<\/h3>/);
    const ja = html.slice(html.indexOf('<h2 id="pending-ja">'));
    const order = [...ja.matchAll(/<li><a href="#diff-([0-9a-f]{12})-1">/g)].slice(0, 4).map((m) => m[1]);
    assert.deepEqual(
      order,
      [s.c.code, s.c.spaces, s.c.prose, s.c.code2].map((h) => h!.slice(0, 12)),
      'oldest first',
    );
    assert.match(ja, /<span class="kind">code<\/span> New git version/);
    assert.match(
      ja,
      /<li><span lang="en">Installing<\/span> <span class="file">\(en\/01-intro\/01-chapter1\.markdown:5\)<\/span> → <span lang="ja">インストール<\/span> <span class="file">\(ja\/01-intro\/01-chapter1\.markdown:5\)<\/span><\/li>/,
    );
    assert.match(html, /→ not aligned: the headings differ: en has 3 \(as of the commit\), de has 2/);
    assert.match(html, /<span class="del">-\tgit version 1\.7\.0<\/span>\n<span class="ins">\+\tgit version 2\.0\.0<\/span>/);
    // The same ranges as git's own diff.
    const git = await s.book.git(['show', '--format=', s.c.code!]);
    assert.match(html, new RegExp(`^${git.match(/^@@ [^@]+ @@/m)![0].replace(/\+/g, '\\+')}$`, 'm'));
  });

  const chromeSkip = chromiumOrSkip();
  test(
    'in Chromium: axe-core finds no WCAG 2.1 A/AA violation (light and dark, a diff open); nothing scrolls sideways at 390 px',
    { skip: chromeSkip },
    async (t) => {
      const s = await whereStory();
      // A long code line that must wrap, not widen the page.
      await s.book.commit(
        'A long line',
        { [EN]: (await readFile(join(s.book.dir, EN), 'utf8')).replace('$ git --version', `$ git --version ${'--option-without-spaces'.repeat(12)}`) },
        '2020-06-01T10:00:00+00:00',
      );
      const page = join(await tempDir(), 'status.html');
      assert.equal((await run(['status', s.book.dir, '--html', page])).code, 0);
      await auditStatusPage(page, t, {
        prepare: async (tab) => {
          await tab.click('a[href="#pending-ja-1"]');
          await tab.click('#pending-ja-1 + ol a');
          await tab.evaluate('for (const d of document.querySelectorAll("details")) d.open = true');
        },
      });
    },
  );
});
