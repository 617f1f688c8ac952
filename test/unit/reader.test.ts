import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { languageMetadata } from '../../src/config/metadata.js';
import { discoverBook, languageFiguresDir } from '../../src/layout/discover.js';
import { readLanguage } from '../../src/markdown/document.js';
import type { LanguageDocument } from '../../src/model/document.js';
import { makeBook, TINY_PNG } from '../helpers.js';

/** Reads language `lang` of a book made from `files`. */
async function read(files: Record<string, string | Uint8Array>, lang = 'en'): Promise<{ doc: LanguageDocument; root: string }> {
  const root = await makeBook(files);
  const layout = await discoverBook(root);
  const source = layout.languages.find((l) => l.code === lang)!;
  const dirs = { language: await languageFiguresDir(source), shared: layout.sharedFigures };
  const doc = await readLanguage(source, dirs, root, (first) => languageMetadata(layout, { config: {}, source: 'defaults', warnings: [] }, lang, first));
  return { doc, root };
}

const html = (doc: LanguageDocument) => doc.chapters.map((c) => c.html).join('\n');

test('figure directives with localized caption words become <figure> with alt text and rendered caption', async () => {
  const captions = [
    'Figure 1-1. Local version control diagram.',
    'Рисунок 1-2. Схема "централизованного" контроля.',
    '图 1-3. 分布式版本控制',
    '図1-4. `git` のスナップショット',
    'Rysunek 1-5: Migawki',
  ];
  const body = captions.map((c, i) => `Insert 18333fig010${i + 1}.png\n${c}\n`).join('\n');
  const { doc } = await read({
    'en/01-intro/01-chapter1.markdown': `# Intro\n\n${body}`,
    ...Object.fromEntries(captions.map((_, i) => [`figures/18333fig010${i + 1}-tn.png`, TINY_PNG])),
  });
  const out = html(doc);
  assert.equal((out.match(/<figure /g) ?? []).length, 5);
  assert.match(out, /<img src="file:[^"]*18333fig0101-tn\.png" alt="Figure 1-1\. Local version control diagram\." ?\/>/);
  assert.match(out, /alt="Рисунок 1-2\. Схема &quot;централизованного&quot; контроля\."/);
  assert.match(out, /<figcaption>図1-4\. <code dir="ltr">git<\/code> のスナップショット<\/figcaption>/);
  assert.equal(doc.assets.size, 5);
  assert.deepEqual(doc.warnings, []);
});

test('the image comes from the directive file name, not from the caption numbering', async () => {
  const { doc } = await read({
    'en/01-intro/01-chapter1.markdown': '# Intro\n\nInsert 18333fig0302.png\nFigure 9-99. A caption numbered wrongly\n',
    'figures/18333fig0302-tn.png': TINY_PNG,
    'figures/18333fig0999-tn.png': TINY_PNG,
  });
  assert.match(html(doc), /18333fig0302-tn\.png/);
  assert.doesNotMatch(html(doc), /0999/);
});

test('a localized figure overrides the shared one', async () => {
  const { doc } = await read(
    {
      'ru/01-intro/01-chapter1.markdown': '# Введение\n\nInsert 18333fig0101.png\nРисунок 1-1. Схема\n',
      'ru/figures/18333fig0101-tn.png': TINY_PNG,
      'figures/18333fig0101-tn.png': TINY_PNG,
    },
    'ru',
  );
  assert.match(html(doc), /\/ru\/figures\/18333fig0101-tn\.png/);
});

test('a missing figure is a warning naming file and line, and the figure stays visible', async () => {
  const { doc, root } = await read({
    'en/01-intro/01-chapter1.markdown': '# Intro\r\n\r\nSome text.\r\n\r\nInsert 18333fig0199.png\r\nFigure 1-99. Gone\r\n',
  });
  assert.equal(doc.warnings.length, 1);
  const w = doc.warnings[0]!;
  assert.equal(w.file, join(root, 'en/01-intro/01-chapter1.markdown'));
  assert.equal(w.line, 5);
  assert.equal(w.rule, 'figure-missing');
  assert.match(
    html(doc),
    /<figure class="figure missing"><p class="figure-missing">\[18333fig0199\.png\]<\/p><figcaption>Figure 1-99\. Gone<\/figcaption><\/figure>/,
  );
});

