import assert from 'node:assert/strict';
import { test } from 'node:test';
import { languageMetadata } from '../../src/config/metadata.js';
import { discoverBook } from '../../src/layout/discover.js';
import { chapterNumbering, isNumbered } from '../../src/markdown/chapter-number.js';
import { readLanguage } from '../../src/markdown/document.js';
import type { LanguageDocument } from '../../src/model/document.js';
import { makeBook } from '../helpers.js';

async function readChapters(lang: string, chapters: Record<string, string>, config: object = {}): Promise<LanguageDocument> {
  const files = Object.fromEntries(Object.entries(chapters).map(([dir, text]) => [`${lang}/${dir}/01.markdown`, text]));
  const root = await makeBook({ ...files, 'book.json': JSON.stringify(config) });
  const layout = await discoverBook(root);
  const source = layout.languages.find((l) => l.code === lang)!;
  return readLanguage(source, {}, root, (first) => languageMetadata(layout, { config, source: 'file', warnings: [] }, lang, first));
}

/** Each chapter's h1 as written in its markup, and its table-of-contents title. */
function headings(doc: LanguageDocument): [string, string][] {
  return doc.chapters.map((c) => [/<h1\b[^>]*>([\s\S]*?)<\/h1>/.exec(c.html)![1]!, c.toc.title]);
}

test('chapters are numbered in the language own words, in the h1 (label in its own span) and in the table of contents', async () => {
  const cases: [string, string, string, string][] = [
    ['en', 'Getting Started', '<span class="chapter-label">Chapter 1</span>: Getting Started', 'Chapter 1: Getting Started'],
    ['ja', '使い始める', '<span class="chapter-label">第1章</span> 使い始める', '第1章 使い始める'],
    ['zh', '起步', '<span class="chapter-label">第1章</span> 起步', '第1章 起步'],
    ['ru', 'Введение', '<span class="chapter-label">Глава 1</span>: Введение', 'Глава 1: Введение'],
    ['ar', 'البداية', '<span class="chapter-label">الفصل 1</span>: البداية', 'الفصل 1: البداية'],
    ['hu', 'Bevezetés', '<span class="chapter-label">1. fejezet</span>: Bevezetés', '1. fejezet: Bevezetés'],
    // No label for the language: the bare number, not an English word.
    ['tlh', 'Start', '<span class="chapter-label">1</span>. Start', '1. Start'],
  ];
  for (const [lang, title, h1, toc] of cases) {
    const doc = await readChapters(lang, { '01-a': `# ${title} #\n\n## Sub\n\ntext\n` });
    assert.deepEqual(headings(doc), [[h1, toc]], lang);
    assert.equal(doc.chapters[0]!.title, title, lang);
    assert.equal(doc.chapters[0]!.number, 1, lang);
    assert.equal(doc.chapters[0]!.toc.children[0]!.title, 'Sub', `${lang}: only chapters are numbered`);
  }
});

test('the number is the chapter directory number; heading ids do not change; a label from book.json is used', async () => {
  const doc = await readChapters('en', { '01-start': '# Start\n', '03-remotes': '# Remote Branches\n' }, { languages: { en: { chapterLabel: 'Part {n}' } } });
  assert.deepEqual(
    doc.chapters.map((c) => [c.toc.title, c.toc.id, c.number]),
    [
      ['Part 1: Start', 'start', 1],
      ['Part 3: Remote Branches', 'remote-branches', 3],
    ],
  );
  assert.match(doc.chapters[1]!.html, /^<h1 id="remote-branches">/);
});

test('never numbered twice: a title numbered already, a chapter titled "Chapter N" for want of an h1, a directory second h1', async () => {
  const doc = await readChapters('zh', {
    '01-a': '# 第一章 起步\n',
    '02-b': '# 第2章 Git 基础\n',
    '03-c': '前言没有标题。\n',
    '04-d': '# 4. 服务器\n',
    '05-e': '# 分布式 Git\n\ntext\n\n# 附录\n',
  });
  assert.deepEqual(
    doc.chapters.map((c) => c.toc.title),
    ['第一章 起步', '第2章 Git 基础', '第3章', '4. 服务器', '第5章 分布式 Git', '附录'],
  );
  assert.deepEqual(
    doc.chapters.map((c) => c.number),
    [undefined, undefined, undefined, undefined, 5, undefined],
  );
  assert.ok(doc.chapters.every((c, i) => i === 4 || !c.html.includes('chapter-label')));
});

test('what counts as numbered already', () => {
  for (const title of [
    'Chapter 2: Basics',
    'chapter 12 — Tools',
    '1. Введение',
    '2 Git',
    'IV. Tools',
    'Глава 3. Ветвление',
    '第十章 内部原理',
    '第 3 章 分支',
    '3',
  ])
    assert.ok(isNumbered(title, title.startsWith('Глава') ? 'Глава {n}' : title.startsWith('第') ? '第{n}章' : 'Chapter {n}'), title);
  for (const title of ['Getting Started', 'Chapters of Git', '3D Graphics', 'Chaptered 1', 'Главах', 'Git 基础', 'Introduction'])
    assert.ok(!isNumbered(title, title.startsWith('Гл') ? 'Глава {n}' : 'Chapter {n}'), title);
  assert.equal(chapterNumbering('Chapter {n}', 0, 'Preface'), undefined, 'a chapter 0 (a preface directory) is not numbered');
  assert.deepEqual(chapterNumbering('Kapitola', 4, 'Základy'), { label: 'Kapitola 4', separator: ': ' });
});
