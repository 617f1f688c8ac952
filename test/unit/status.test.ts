// `status`: chapters, translated share, figures and last commit per language, for translators.
import assert from 'node:assert/strict';
import { appendFile, readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { execa } from 'execa';
import { status, type LanguageStatus, type StatusReport } from '../../src/status/status.js';
import { digestChapter, estimateTranslation, isUntranslatedCopy, proseBlocks } from '../../src/markdown/translation-estimate.js';
import { main } from '../../src/cli/main.js';
import { statusTable } from '../../src/cli/status-table.js';
import { normalizeSource } from '../../src/markdown/source.js';
import { stripComments } from '../../src/markdown/render.js';
import { CLI, makeBook, PROGIT_DIR, progitSkip, tempDir, TINY_PNG } from '../helpers.js';

function lang(report: StatusReport, code: string): LanguageStatus {
  const found = report.languages.find((l) => l.lang === code);
  assert.ok(found, `no ${code} in ${report.languages.map((l) => l.lang).join(', ')}`);
  return found;
}

// Six prose blocks (two headings, two paragraphs, two list items); the code, the comment and the
// figure directive are not prose.
const EN_CHAPTER = `# Getting Started #

This chapter explains why people keep a history of their files.

	$ history --list
	3 snapshots

<!-- A note for translators: keep the command above as it is. -->

## Taking Snapshots ##

Every time you record your work, the tool stores a snapshot of every file.

* A snapshot is cheap to make.
* A snapshot never changes once it is made.

Insert fig0101.png
Figure 1-1. Three snapshots of the same project.
`;

test('chapters are matched by their leading number: present, missing and extra', async () => {
  const book = await makeBook({
    'en/01-intro/01-chapter1.markdown': '# One chapter #\n\nThe first chapter of the book.\n',
    'en/02-git-basics/01-chapter2.markdown': '# Two chapter #\n\nThe second chapter of the book.\n',
    'en/03-sharing/01-chapter3.markdown': '# Three chapter #\n\nThe third chapter of the book.\n',
    'ru/01-vvedenie/01-chapter1.markdown': '# Глава один #\n\nПервая глава книги.\n',
    'ru/03-obmen/01-chapter3.markdown': '# Глава три #\n\nТретья глава книги.\n',
    'ru/05-extra/01-chapter5.markdown': '# Дополнение #\n\nГлава, которой нет в оригинале.\n',
    'uk/02-chapter2/01-chapter2.markdown': '# Розділ два #\n\nДругий розділ книги.\n',
  });
  const report = await status({ book });
  assert.deepEqual(report.chapters, [1, 2, 3]);
  assert.deepEqual(lang(report, 'ru').chapters, { present: [1, 3], missing: [2], extra: [5] });
  assert.deepEqual(lang(report, 'uk').chapters, { present: [2], missing: [1, 3], extra: [] });
  const en = lang(report, 'en');
  assert.equal(en.isReference, true);
  assert.equal(en.translated, 100);
  assert.deepEqual(en.chapters, { present: [1, 2, 3], missing: [], extra: [] });
  const ru = lang(report, 'ru');
  assert.equal(ru.isReference, false);
  assert.deepEqual(
    ru.translatedByChapter.map((c) => [c.chapter, c.translated]),
    [
      [1, 100],
      [2, 0],
      [3, 100],
    ],
  );
  assert.ok(ru.translated > 50 && ru.translated < 80, `ru: ${ru.translated}`);

  const table = statusTable(report);
  assert.match(table, /^language +chapters +translated +figures +last commit$/m);
  assert.match(table, /^en \(reference\) +3\/3 +100% +0\/0 +-$/m);
  assert.match(table, /^ru +2\/3 \(missing 02; extra 05\) +\d+% +0\/0 +-$/m);
  assert.match(table, /^uk +1\/3 \(missing 01 03\) +\d+%/m);
  // Aligned: every row's "translated" cell ends in the same column as the header's.
  const lines = table.trimEnd().split('\n');
  const end = lines[0]!.indexOf('translated') + 'translated'.length;
  for (const line of lines.slice(1)) assert.equal(line[end - 1], '%', line);
});

test('the estimate counts translated prose: copies of the reference, code and comments do not count', async () => {
  const book = await makeBook({
    'en/01-intro/01-chapter1.markdown': EN_CHAPTER,
    // Only the title translated; a paragraph re-wrapped is still the same paragraph.
    'de/01-einleitung/01-chapter1.markdown': EN_CHAPTER.replace('# Getting Started #', '# Erste Schritte #').replace(
      'stores a snapshot of',
      'stores a snapshot\nof',
    ),
    'fr/01-introduction/01-chapter1.markdown': `# Premiers pas #

Ce chapitre explique pourquoi on garde l'historique de ses fichiers.

	$ history --list
	3 snapshots

<!-- A note for translators: keep the command above as it is. -->

## Prendre des instantanés ##

Chaque fois que vous enregistrez votre travail, l'outil garde un instantané de chaque fichier.

* Un instantané ne coûte presque rien.
* Un instantané ne change jamais.

Insert fig0101.png
Figure 1-1. Trois instantanés du même projet.
`,
    // Two blocks translated; the rest only as (reworded) English inside comments.
    'pl/01-wstep/01-chapter1.markdown': `# Pierwsze kroki #

<!-- # Getting started # -->

Ten rozdział wyjaśnia, dlaczego ludzie przechowują historię swoich plików.

<!-- This chapter explains why people keep the history of their files. -->

<!-- ## Taking snapshots ##

Each time you record your work, the tool keeps a snapshot of each file.

* A snapshot is cheap.
* A snapshot never changes. -->
`,
  });
  const report = await status({ book });
  assert.equal(lang(report, 'en').translated, 100);
  assert.equal(lang(report, 'de').translated, 17); // 1 of 6 blocks
  assert.equal(lang(report, 'fr').translated, 100);
  assert.equal(lang(report, 'pl').translated, 33); // 2 of 6 blocks
});

test('prose blocks: headings, paragraphs and list items, not code, comments, tables or figure directives', () => {
  const digest = digestChapter(EN_CHAPTER);
  assert.deepEqual(digest.blocks, [
    'Getting Started',
    'This chapter explains why people keep a history of their files.',
    'Taking Snapshots',
    'Every time you record your work, the tool stores a snapshot of every file.',
    'A snapshot is cheap to make.',
    'A snapshot never changes once it is made.',
  ]);
  assert.deepEqual(digest.figures, ['fig0101.png']);
  const table = digestChapter(
    'Intro text here.\n\n<!-- Attention to translators: this is a table declaration. -->\n\n\tOption\tDescription\n\t-p\tShow the patch\n\n| a b | c d |\n| --- | --- |\n| e f | g h |\n',
  );
  assert.deepEqual(table.blocks, ['Intro text here.']);
  // A paragraph of nothing but code spans reads the same in every language: not prose.
  assert.deepEqual(digestChapter('`git status`\n\nRun `git status` now.\n').blocks, ['Run git status now.']);
});

test('prose blocks per chapter number (status and the build both use proseBlocks): files in order, directories sharing a number as one, an unread file absent', async () => {
  const texts: Record<string, string | undefined> = { a: '# One #\n\nFirst.\n', b: undefined, c: 'Third.\n', d: 'Fourth.\n' };
  const chapters = [
    { dir: '01-a', number: 1, files: ['a', 'b'] },
    { dir: '02-x', number: 2, files: ['d'] },
    { dir: '01-b', number: 1, files: ['c'] },
    { dir: '03-empty', number: 3, files: [] },
  ];
  const seen: string[] = [];
  const blocks = await proseBlocks(chapters, async (file, chapter) => {
    seen.push(`${chapter.dir}/${file}`);
    const text = texts[file];
    return text === undefined ? undefined : digestChapter(text);
  });
  assert.deepEqual(seen, ['01-a/a', '01-a/b', '02-x/d', '01-b/c']);
  assert.deepEqual(
    [...blocks],
    [
      [1, ['One', 'First.', 'Third.']],
      [2, ['Fourth.']],
      [3, []],
    ],
  );
});

test('a one-word block identical to the reference is a name, not an untranslated copy', () => {
  const reference = new Set(['core.editor', 'GitWeb', 'The Refspec', 'Every time you record your work.']);
  assert.equal(isUntranslatedCopy('core.editor', reference), false);
  assert.equal(isUntranslatedCopy('GitWeb', reference), false);
  assert.equal(isUntranslatedCopy('The Refspec', reference), true);
  assert.equal(isUntranslatedCopy('Every time you record your work.', reference), true);
  assert.equal(isUntranslatedCopy('Każdy zapis twojej pracy.', reference), false);
});

test('chapters are weighted by the size of the reference chapter', () => {
  const long = ['a '.repeat(50).trim(), 'b '.repeat(50).trim()]; // 99 + 99 characters against 3
  const reference = new Map([
    [1, long],
    [2, ['c d']],
  ]);
  const onlyLong = estimateTranslation(reference, new Map([[1, ['x y', 'z w']]]));
  assert.equal(onlyLong.translated, 99);
  assert.deepEqual(onlyLong.chapters, [
    { chapter: 1, translated: 100 },
    { chapter: 2, translated: 0 },
  ]);
  const onlyShort = estimateTranslation(reference, new Map([[2, ['x y']]]));
  assert.equal(onlyShort.translated, 1);
  // Extra blocks never take a chapter past 100%, and half the blocks is half the chapter.
  assert.equal(
    estimateTranslation(
      reference,
      new Map([
        [1, ['p q', 'r s', 't u']],
        [2, ['v w']],
      ]),
    ).translated,
    100,
  );
  assert.equal(
    estimateTranslation(
      reference,
      new Map([
        [1, ['p q']],
        [2, ['v w']],
      ]),
    ).chapters[0]!.translated,
    50,
  );
});

test('figures: directives against the reference, resolved localized, shared, or not at all', async () => {
  const fig = (n: string) => `Insert ${n}\nFigure 1-1. Caption of ${n}.\n\n`;
  const book = await makeBook({
    'en/01-a/01-chapter1.markdown': `# One two #\n\n${fig('fig0101.png')}${fig('fig0102.png')}${fig('fig0103.png')}`,
    'figures/fig0101-tn.png': TINY_PNG,
    'figures/fig0102.png': TINY_PNG,
    'xx/01-a/01-chapter1.markdown': `# Uno dos #\n\n${fig('fig0101.png')}${fig('fig0102.png')}${fig('fig0104.png')}`,
    'xx/figures/fig0101.png': TINY_PNG,
    'yy/01-a/01-chapter1.markdown': `# Eins zwei #\n\n${fig('fig0101.png')}`,
  });
  const report = await status({ book });
  assert.deepEqual(lang(report, 'en').figures, { reference: 3, present: 3, resolved: 2, localized: 0, unresolved: ['fig0103.png'] });
  assert.deepEqual(lang(report, 'xx').figures, { reference: 3, present: 3, resolved: 2, localized: 1, unresolved: ['fig0104.png'] });
  assert.deepEqual(lang(report, 'yy').figures, { reference: 3, present: 1, resolved: 1, localized: 0, unresolved: [] });
  const table = statusTable(report);
  assert.match(table, /^xx +1\/1 +\d+% +3\/3 \(1 localized, 1 not found\)/m);
  assert.match(table, /^yy +1\/1 +\d+% +1\/3 +-$/m);
});

test('a file that fails to decode is a warning naming file and line; the rest is still counted', async () => {
  const book = await makeBook({
    'en/01-a/01-chapter1.markdown': '# One two #\n\nFirst paragraph of the chapter.\n\nSecond paragraph of the chapter.\n',
    'xx/01-a/01-part1.markdown': Buffer.concat([Buffer.from('# Uno dos #\n\nPrimer p'), Buffer.from([0xe1, 0x0a])]),
    'xx/01-a/02-part2.markdown': 'Segundo párrafo del capítulo.\n',
  });
  const xx = lang(await status({ book }), 'xx');
  assert.equal(xx.warnings.length, 1);
  const [w] = xx.warnings;
  assert.equal(w!.severity, 'warning');
  assert.equal(w!.rule, 'encoding');
  assert.match(w!.file ?? '', /xx\/01-a\/01-part1\.markdown$/);
  assert.equal(w!.line, 3);
  assert.equal(xx.translated, 33); // 1 of 3 blocks: the second file only
});

test('unknown reference or language is a usage error listing the languages', async () => {
  const book = await makeBook({ 'en/01-a/01.markdown': '# A b #\n', 'zh/01-a/01.markdown': '# 一 #\n' });
  await assert.rejects(status({ book, reference: 'xx' }), (err: Error & { exitCode?: number }) => {
    assert.match(err.message, /unknown reference language: xx; available: en, zh/);
    assert.equal(err.exitCode, 2);
    return true;
  });
  await assert.rejects(status({ book, languages: ['zh', 'ko'] }), /unknown language: ko; available: en, zh/);
  // The reference is read even when only other languages are reported.
  const zhOnly = await status({ book, languages: ['zh'] });
  assert.deepEqual(
    zhOnly.languages.map((l) => l.lang),
    ['zh'],
  );
  assert.deepEqual(zhOnly.chapters, [1]);
  // Another reference: measured against zh, en is the translation.
  const byZh = await status({ book, reference: 'zh' });
  assert.equal(lang(byZh, 'zh').isReference, true);
  assert.equal(lang(byZh, 'en').isReference, false);
});

async function gitOrSkip(): Promise<false | string> {
  const r = await execa('git', ['--version'], { reject: false });
  return r.exitCode === 0 ? false : 'git is not installed';
}

test('the last commit touching each language directory, when the book is in git', { skip: await gitOrSkip() }, async () => {
  const book = await makeBook({
    'en/01-a/01.markdown': '# A b #\n\nSome text here.\n',
    'zh/01-a/01.markdown': '# 一 #\n\n一些文字。\n',
    'ja/01-a/01.markdown': '# 一 #\n\nいくつかの文章。\n',
  });
  const git = (args: string[], date?: string) =>
    execa('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args], {
      cwd: book,
      env: date ? { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date } : {},
    });
  await git(['init', '-q']);
  await git(['add', 'en', 'zh']);
  await git(['commit', '-q', '-m', 'en and zh'], '2021-03-04T05:06:07+00:00');
  await appendFile(join(book, 'zh/01-a/01.markdown'), '\n更多文字。\n');
  await git(['commit', '-q', '-a', '-m', 'zh again'], '2022-07-08T09:10:11+02:00');
  const report = await status({ book });
  assert.equal(lang(report, 'en').lastCommit, '2021-03-04T05:06:07+00:00');
  assert.equal(lang(report, 'zh').lastCommit, '2022-07-08T09:10:11+02:00');
  assert.equal(lang(report, 'ja').lastCommit, undefined); // never committed
  assert.match(statusTable(report), /^zh +.*2022-07-08$/m);
  // Without git on the PATH the date is simply unknown.
  const noGit = await execa(process.execPath, [CLI, 'status', book, '--json'], { reject: false, env: { PATH: await tempDir() } });
  assert.equal(noGit.exitCode, 0, noGit.stderr);
  assert.equal(lang(JSON.parse(noGit.stdout) as StatusReport, 'en').lastCommit, undefined);
});