test('a figure nested in a list reports the line of its directive', async () => {
  const { doc } = await read({
    'en/01-intro/01-chapter1.markdown': '# Intro\n\n* item one\n\n    Insert nothere.png\n    Figure 1-1. In a list\n',
  });
  assert.equal(doc.warnings[0]?.line, 5);
});

test('translator table declarations become tables and the comment disappears', async () => {
  const { doc } = await read({
    'en/01-intro/01-chapter1.markdown': [
      '# Intro',
      '',
      '<!-- Attention to translators: this is a table declaration.',
      'The lines must be formatted as follows',
      '<TAB><First column text><TAB><Second column text>',
      '-->',
      '',
      '\tOption\tDescription',
      '\t-p\tShow the `patch`',
      '\t--stat\tShow statistics',
      '',
      'After the table.',
      '',
    ].join('\n'),
  });
  const out = html(doc);
  assert.match(
    out,
    /<table class="table-declaration"><thead><tr><th>Option<\/th><th>Description<\/th><\/tr><\/thead><tbody><tr><td>-p<\/td><td>Show the <code dir="ltr">patch<\/code><\/td><\/tr><tr><td>--stat<\/td><td>Show statistics<\/td><\/tr><\/tbody><\/table>/,
  );
  assert.doesNotMatch(out, /Attention to translators|<pre\b/);
  assert.match(out, /<p>After the table\.<\/p>/);
});

test('RDiscount headings: closing hashes, no space after the hashes; comments are stripped', async () => {
  const { doc } = await read(
    {
      'pl/01-intro/01-chapter1.markdown':
        '# Wstęp #\n\n<!-- # Introduction # -->\n\n##GitWeb##\n\ntext\n\n### Konfiguracja klienta ###\n\n<!-- The original\nEnglish paragraph -->\n\nmore\n',
    },
    'pl',
  );
  const out = html(doc);
  assert.match(out, /<h1 id="wstep"><span class="chapter-label">Rozdział 1<\/span>: Wstęp<\/h1>/);
  assert.match(out, /<h2 id="gitweb">GitWeb<\/h2>/);
  assert.match(out, /<h3 id="konfiguracja-klienta">Konfiguracja klienta<\/h3>/);
  assert.doesNotMatch(out, /Introduction|English paragraph|<!--/);
  assert.equal(doc.chapters[0]!.toc.children[0]!.title, 'GitWeb');
});

test('CJK and Cyrillic headings get unique ASCII ids; chapters split at h1', async () => {
  const { doc } = await read(
    {
      'zh/01-a/01.markdown': '# 起步 #\n\n## 关于版本控制 ##\n\n### 本地版本控制系统 ###\n\n## 关于版本控制 ##\n',
      'zh/02-b/01.markdown': '# Git 基础 #\n\n## Git 基础 ##\n\n## 取得项目的 Git 仓库 ##\n',
    },
    'zh',
  );
  assert.equal(doc.chapters.length, 2);
  const ids = [...html(doc).matchAll(/ id="([^"]+)"/g)].map((m) => m[1]!);
  assert.equal(new Set(ids).size, ids.length, `ids must be unique: ${ids.join(' ')}`);
  for (const id of ids) assert.match(id, /^[A-Za-z][A-Za-z0-9-]*$/);
  assert.deepEqual(
    doc.chapters.map((c) => c.fileBase),
    ['ch01', 'ch02'],
  );
  const toc = doc.chapters[0]!.toc;
  assert.equal(toc.title, '第1章 起步');
  assert.deepEqual(
    toc.children.map((c) => c.title),
    ['关于版本控制', '关于版本控制'],
  );
  assert.deepEqual(
    toc.children[0]!.children.map((c) => c.title),
    ['本地版本控制系统'],
  );
});

test('BOM, CRLF and no-break spaces in indentation are normalized; a tab-indented block is code', async () => {
  const { doc } = await read(
    {
      'ru/01-a/01.markdown': '\uFEFF# Основы\r\n\r\nТекст\u00a0— с неразрывным пробелом.\r\n\r\n\t$ git status\r\n\u00a0\u00a0\u00a0\u00a0$ git log\r\n',
    },
    'ru',
  );
  const out = html(doc);
  assert.match(out, /^<h1 id="ch01-title"><span class="chapter-label">Глава 1<\/span>: Основы<\/h1>/);
  assert.match(out, /Текст\u00a0— с/);
  assert.match(out, /<pre dir="ltr"><code><span class="line">\$ git status\n<\/span><span class="line">\$ git log\n<\/span><\/code><\/pre>/);
});

test('invalid UTF-8 is an error naming file, line and column', async () => {
  const bytes = Buffer.concat([Buffer.from('# Title\n\nline two\ncaf'), Buffer.from([0xe9]), Buffer.from('\n')]);
  await assert.rejects(read({ 'fr/01-a/01.markdown': bytes }, 'fr'), (err: Error) => {
    assert.match(err.message, /01\.markdown:4:4: error: invalid UTF-8 at byte offset 21 \(byte 0xE9, "é" in Latin-1\): re-save the file as UTF-8/);
    return true;
  });
});

test('an unterminated HTML comment is an error at its line', async () => {
  await assert.rejects(read({ 'en/01-a/01.markdown': '# T\n\ntext\n\n<!-- never closed\n\nlost text\n' }), (err: Error) => {
    assert.match(err.message, /01\.markdown:5: error: HTML comment is never closed/);
    return true;
  });
});

test('text before the first h1 becomes its own chapter titled "Chapter N" from the directory number, with a warning', async () => {
  const { doc } = await read({ 'en/01-getting-started/01.markdown': 'Some text first.\n\n# Real Title\n' });
  assert.deepEqual(
    doc.chapters.map((c) => c.title),
    ['Chapter 1', 'Real Title'],
  );
  assert.equal(doc.warnings[0]?.rule, 'chapter-heading');
  assert.match(doc.warnings[0]!.message, /01-getting-started does not start with a level-1 heading/);
});

test('a later chapter directory without an h1 starts its own chapter with the localized label, not merged into the previous one', async () => {
  const { doc } = await read(
    {
      'ru/01-start/01.markdown': '# Начало\n\nТекст.\n',
      'ru/03-remotes/01.markdown': '\n\n## Удалённые ветки\n\nТекст третьей главы.\n',
    },
    'ru',
  );
  assert.deepEqual(
    doc.chapters.map((c) => c.title),
    ['Начало', 'Глава 3'],
  );
  assert.equal(doc.chapters[1]!.toc.children[0]?.title, 'Удалённые ветки');
  const warning = doc.warnings.find((w) => w.rule === 'chapter-heading');
  assert.equal(warning?.line, 3);
});

test('line breaks inside Chinese and Japanese paragraphs are removed, not turned into spaces; Latin and code keep theirs', async () => {
  const { doc } = await read(
    {
      'zh/01-a/01.markdown': '# 标题\n\n本章说明人们为什么要保存文件的历史，\n以及什么是**快照**\n和分支。\nGit is\nfast 很快\n\n\t第一行\n\t第二行\n',
    },
    'zh',
  );
  const out = html(doc);
  assert.match(out, /历史，以及什么是<strong>快照<\/strong>和分支。\nGit is\nfast 很快/);
  assert.match(out, /第一行\n<\/span><span class="line">第二行/);
  const quotes = html((await read({ 'zh/01-a/01.markdown': '# 标题\n\n他说：“你好”\n“再见”。English “quoted”\n“next”.\n' }, 'zh')).doc);
  assert.match(quotes, /他说：“你好”“再见”。English “quoted”\n“next”\./);
});