test('a book outside any git repository has no last commit, and no error', async () => {
  const book = await makeBook({ 'en/01-a/01.markdown': '# A b #\n' });
  const report = await status({ book });
  assert.equal(lang(report, 'en').lastCommit, undefined);
  assert.match(statusTable(report), /^en \(reference\) .* -$/m);
});

test('CLI: the table piped and on a terminal, JSON only with --json, exit 2 for an unknown reference', async () => {
  const book = await makeBook({ 'en/01-a/01.markdown': '# A b #\n\nSome text here.\n', 'zh/01-a/01.markdown': '# 一 #\n\n一些文字。\n' });
  const piped = await execa(process.execPath, [CLI, 'status', book], { reject: false });
  assert.equal(piped.exitCode, 0, piped.stderr);
  assert.match(piped.stdout, /^language +chapters/);
  assert.match(piped.stdout, /^zh +1\/1 +100% +0\/0 +-$/m);
  const pipedJson = await execa(process.execPath, [CLI, 'status', book, '--json'], { reject: false });
  const report = JSON.parse(pipedJson.stdout) as StatusReport;
  assert.deepEqual(
    report.languages.map((l) => [l.lang, l.translated]),
    [
      ['en', 100],
      ['zh', 100],
    ],
  );

  const run = async (args: string[], isTty: boolean) => {
    let stdout = '';
    let stderr = '';
    const code = await main(args, {
      stdout: (t) => {
        stdout += t;
      },
      stderr: (t) => {
        stderr += t;
      },
      isTty,
    });
    return { code, stdout, stderr };
  };
  const tty = await run(['status', book, '-l', 'zh'], true);
  assert.equal(tty.code, 0);
  assert.match(tty.stdout, /^language +chapters/);
  assert.match(tty.stdout, /^zh +1\/1 +100% +0\/0 +-\n$/m);
  const json = await run(['status', book, '--json'], true);
  assert.equal((JSON.parse(json.stdout) as StatusReport).reference, 'en');

  const unknown = await execa(process.execPath, [CLI, 'status', book, '--reference', 'xx'], { reject: false });
  assert.equal(unknown.exitCode, 2);
  assert.match(unknown.stderr, /unknown reference language: xx; available: en, zh/);
  assert.equal(unknown.stdout, '');
});