test('directive variants: caption on the same line, after a blank line, lower-case insert; prose is untouched', async () => {
  const { doc } = await read({
    'en/01-intro/01-chapter1.markdown': [
      '# Intro',
      '',
      'Insert 18333fig0101.png Figure 1-1. Same line',
      'Insert 18333fig0102.png',
      '',
      'Figure 1-2. After a blank line',
      '',
      'insert 18333fig0103.png',
      'Figure 1-3. Lower case',
      'Text right after the caption.',
      '',
      'You can insert a line here',
      'and the paragraph goes on.',
      '',
    ].join('\n'),
    'figures/18333fig0101-tn.png': TINY_PNG,
    'figures/18333fig0102-tn.png': TINY_PNG,
    'figures/18333fig0103-tn.png': TINY_PNG,
  });
  const out = html(doc);
  assert.deepEqual(
    [...out.matchAll(/<figcaption>([^<]*)<\/figcaption>/g)].map((m) => m[1]),
    ['Figure 1-1. Same line', 'Figure 1-2. After a blank line', 'Figure 1-3. Lower case'],
  );
  assert.match(out, /<p>Text right after the caption\.<\/p>/);
  assert.match(out, /<p>You can insert a line here\nand the paragraph goes on\.<\/p>/);
  assert.deepEqual(doc.warnings, []);
});

test('a directive without any caption warns and uses the file name as alt text', async () => {
  const { doc } = await read({
    'en/01-intro/01-chapter1.markdown': '# Intro\n\nInsert 18333fig0101.png\n\nAn ordinary paragraph.\n',
    'figures/18333fig0101-tn.png': TINY_PNG,
  });
  assert.match(html(doc), /alt="18333fig0101\.png" ?\/><\/figure>\n<p>An ordinary paragraph\.<\/p>/);
  assert.equal(doc.warnings[0]?.rule, 'figure-caption');
  assert.equal(doc.warnings[0]?.line, 3);
});

test('emphasis as RDiscount read it: underscores around CJK text and punctuation-flanked asterisks; ASCII snake_case stays literal', async () => {
  const { doc } = await read(
    {
      'zh/01-a/01.markdown':
        '# 标题\n\n你一定奇怪_作者（author）_和_提交者（committer）_之间的差别，**“引号”**之后。\n\nKeep my_file_name, имя_файла_тест and __init__.py as they are.\n',
    },
    'zh',
  );
  const out = html(doc);
  assert.match(out, /奇怪<em>作者（author）<\/em>和<em>提交者（committer）<\/em>之间/);
  assert.match(out, /<strong>“引号”<\/strong>之后/);
  assert.match(out, /Keep my_file_name, имя_файла_тест and <strong>init<\/strong>.py as they are\./);
});

test(
  'paths out of the book are refused with an error and never read: traversal, absolute, symlinks; other languages still build',
  { timeout: 30_000 },
  async () => {
    const { execFileSync } = await import('node:child_process');
    const { symlink } = await import('node:fs/promises');
    const { build } = await import('../../src/build/build.js');
    const { tempDir } = await import('../helpers.js');
    // Outside the book: a FIFO named like an image. Reading it would block, so a test that finishes proves it was not read.
    const outside = await tempDir();
    const fifo = join(outside, 'secret.png');
    execFileSync('mkfifo', [fifo]);
    const root = await makeBook({
      'en/01-a/01.markdown': [
        '# A',
        '',
        'Insert ../../etc/passwd.png',
        'Figure 1-1. traversal',
        '',
        '![abs](/etc/passwd.png) ![up](../../../secret.png)',
        '',
        '<img src="../../../outside.png" alt="raw">',
        '',
        'Insert fig0102.png',
        'Figure 1-2. a shared figure that is a link out of the book',
        '',
        '![linked](linked.png)',
        '',
      ].join('\n'),
      'de/01-a/01.markdown': '# A\n\nText.\n',
      'figures/.keep': '',
    });
    await symlink(fifo, join(root, 'figures', 'fig0102-tn.png'));
    await symlink(fifo, join(root, 'en', '01-a', 'linked.png'));
    const report = await build({ book: root, out: await tempDir(), formats: ['html', 'epub'] });
    const en = report.languages.find((l) => l.lang === 'en')!;
    assert.equal(en.ok, false);
    assert.deepEqual(en.outputs, []);
    const refused = en.warnings.filter((w) => w.rule === 'path-escape').map((w) => `${w.severity}:${w.line}`);
    assert.deepEqual(refused, ['error:3', 'error:6', 'error:6', 'error:8', 'error:10', 'error:13']);
    assert.match(en.failures[0]!.message, /6 errors in the sources: nothing written/);
    assert.equal(report.languages.find((l) => l.lang === 'de')!.ok, true);
  },
);

test('UTF-16 (with or without BOM) is an error naming the file; a 50 MB chapter is refused before it is read', async () => {
  const utf16 = Buffer.from('# Titel\n\nÜber Text.\n', 'utf16le');
  for (const bytes of [Buffer.concat([Buffer.from([0xff, 0xfe]), utf16]), utf16]) {
    await assert.rejects(
      read({ 'de/01-a/01.markdown': bytes }, 'de'),
      /01\.markdown:1:1: error: the file is UTF-16, not UTF-8 \(byte offset 0\): re-save it as UTF-8/,
    );
  }
  const { truncate } = await import('node:fs/promises');
  const root = await makeBook({ 'en/01-a/01.markdown': '# Big\n' });
  // Sparse: 50 MB of NUL bytes on paper. Had it been read, the error would be about UTF-16 instead.
  await truncate(join(root, 'en/01-a/01.markdown'), 50 * 1024 * 1024);
  const layout = await discoverBook(root);
  await assert.rejects(
    readLanguage(layout.languages[0]!, {}, root, (first) => languageMetadata(layout, { config: {}, source: 'defaults', warnings: [] }, 'en', first)),
    /01\.markdown: error: chapter file is 50\.0 MiB, over the 16\.0 MiB limit: split it into several files/,
  );
});

test('lists and blockquotes nested hundreds deep are an error at the deepest line, not a stack overflow', async () => {
  const deep = `${'> - '.repeat(3000)}x\n`;
  await assert.rejects(read({ 'en/01-a/01.markdown': `# T\n\nfine\n\n${deep}` }), (err: Error) => {
    assert.match(err.message, /01\.markdown:5: error: blockquotes or lists nested too deeply \(6000 levels, more than 100\).*\[too-deep\]/);
    return true;
  });
  // Deep enough to overflow later passes (walking, rendering) though marked still reads it.
  await assert.rejects(
    read({ 'en/01-a/01.markdown': `# T\n\n${'* '.repeat(400)}x\n` }),
    /01\.markdown:3: error: .*nested too deeply \(400 levels, more than 100\)/,
  );
  // A reasonable depth is read as usual.
  const { doc } = await read({ 'en/01-a/01.markdown': `# T\n\n${'> - '.repeat(8)}x\n` });
  assert.equal((html(doc).match(/<blockquote>/g) ?? []).length, 8);
});

test('character references to characters XML forbids are dropped from text, attributes and titles', async () => {
  const { doc } = await read({ 'en/01-a/01.markdown': '# A&#x1;B &#xFFFF;\n\n&#x1; Git &#0; &#xD800; <b title="x&#x8;y">bold</b>\n' });
  const text = html(doc);
  assert.doesNotMatch(text, /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff\ud800-\udfff]/);
  assert.match(text, /Git/);
  assert.equal(doc.chapters[0]!.title, 'AB');
});

test('a raw HTML link to an id nobody has is unlinked with a warning at its line; <a name> targets become ids', async () => {
  const { doc } = await read({
    'en/01-a/01.markdown':
      '# T\n\n<a name="kept"></a>Target.\n\nSee <a href="#kept">here</a> and <a href="#nowhere">there</a>.\n\n<p><a href=\'#gone\'>block</a></p>\n',
  });
  const text = html(doc);
  assert.match(text, /<a id="kept"><\/a>/);
  assert.match(text, /<a href="#kept">here<\/a>/);
  assert.match(text, /<a>there<\/a>/);
  assert.match(text, /<a>block<\/a>/);
  assert.deepEqual(
    doc.warnings.filter((w) => w.rule === 'link-anchor').map((w) => [w.line, w.message]),
    [
      [5, 'link to #nowhere: no heading has this id; only its text is kept'],
      [7, 'link to #gone: no heading has this id; only its text is kept'],
    ],
  );
});