test('Pro Git: en is the reference, every language counted, pl not inflated by the English in its comments', { skip: progitSkip() }, async () => {
  const report = await status({ book: PROGIT_DIR });
  const en = lang(report, 'en');
  assert.equal(en.translated, 100);
  assert.ok(report.chapters.length >= 9, `chapters: ${report.chapters.join(' ')}`);
  assert.ok(report.languages.length > 1);
  for (const l of report.languages.filter((x) => !x.isReference)) {
    assert.ok(l.chapters.present.length > 0, `${l.lang}: no chapters`);
    assert.deepEqual(
      [...l.chapters.present, ...l.chapters.missing].sort((a, b) => a - b),
      report.chapters,
      l.lang,
    );
    assert.ok(l.translated > 0 && l.translated <= 100, `${l.lang}: ${l.translated}%`);
    assert.equal(l.translatedByChapter.length, report.chapters.length, l.lang);
    assert.ok(l.figures.present > 0 && l.figures.resolved <= l.figures.present, `${l.lang}: ${JSON.stringify(l.figures)}`);
  }
  const pl = lang(report, 'pl');
  // Chapter 7 of pl stops being translated about a third of the way in; the rest is English,
  // and the translated part keeps the English original in comments.
  const ch7 = pl.translatedByChapter.find((c) => c.chapter === 7)!;
  assert.ok(ch7.translated > 10 && ch7.translated < 60, `pl chapter 7: ${ch7.translated}%`);
  assert.ok(pl.translated < 95, `pl: ${pl.translated}%`);
  // The prose read from pl is the same with its comments removed: they add nothing.
  let comments = 0;
  for (const dir of (await readdir(join(PROGIT_DIR, 'pl'))).filter((d) => /^\d/.test(d))) {
    for (const name of (await readdir(join(PROGIT_DIR, 'pl', dir))).filter((f) => f.endsWith('.markdown'))) {
      const text = normalizeSource(name, await readFile(join(PROGIT_DIR, 'pl', dir, name)));
      comments += text.match(/<!--/g)?.length ?? 0;
      assert.deepEqual(digestChapter(text).blocks, digestChapter(stripComments(text)).blocks, `${dir}/${name}`);
    }
  }
  assert.ok(comments > 100, `pl has ${comments} comments`);
});