test('a problem inside a later list item is reported at its own line, even when an earlier item has the same marker', async () => {
  await assert.rejects(read({ 'en/01-a/01.markdown': '# T\n\n- \\*\n    - nested\n- \n  \t<!-- never closed\n' }), (err: Error) => {
    assert.match(err.message, /01\.markdown:6: error: HTML comment is never closed/);
    return true;
  });
});

test('a first heading with no text (only a no-break space) does not make an empty title: the book name is used', async () => {
  const { doc, root } = await read({ 'en/01-a/01.markdown': '# \u00a0\n\ntext\n' });
  assert.equal(doc.meta.title, root.split('/').pop());
});

test('a raw HTML link into the source tree is unlinked with a warning, like a Markdown one', async () => {
  const { doc } = await read({
    'en/01-a/01.markdown': '# T\n\nSee <a href="../02-b/01.markdown">the next file</a> and <a href=https://example.org/>the web</a>.\n',
  });
  assert.match(html(doc), /<a>the next file<\/a>/);
  assert.match(html(doc), /<a href="https:\/\/example\.org\/">the web<\/a>/);
  assert.deepEqual(
    doc.warnings.map((w) => [w.line, w.rule]),
    [[3, 'link-relative']],
  );
});

test('a line starting with a Unicode line separator does not shift the lines of what follows; <!--> and <!---> are closed comments', async () => {
  await assert.rejects(
    read({ 'en/01-a/01.markdown': '\u2028\ntext <!--> <!---> <span>x</span>\n\n<div>\n<!-- never closed\n' }),
    /01\.markdown:5: error: HTML comment is never closed/,
  );
});

test('a raw <script> or <textarea> left open swallows nothing after it: the next heading and its table-of-contents entry stay', async () => {
  const { doc } = await read({
    'en/01-a/01.markdown': '# T\n\n<script type="text/javascript">alert(1)\n',
    'en/01-a/02.markdown': '## After the script\n\ntext\n\n<p><textarea>never closed</p>\n\n## After the textarea\n',
  });
  const text = html(doc);
  assert.doesNotMatch(text, /alert|<textarea|never closed/);
  assert.match(text, /<h2 id="after-the-script">After the script<\/h2>/);
  assert.match(text, /<h2 id="after-the-textarea">After the textarea<\/h2>/);
  assert.deepEqual(
    doc.chapters[0]!.toc.children.map((c) => c.id),
    ['after-the-script', 'after-the-textarea'],
  );
});

test('an image file that is not what its name says is left out wherever it is shown, and only there; the good one it shares a line with stays', async () => {
  const { doc } = await read({
    'en/01-intro/01-chapter1.markdown':
      '# Intro\n\n<p><img src="../../art/bad.gif" alt="costs $& and $1"> <img src="../../art/good.png" alt="good"></p>\n\n![twice](../../art/bad.gif)\n\nInsert fig0101.png\nFigure 1-1. Kept caption\n',
    'art/bad.gif': 'GIF89a', // cut short before its logical screen descriptor
    'art/good.png': TINY_PNG,
    'figures/fig0101.png': TINY_PNG.subarray(0, 8),
  });
  const out = html(doc);
  assert.deepEqual(
    [...doc.assets.values()].map((a) => a.path.split('/').slice(-2).join('/')),
    ['art/good.png'],
  );
  assert.deepEqual(
    doc.badImages.map((p) => p.split('/').slice(-2).join('/')),
    ['art/bad.gif', 'figures/fig0101.png'],
  );
  // The alt text as written, `$&` included (a replacement pattern would have put the tag back).
  assert.match(out, /<p>costs \$&amp; and \$1 <img src="file:[^"]*good\.png" alt="good" ?\/><\/p>/);
  assert.match(out, /<p>twice<\/p>/);
  assert.match(out, /<figure class="figure missing"[^>]*><p class="figure-missing">\[fig0101\.png\]<\/p><figcaption>Figure 1-1\. Kept caption<\/figcaption>/);
  assert.deepEqual(
    doc.warnings.map((w) => `${w.line} ${w.rule}`),
    ['3 image-invalid', '5 image-invalid', '7 image-invalid'],
  );
});
