// Generated Pro Git-flavoured books for fuzz.test.ts: fast-check arbitraries (generated chapters and
// mutations of valid ones), writing a case to disk, a worker thread to read it in, and the checks
// applied to what comes out.
import { realpathSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, relative } from 'node:path';
import { Worker } from 'node:worker_threads';
import fc from 'fast-check';
import { decodeHTML } from 'entities';
import { normalizeSource } from '../../src/markdown/source.js';
import { build, type BuildReport } from '../../src/build/build.js';
import { UserError, formatDiagnostic, type Diagnostic } from '../../src/util/diagnostics.js';
import { openEpub, TINY_PNG } from '../helpers.js';
import type { FuzzOutcome, FuzzResponse } from './fuzz-worker.js';
// ---------------------------------------------------------------------------------------------
// Text pools

const WORDS = {
  latin: [
    'Git',
    'commit',
    'branch',
    'the',
    'snapshot',
    'über',
    'café',
    'naïve',
    'snake_case',
    'file.c',
    '*.c,*.h',
    'HEAD~1',
    'C:\\path',
    'a&b',
    '3 < 4',
    'x > y',
    '"quoted"',
    "it's",
    'A&amp;B',
    '&copy;',
    'fig0101.png',
    'Insert',
    'Figure 1-1.',
  ],
  cjk: [
    '版本控制',
    '分支',
    '提交',
    '快照。',
    'スナップショット',
    '日本語の',
    '한국어',
    '“引号”',
    '（作者）',
    '、',
    '。',
    '_作者（author）_和',
    '**“引号”**之后',
  ],
  cyrillic: ['Рисунок', 'ветка', 'коммит', 'имя_файла', 'Ёё', 'ПРОВЕРКА'],
  arabic: ['شكل', 'فرع', 'التحكم', 'بالإصدارات', '\u200f', '١٢٣'],
  thai: ['รูปที่', 'สแนปช็อต', 'โครงการ', 'ภาษาไทย'],
  emoji: ['😀', '👩‍💻', '🇯🇵', '🧑🏽‍🚀', 'e\u0301', '\u{1F4A9}'],
  punct: [
    '!',
    '?',
    '...',
    '—',
    '–',
    '«',
    '»',
    '&',
    '<',
    '>',
    '"',
    "'",
    '\\',
    '`',
    '*',
    '_',
    '#',
    '[',
    ']',
    '(',
    ')',
    '|',
    '~',
    '^',
    '{',
    '}',
    '%',
    '$',
    '@',
    '<>',
    '&#',
    '&;',
  ],
};

/** U+0000–U+001F except tab and newline, DEL, NEL, U+FFFE/U+FFFF, and other troublemakers. */
const CONTROL_CHARS = [
  ...Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)).filter((c) => c !== '\t' && c !== '\n'),
  '\u007f',
  '\u0085',
  '\ufffe',
  '\uffff',
];
const ODD_CHARS = ['\u00a0', '\ufeff', '\u200b', '\u200d', '\u202e', '\u2028', '\u2029', '\r', '\u00ad'];

const HEADINGS = [
  'Intro',
  'Getting Started',
  'Git Basics',
  'Intro',
  '分支',
  'Ветвление',
  'التفرع',
  'การแตกกิ่ง',
  '!!!',
  '???',
  '...',
  '—',
  '😀😀',
  '#',
  '###',
  'A & B',
  '<b>bold</b>',
  '`code`',
  'Chapter 1',
  'Summary',
  'Summary',
  '1.',
  '*',
  '[link](#intro)',
  '&copy; 2009',
  '\u00a0',
  '<script>alert(1)</script>',
  'x <!-- c --> y',
];

const ANCHORS = [
  '#intro',
  '#getting-started',
  '#git-basics',
  '#summary',
  '#',
  '#%',
  '#%E4%B8%AD',
  '#%zz',
  '#ch01',
  '#toc',
  '#chapter-1',
  '#x"y',
  '#&lt;',
  '#a%20b',
  '#\u00e9',
  '#分支',
];
const RELATIVE_HREFS = [
  'other.markdown',
  '../02-git-basics/01-chapter2.markdown',
  '01-chapter1.markdown#intro',
  '/etc/passwd',
  'C:\\x',
  'a b',
  '?q=1',
  'mailto',
  '%zz',
  'x.md#%',
];
const EXTERNAL_HREFS = [
  'http://example.com',
  'https://git-scm.com/book?x=1&y=2',
  'mailto:a@b.c',
  'ftp://x',
  '//example.com/x',
  'data:text/plain,hi',
  'irc://x',
];
const HOSTILE_HREFS = [
  'javascript:alert(1)',
  'JaVaScRiPt:alert(1)',
  ' javascript:alert(1)',
  '&#106;avascript:alert(1)',
  'javascript&colon;alert(1)',
  '<javascript:alert(1)>',
  'vbscript:msgbox(1)',
  'java%0ascript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  '<java\tscript:alert(1)>',
  'jav&#x09;ascript:alert(1)',
];
const IMAGE_SRCS = [
  '../../figures/fig0101.png',
  '../figures/local.png',
  '../../figures/18333fig0101-tn.png', // present
  'fig0101.png',
  'missing.png',
  '../../figures/nope.jpg',
  'a%20b.png',
  '%E0%A4%A.png',
  '<../../figures/fig 0101.png>',
  'x.txt', // missing or malformed
  'http://example.com/x.png',
  'javascript:alert(1)',
  'data:image/png;base64,iVBORw0KGgo=',
  '',
  '#',
];
const INLINE_HTML = [
  '<b>bold</b>',
  '<i>',
  '</i>',
  '<span class="x">s</span>',
  // Classes that look like the EPUB writer's marker for attributes it sets aside (it once was fixed).
  '<span class="progit-ebook-kept-0">k</span>',
  '<span class="a progit-ebook-kept-1">k</span>',
  '<br>',
  '<br/>',
  '<kbd>Ctrl</kbd>',
  '<code>x</code>',
  '<a name="intro"></a>',
  '<a id="dup"></a>',
  '<span onclick="alert(1)">x</span>',
  '<a href="javascript:alert(1)">x</a>',
  '<a href=javascript:alert(1)>x</a>',
  '<a href=" &#106;avascript:alert(1)">x</a>',
  '<a href="java&#x09;script:alert(1)">x</a>',
  '<img src="x" onerror="alert(1)">',
  '<img src=x onerror=alert(1)//',
  '<img src="../../figures/fig0101.png" ONERROR = \'x\'>',
  '<img src="javascript:alert(1)">',
  '<img>',
  '<script>alert(1)</script>',
  '<script>',
  '<SCRIPT SRC=x.js></SCRIPT>',
  '<scr<script>ipt>alert(1)</script>',
  '<iframe src="x"></iframe>',
  '<IFRAME/SRC=x>',
  '<object data="x.swf"></object>',
  '<embed src="x.swf">',
  '<svg/onload=alert(1)>',
  '<svg><script>alert(1)</script></svg>',
  '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
  '<x-foo bar>',
  '<u style="background:url(javascript:alert(1))">u</u>',
  '<!-- c -->',
  '<!-- a -- b -->',
  '<!---->',
  '<!-->',
  '<!--->',
  '<? pi ?>',
  '<![CDATA[ x ]]>',
  '<!x>',
  '</div>',
  '<p>',
  '<a>',
  '<a href="#intro">in</a>',
  '<a href="../x.md">rel</a>',
  '<div>d</div>',
  '<p>p</p>',
  '<li>li',
  '<td>td',
  '</tr>',
  '<h2>h</h2>',
  '<ul>',
  '</table>',
  '<blockquote>q',
  '<hr/>',
];
const ENTITIES = [
  '&copy;',
  '&amp;',
  '&lt;',
  '&nbsp;',
  '&#0;',
  '&#1;',
  '&#x1;',
  '&#x0C;',
  '&#xFFFE;',
  '&#xFFFF;',
  '&#xD800;',
  '&#1114112;',
  '&#x1F600;',
  '&bogus;',
  '&#;',
  '&#x;',
  '&AMP;',
  '&ndash;',
];

const BLOCK_HTML = [
  '<div>\nunclosed div',
  '</div>',
  '<p>\nparagraph',
  '<table><tr><td>x',
  '<pre>\n<b>pre</b>',
  '<div class="x">\n\n*markdown* inside\n\n</div>',
  '<!-- one -->',
  '<!-- a -- b --- c -->',
  '<!-- multi\nline\n-- comment\n-->',
  '<!---->',
  '<!-- <script>alert(1)</script> -->',
  '<!-- x --><!-- y -->',
  '<script>\nalert(1)\n</script>',
  '<script type="text/javascript">alert(1)',
  '<SCRIPT>alert(1)</SCRIPT>\ntext after',
  '<noscript>n</noscript>',
  '<iframe src="https://example.com"></iframe>',
  '<iframe\nsrc="x">\n</iframe>',
  '<object data="x.swf" type="application/x-shockwave-flash"></object>',
  '<embed src="x.swf">',
  '<frameset><frame src="x"></frameset>',
  '<div onmouseover = "alert(1)" >y</div>',
  "<p ONCLICK='x'>y</p>",
  '<body onload=alert(1)>',
  '<svg onload="alert(1)"><circle r="1"/></svg>',
  '<details open ontoggle=alert(1)>',
  '<a href="javascript:alert(1)">x</a>',
  '<form action="javascript:alert(1)"><button formaction="javascript:alert(2)">b</button></form>',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  '<base href="javascript:alert(1)//">',
  '<link rel="stylesheet" href="javascript:x">',
  '<style>p { color: red }</style>',
  '<div style="background:url(javascript:alert(1))">x</div>',
  '<img src="../../figures/fig0101.png" alt="fig">',
  '<img src="nope.png" alt="gone">',
  '<a name="intro"></a>',
  '<span id="dup"></span><span id="dup"></span>',
  '<?xml version="1.0"?>',
  '<!DOCTYPE html>',
  '<![CDATA[\nx\n]]>',
  '<hr>',
  '<br>',
  '<center>old</center>',
  '<font color=red>f</font>',
  '<x:y>ns</x:y>',
  '<table>\n<tr><td>a</td></tr>\n</table>',
  // Against the XHTML content models: blocks in text-only elements, wrong children, stray parts.
  '<ul><p>p</p>text<li>li</li></ul>',
  '<ol>\n<div>d</div>\n</ol>',
  // Attributes the EPUB writer sets aside, beside classes that look like its marker.
  '<ol start="3"><li>c</li></ol>\n<span class="progit-ebook-kept-0">forged</span>',
  '<img src="../../figures/fig0101.png" alt="" width="10" class="progit-ebook-kept-0"><ol start="2" class="progit-ebook-kept-1"><li>x</li></ol>',
  '<table><p>p</p>t<tr><b>b</b></tr></table>',
  '<table><tbody><tr><td>a</td></tr></tbody><tr><td>b</td></tr></table>',
  '<td>cell</td>',
  '<tr><td>row</td></tr>',
  '<li>item</li>',
  '<dt>t</dt><dd>d</dd>',
  '<figcaption>c</figcaption>',
  '<caption>c</caption>',
  '<thead><tr><th>h</th></tr></thead>',
  '<col>',
  '<dl><dt><h2>h</h2></dt>loose</dl>',
  '<span><div>d</div></span>',
  '<em><ul><li>x</li></ul></em>',
  '<pre><p>p</p></pre>',
  '<a href="#intro"><a href="#intro">n</a></a>',
  '<p><table><tr><td>t</td></tr></table></p>',
  '<table><tr><th><h3>h</h3></th></tr></table>',
  '<figure><figcaption>a</figcaption><p>x</p><figcaption>b</figcaption></figure>',
  '<tt>tt</tt>',
  '<dl><div><dt>t</dt></div></dl>',
  '<colgroup><col></colgroup>',
  '<table><colgroup>text<col></colgroup></table>',
  '<section><h1>s</h1></section>',
  '<aside>a</aside>',
];

/** Names a figure directive must not follow: a path, or a file that is a link out of the book. */
const HOSTILE_FIGURE_NAMES = [
  '../../etc/passwd.png',
  '/etc/x.png',
  '..png',
  '.hidden.png',
  'fig\\..\\x.png',
  '%2e%2e%2fsecret.png',
  '../secret.png',
  '../../../secret.png',
  'C:\\x.png',
  'fig0101.png/../../secret.png',
  'file:///etc/x.png',
  '~/x.png',
  'linked.png',
];
/** Images outside the book: as written, absolute, or through a symbolic link in the book. */
const ESCAPING_IMAGE_SRCS = [
  '../../../secret.png',
  '../../../../secret.png',
  '/etc/passwd.png',
  '/etc/x.png',
  'file:///etc/passwd',
  '../../figures/linked.png',
  '..%2F..%2F..%2Fsecret.png',
];
const ESCAPING_HTML = ['<img src="../../../secret.png">', '<img src=../../figures/linked.png alt=l>', '<IMG SRC="/etc/x.png">'];
const PRESENT_FIGURE_NAMES = ['18333fig0101.png', 'fig0101.png', 'local.png', 'fig0102.gif', 'FIG0101.png'];
const MISSING_FIGURE_NAMES = ['18333fig9999.png', 'missing.jpg', 'x.svg', 'fig0101.PNG', 'a.webp', 'fig.gif'];
const CAPTIONS = [
  'Figure 1-1. Local version control diagram.',
  '图 1-1. 本地版本控制',
  'Рисунок 1-2. Схема',
  'شكل 1-1. تعليق',
  'รูปที่ 1-1. คำบรรยาย',
  'Figure 1-1.',
  'Figure 1-1: *emphasis* and `code`',
];

const CODE_LINES = [
  '$ git commit -m "first"',
  '$ git log --oneline',
  '<script>alert(1)</script>',
  '<!-- not a comment',
  '# not a heading',
  'Insert 18333fig0101.png',
  'def f(): return 1',
  '    deeper',
  '版本控制',
  '\u0000',
  '\u001b[31mred\u001b[0m',
  '&copy; <b>',
  '```',
  '~~~',
  '',
];

// ---------------------------------------------------------------------------------------------
// Arbitraries

const pool = (...lists: string[][]) => fc.constantFrom(...lists.flat());
const controlChar = fc.constantFrom(...CONTROL_CHARS);
const oddChar = fc.constantFrom(...ODD_CHARS);

/** Whole-file noise: BOM, line ends, NBSP indentation, stray control characters, no final newline. */
interface Noise {
  bom: boolean;
  lineEnds: 'lf' | 'crlf' | 'mixed' | 'cr';
  nbspIndent: boolean;
  stray: [number, string][];
  finalNewline: boolean;
}
const noise: fc.Arbitrary<Noise> = fc.record({
  bom: fc.boolean(),
  lineEnds: fc.constantFrom('lf', 'lf', 'lf', 'crlf', 'mixed', 'cr'),
  nbspIndent: fc.boolean(),
  stray: fc.array(fc.tuple(fc.nat(), fc.oneof(controlChar, oddChar)), { maxLength: 3 }),
  finalNewline: fc.boolean(),
});

function applyNoise(text: string, n: Noise): string {
  let out = text;
  for (const [at, ch] of n.stray) {
    const i = out.length ? at % (out.length + 1) : 0;
    out = out.slice(0, i) + ch + out.slice(i);
  }
  if (n.nbspIndent) out = out.replace(/^ {2}/gm, '\u00a0\u00a0');
  if (n.finalNewline && !out.endsWith('\n')) out += '\n';
  if (n.lineEnds === 'crlf') out = out.replace(/\n/g, '\r\n');
  else if (n.lineEnds === 'cr') out = out.replace(/\n/g, '\r');
  else if (n.lineEnds === 'mixed') out = out.replace(/\n/g, (_m, offset: number) => (offset % 3 === 0 ? '\r\n' : '\n'));
  return (n.bom ? '\ufeff' : '') + out;
}

/** Chapters as Pro Git writes them, all valid: the starting points for mutations. */
const VALID_CHAPTERS = [
  `# Getting Started #

This chapter will be about getting started with Git.

## About Version Control ##

What is version control, and why should you care?

Insert 18333fig0101.png
Figure 1-1. Local version control diagram.

### Local Version Control Systems ###

Many people's version-control method of choice is to copy files into another directory.

<!-- Attention to translators: this is a table declaration. The lines must be indented with tabs -->
	Option	Description
	-p	Show the patch
	--stat	Show statistics

	$ git config --global user.name "John Doe"
	$ git config --global user.email johndoe@example.com

* first item with \`code\`
* second item, see [the intro](#getting-started)
`,
  `# 起步 #

本章介绍开始使用 Git 前的相关知识。我们会先了解一些版本控制工具的历史背景，
然后试着让 Git 在你的系统上跑起来。

##关于版本控制##

Insert 18333fig0102.png
图 1-2. 集中化的版本控制系统

<!-- 这是一个注释 -- 包含两个连字符 -->
**“引号”**之后，_作者（author）_和

1. 第一步
2. 第二步
`,
  `# Основы Git

## Запись изменений

Рисунок 2-1 показывает жизненный цикл.

Insert fig0101.png

Рисунок 2-1. Жизненный цикл состояний файлов.

\`\`\`
$ git status
# On branch master
\`\`\`

> Цитата с <a name="anchor"></a> якорем.
`,
  `# التفرع في Git

يتيح لك Git إنشاء فروع.

Insert local.png
شكل 3-1. فرع واحد

## ملخص ##

ภาษาไทย: รูปที่ 3-1 สแนปช็อตสามชุดของโครงการเดียวกัน
`,
];

type Mutation =
  | { op: 'delete-line' | 'duplicate-line'; at: number }
  | { op: 'swap-lines'; at: number; with: number }
  | { op: 'insert'; at: number; text: string }
  | { op: 'delete-range'; at: number; length: number }
  | { op: 'truncate'; at: number }
  | { op: 'truncate-bytes'; at: number }
  | { op: 'bad-byte'; at: number; byte: number };

function mutate(base: string, mutations: Mutation[]): string | Uint8Array {
  let text = base;
  let bytes: Uint8Array | undefined;
  for (const m of mutations) {
    if (bytes) {
      // Once bytes are broken, only byte edits follow.
      if (m.op === 'truncate-bytes') bytes = bytes.subarray(0, m.at % (bytes.length + 1));
      else if (m.op === 'bad-byte')
        bytes = Buffer.concat([bytes.subarray(0, m.at % (bytes.length + 1)), Buffer.from([m.byte]), bytes.subarray(m.at % (bytes.length + 1))]);
      continue;
    }
    const lines = text.split('\n');
    const line = (n: number) => n % lines.length;
    switch (m.op) {
      case 'delete-line':
        lines.splice(line(m.at), 1);
        text = lines.join('\n');
        break;
      case 'duplicate-line':
        lines.splice(line(m.at), 0, lines[line(m.at)]!);
        text = lines.join('\n');
        break;
      case 'swap-lines': {
        const a = line(m.at);
        const b = line(m.with);
        [lines[a], lines[b]] = [lines[b]!, lines[a]!];
        text = lines.join('\n');
        break;
      }
      case 'insert': {
        const i = m.at % (text.length + 1);
        text = text.slice(0, i) + m.text + text.slice(i);
        break;
      }
      case 'delete-range': {
        const i = m.at % (text.length + 1);
        text = text.slice(0, i) + text.slice(i + m.length);
        break;
      }
      case 'truncate':
        text = text.slice(0, m.at % (text.length + 1));
        break;
      case 'truncate-bytes': {
        const b = Buffer.from(text, 'utf8');
        bytes = b.subarray(0, m.at % (b.length + 1));
        break;
      }
      case 'bad-byte': {
        const b = Buffer.from(text, 'utf8');
        const i = m.at % (b.length + 1);
        bytes = Buffer.concat([b.subarray(0, i), Buffer.from([m.byte]), b.subarray(i)]);
        break;
      }
    }
  }
  return bytes ?? text;
}

/**
 * One chapter file: generated, a valid chapter after random edits, or a valid chapter as is.
 * `escapes`: how often a source points out of the book (an error that fails the whole language).
 */
export function chapterContent(escapes: number): fc.Arbitrary<string | Uint8Array> {
  const sometimes = <T>(arbitrary: fc.Arbitrary<T>, weight = escapes): fc.WeightedArbitrary<T>[] => (weight > 0 ? [{ weight, arbitrary }] : []);
  const word = fc.oneof(
    { weight: 8, arbitrary: pool(WORDS.latin) },
    { weight: 3, arbitrary: pool(WORDS.cjk) },
    { weight: 2, arbitrary: pool(WORDS.cyrillic) },
    { weight: 2, arbitrary: pool(WORDS.arabic) },
    { weight: 2, arbitrary: pool(WORDS.thai) },
    { weight: 1, arbitrary: pool(WORDS.emoji) },
    { weight: 2, arbitrary: pool(WORDS.punct) },
    { weight: 1, arbitrary: controlChar },
    { weight: 1, arbitrary: oddChar },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 6 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 3 }) },
  );
  const words = (max: number) => fc.array(word, { minLength: 1, maxLength: max }).chain((ws) => fc.constantFrom(' ', '', ' ').map((sep) => ws.join(sep)));

  const href = fc.oneof(
    { weight: 3, arbitrary: pool(ANCHORS) },
    { weight: 2, arbitrary: pool(RELATIVE_HREFS) },
    { weight: 2, arbitrary: pool(EXTERNAL_HREFS) },
    { weight: 3, arbitrary: pool(HOSTILE_HREFS) },
  );
  const title = fc.option(pool(['t', 'a "b"', "c 'd'", '分支', '&amp;']), { nil: undefined });
  const linkText = fc.oneof(words(3), pool(['', '`code`', '![img](fig0101.png)', '[nested](#intro)']));

  const inline = fc.oneof(
    { weight: 12, arbitrary: word },
    {
      weight: 2,
      arbitrary: fc.tuple(pool(['*', '_', '**', '__', '***', '~~', '`', '``']), words(3), fc.boolean()).map(([d, t, closed]) => `${d}${t}${closed ? d : ''}`),
    },
    { weight: 3, arbitrary: fc.tuple(linkText, href, title).map(([t, h, ti]) => `[${t}](${h}${ti ? ` "${ti}"` : ''})`) },
    { weight: 1, arbitrary: fc.tuple(linkText, pool(['ref', 'js', 'missing'])).map(([t, r]) => `[${t}][${r}]`) },
    {
      weight: 1,
      arbitrary: pool([
        '<javascript:alert(1)>',
        '<http://example.com>',
        '<a@b.co>',
        'www.example.com',
        'https://example.com/x_(y)',
        '<JAVASCRIPT:alert(1)>',
        '<vbscript:x>',
      ]),
    },
    { weight: 3, arbitrary: fc.tuple(words(2), pool(IMAGE_SRCS), title).map(([alt, src, ti]) => `![${alt}](${src}${ti ? ` "${ti}"` : ''})`) },
    { weight: 3, arbitrary: pool(INLINE_HTML) },
    ...sometimes(pool(ESCAPING_IMAGE_SRCS).map((src) => `![out](${src})`)),
    ...sometimes(pool(ESCAPING_HTML)),
    { weight: 2, arbitrary: pool(ENTITIES) },
    { weight: 1, arbitrary: pool(['  \n', '\\\n', '\\*', '\\<script>', '\\\\']) },
  );
  const inlineText = (max: number) =>
    fc.array(inline, { minLength: 1, maxLength: max }).chain((parts) => fc.constantFrom(' ', '').map((sep) => parts.join(sep)));

  const headingText = fc.oneof({ weight: 3, arbitrary: pool(HEADINGS) }, { weight: 2, arbitrary: inlineText(4) }, { weight: 1, arbitrary: fc.constant('') });
  const atxHeading = (levels: { min: number; max: number }) =>
    fc
      .record({
        indent: pool(['', '', '', ' ', '   ', '    ']),
        level: fc.integer(levels),
        space: pool([' ', ' ', '', '  ', '\t', '\u00a0']),
        text: headingText,
        close: pool(['', '', ' #', ' ##', '##', '#', ' ###### ', ' # #', '\\#', ' \\##']),
      })
      .map(({ indent, level, space, text, close }) => `${indent}${'#'.repeat(level)}${space}${text}${close}`);
  const setextHeading = fc.tuple(headingText, pool(['=', '-']), fc.integer({ min: 1, max: 6 })).map(([text, c, n]) => `${text}\n${c.repeat(n)}`);
  const heading = fc.oneof({ weight: 5, arbitrary: atxHeading({ min: 1, max: 7 }) }, { weight: 1, arbitrary: setextHeading });

  const paragraph = fc.array(inlineText(8), { minLength: 1, maxLength: 4 }).map((lines) => lines.join('\n'));

  const figure = fc
    .record({
      insert: pool(['Insert', 'Insert', 'insert', 'INSERT', '   Insert', 'Insert\t', '    Insert']),
      name: fc.oneof(
        { weight: 4, arbitrary: pool(PRESENT_FIGURE_NAMES) },
        { weight: 2, arbitrary: pool(MISSING_FIGURE_NAMES) },
        ...sometimes(pool(HOSTILE_FIGURE_NAMES), 2 * escapes),
      ),
      mode: pool(['next', 'next', 'same', 'distant', 'none', 'insert-next']),
      caption: fc.oneof({ weight: 3, arbitrary: pool(CAPTIONS) }, { weight: 1, arbitrary: inlineText(4) }),
    })
    .map(({ insert, name, mode, caption }) => {
      const directive = `${insert} ${name}`;
      switch (mode) {
        case 'same':
          return `${directive} ${caption}`;
        case 'distant':
          return `${directive}\n\n${caption}`;
        case 'none':
          return directive;
        case 'insert-next':
          return `${directive}\nInsert fig0101.png`;
        default:
          return `${directive}\n${caption}`;
      }
    });

  const TABLE_COMMENTS = [
    '<!-- Attention to translators: this is a table declaration. The lines must be indented with tabs and the first line is the header -->',
    '<!--Attention to translators: this is a table declaration-->',
    '<!-- attention to translators: THIS IS A TABLE DECLARATION -- with dashes -->',
    '   <!-- Attention to translators: this is a table declaration -->',
  ];
  const tableCell = fc.oneof(
    { weight: 3, arbitrary: word },
    { weight: 1, arbitrary: inlineText(3) },
    { weight: 1, arbitrary: pool(['', '`git add`', 'a|b', '<b>x</b>']) },
  );
  const tableDeclaration = fc
    .record({
      comment: fc.oneof(
        { weight: 12, arbitrary: pool(TABLE_COMMENTS) },
        { weight: 1, arbitrary: fc.constant('<!-- Attention to translators: this is a table declaration (never closed)') },
      ),
      blank: fc.boolean(),
      indent: pool(['\t', '\t', '    ', '', '  ', '\t\t']),
      sep: pool(['\t', '\t', '\t\t', ' \t ', '    ']),
      rows: fc.array(fc.array(tableCell, { minLength: 1, maxLength: 4 }), { minLength: 0, maxLength: 5 }),
    })
    .map(({ comment, blank, indent, sep, rows }) => [comment, ...(blank ? [''] : []), ...rows.map((r) => indent + r.join(sep))].join('\n'));

  const codeBody = fc.array(fc.oneof({ weight: 4, arbitrary: pool(CODE_LINES) }, { weight: 1, arbitrary: words(4) }), { minLength: 1, maxLength: 5 });
  const codeBlock = fc.oneof(
    codeBody.map((lines) => lines.map((l) => `\t${l}`).join('\n')),
    codeBody.map((lines) => lines.map((l) => `    ${l}`).join('\n')),
    fc
      .tuple(pool(['```', '~~~', '````']), pool(['', 'sh', 'console', 'x"y', '{.x}']), codeBody, pool(['closed', 'closed', 'unterminated', 'longer', 'other']))
      .map(([fence, lang, lines, end]) => {
        const close = end === 'closed' ? fence : end === 'longer' ? `${fence}${fence[0]}` : end === 'other' ? (fence[0] === '`' ? '~~~' : '```') : '';
        return [`${fence}${lang}`, ...lines, ...(close ? [close] : [])].join('\n');
      }),
  );

  const listItemBody = fc.oneof(
    { weight: 6, arbitrary: inlineText(5) },
    { weight: 1, arbitrary: figure },
    { weight: 1, arbitrary: codeBlock.map((c) => `\n${c}`) },
  );
  const list = fc
    .tuple(pool(['-', '*', '+', '1.', '2)', '10.', '•']), fc.array(fc.tuple(pool(['', '', '  ', '    ', '\t']), listItemBody), { minLength: 1, maxLength: 4 }))
    .map(([marker, items]) => items.map(([indent, body]) => `${indent}${marker} ${body.replace(/\n/g, `\n${indent}  `)}`).join('\n'));

  const blockquote = fc
    .array(inlineText(5), { minLength: 1, maxLength: 3 })
    .chain((lines) => pool(['> ', '>', '> > ']).map((q) => lines.map((l) => q + l).join('\n')));
  const pipeTable = fc.array(fc.array(tableCell, { minLength: 2, maxLength: 3 }), { minLength: 1, maxLength: 3 }).map((rows) => {
    const width = rows[0]!.length;
    return [`| ${rows[0]!.join(' | ')} |`, `|${' --- |'.repeat(width)}`, ...rows.slice(1).map((r) => `| ${r.join(' | ')} |`)].join('\n');
  });
  const referenceDefinitions = pool([
    '[ref]: #intro',
    '[js]: javascript:alert(1)',
    '[ref]: ../x.md "t"',
    '[js]: <javascript:alert(1)>',
    '[ref]: http://example.com',
  ]);

  const ordinaryBlock = fc.oneof(
    { weight: 8, arbitrary: paragraph },
    { weight: 4, arbitrary: heading },
    { weight: 3, arbitrary: figure },
    { weight: 2, arbitrary: tableDeclaration },
    { weight: 2, arbitrary: codeBlock },
    { weight: 2, arbitrary: list },
    { weight: 1, arbitrary: blockquote },
    { weight: 3, arbitrary: pool(BLOCK_HTML) },
    { weight: 1, arbitrary: pipeTable },
    { weight: 1, arbitrary: pool(['---', '***', '___', '- - -']) },
    { weight: 1, arbitrary: referenceDefinitions },
  );
  // Nesting as deep as a hostile file makes it: the parsers recurse once per level.
  const deepNesting = fc
    .tuple(pool(['> ', '* ', '1. ', '> - ', '- > ', '<b>', '<div>', '<i><b>', '[', '*_', '![']), fc.integer({ min: 10, max: 3000 }))
    .map(([p, n]) => `${p.repeat(n)}x`);
  const block = fc.oneof(
    { weight: 80, arbitrary: ordinaryBlock },
    // Rare: a comment never closed makes the whole file an error, so its other blocks would go unread.
    { weight: 1, arbitrary: fc.constantFrom('<!-- never closed', 'text <!-- never closed\nmore') },
    { weight: 1, arbitrary: deepNesting },
  );

  const separator = fc.oneof(
    { weight: 8, arbitrary: fc.constant('\n\n') },
    { weight: 2, arbitrary: fc.constant('\n') },
    { weight: 1, arbitrary: pool(['\n\n\n', '\n \n', '\n\t\n', '\n\u00a0\n']) },
  );

  const generatedChapter = fc
    .record({
      h1: fc.option(atxHeading({ min: 1, max: 1 }), { freq: 4, nil: undefined }),
      blocks: fc.array(fc.tuple(block, separator), { maxLength: 10 }),
      noise,
    })
    .map(({ h1, blocks, noise: n }) => applyNoise([h1 ? `${h1}\n\n` : '', ...blocks.map(([b, s]) => b + s)].join(''), n));

  const mutation: fc.Arbitrary<Mutation> = fc.oneof(
    { weight: 6, arbitrary: fc.record({ op: fc.constantFrom('delete-line' as const, 'duplicate-line' as const), at: fc.nat() }) },
    { weight: 4, arbitrary: fc.record({ op: fc.constant('swap-lines' as const), at: fc.nat(), with: fc.nat() }) },
    {
      weight: 8,
      arbitrary: fc.record({
        op: fc.constant('insert' as const),
        at: fc.nat(),
        text: fc.oneof(word, inline, controlChar, oddChar, pool(['#', '##', '\n', '<!--', '-->', '```', '\t', 'Insert ', '<', '*', '[', '](', '\\'])),
      }),
    },
    { weight: 4, arbitrary: fc.record({ op: fc.constant('delete-range' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('truncate-bytes' as const), at: fc.nat() }) },
    {
      weight: 1,
      arbitrary: fc.record({ op: fc.constant('bad-byte' as const), at: fc.nat(), byte: fc.constantFrom(0x80, 0xc0, 0xc3, 0xe4, 0xed, 0xf5, 0xfe, 0xff) }),
    },
  );

  const mutatedChapter = fc.tuple(fc.constantFrom(...VALID_CHAPTERS), fc.array(mutation, { minLength: 1, maxLength: 6 }), noise).map(([base, mutations, n]) => {
    const out = mutate(base, mutations);
    return typeof out === 'string' ? applyNoise(out, n) : out;
  });

  return fc.oneof(
    { weight: 3, arbitrary: generatedChapter },
    { weight: 2, arbitrary: mutatedChapter },
    { weight: 1, arbitrary: fc.constantFrom(...VALID_CHAPTERS) },
  );
}

export interface ChapterCase {
  dir: string;
  files: { name: string; content: string | Uint8Array }[];
}
export interface LanguageCase {
  code: string;
  chapters: ChapterCase[];
}
export interface BookCase {
  /** Shared figures named like Pro Git's (18333fig…) switch on the Pro Git preset. */
  progitFigures: boolean;
  languages: LanguageCase[];
}

const CHAPTER_DIRS = ['01-introduction', '02-git-basics', '03-branching', '1_x', '10-über', '04-a b', '05-分支'];
const chapterCase = (escapes: number): fc.Arbitrary<ChapterCase> =>
  fc.record({
    dir: fc.constantFrom(...CHAPTER_DIRS),
    files: fc
      .array(chapterContent(escapes), { minLength: 1, maxLength: 2 })
      .map((contents) => contents.map((content, i) => ({ name: `0${i + 1}-chapter.${i % 2 ? 'md' : 'markdown'}`, content }))),
  });
/** Chapters whose sources sometimes point out of the book, and chapters whose sources never do. */
const CHAPTERS = { hostile: chapterCase(1), tame: chapterCase(0) };
const languageCase = (code: string, maxChapters: number, chapters: fc.Arbitrary<ChapterCase>): fc.Arbitrary<LanguageCase> =>
  fc.uniqueArray(chapters, { minLength: 1, maxLength: maxChapters, selector: (c) => c.dir }).map((list) => ({ code, chapters: list }));

const LANGUAGE_CODES = ['en', 'zh', 'ar', 'ru', 'th', 'ja'];
export const readerBook: fc.Arbitrary<BookCase> = fc.record({
  progitFigures: fc.boolean(),
  languages: fc
    .constantFrom(...LANGUAGE_CODES)
    .chain((code) => languageCase(code, 3, CHAPTERS.hostile))
    .map((l) => [l]),
});
export const buildBook: fc.Arbitrary<BookCase> = fc.record({
  progitFigures: fc.boolean(),
  // A path out of the book fails its language: most languages never have one, so that EPUBs get written.
  languages: fc
    .uniqueArray(fc.tuple(fc.constantFrom(...LANGUAGE_CODES), fc.constantFrom(CHAPTERS.tame, CHAPTERS.tame, CHAPTERS.tame, CHAPTERS.hostile)), {
      minLength: 1,
      maxLength: 2,
      selector: ([code]) => code,
    })
    .chain((langs) => fc.tuple(...langs.map(([code, chapters]) => languageCase(code, 2, chapters)))),
});

// ---------------------------------------------------------------------------------------------
// Writing a case to disk

/** A file just outside the book: nothing may ever embed it. */
/** A 1x1 GIF. */
const TINY_GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

export const SECRET = Buffer.concat([TINY_PNG, Buffer.from('SECRET-FILE-OUTSIDE-THE-BOOK')]);
export const SECRET_MARK = 'SECRET-FILE-OUTSIDE-THE-BOOK';

export interface WrittenCase {
  base: string;
  root: string;
  /** Chapter file path -> its bytes. */
  files: Map<string, Uint8Array>;
}

export async function writeCase(book: BookCase, base?: string): Promise<WrittenCase> {
  base ??= await mkdtemp(join(tmpdir(), 'progit-ebook-fuzz-'));
  const root = join(base, 'book');
  const files = new Map<string, Uint8Array>();
  const put = async (path: string, content: string | Uint8Array) => {
    await mkdir(dirname(path), { recursive: true });
    const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    await writeFile(path, bytes);
    return bytes;
  };
  await put(join(base, 'secret.png'), SECRET);
  await put(join(root, 'figures', book.progitFigures ? '18333fig0101-tn.png' : 'fig0101.png'), TINY_PNG);
  await put(join(root, 'figures', 'fig0102.gif'), TINY_GIF);
  // A figure that is a link out of the book.
  await symlink(join('..', '..', 'secret.png'), join(root, 'figures', 'linked.png'));
  for (const lang of book.languages) {
    await put(join(root, lang.code, 'figures', 'local.png'), TINY_PNG);
    for (const chapter of lang.chapters) {
      for (const file of chapter.files) {
        const path = join(root, lang.code, chapter.dir, file.name);
        files.set(path, await put(path, file.content));
      }
    }
  }
  return { base, root, files };
}

/** Keeps a failing case on disk so that it can be built by hand. */
export async function keepCase(book: BookCase): Promise<string> {
  const base = await mkdtemp(join(tmpdir(), 'progit-ebook-fuzz-failure-'));
  await writeCase(book, base);
  return join(base, 'book');
}

// ---------------------------------------------------------------------------------------------
// Running the reader in a worker thread

export class ReaderWorker {
  private worker?: Worker;
  private nextId = 0;

  run(root: string, limitMs: number): Promise<FuzzOutcome | { kind: 'timeout' }> {
    // The main thread's stack (V8's default, about 1 MB), not a worker's 4 MB: the CLI reads with that.
    const worker = (this.worker ??= new Worker(new URL('./fuzz-worker.js', import.meta.url), { resourceLimits: { stackSizeMb: 1 } }));
    const id = ++this.nextId;
    return new Promise((resolve) => {
      const done = (outcome: FuzzOutcome | { kind: 'timeout' }, stop: boolean) => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        if (stop) {
          void worker.terminate();
          if (this.worker === worker) this.worker = undefined;
        }
        resolve(outcome);
      };
      const onMessage = (response: FuzzResponse) => {
        if (response.id === id) done(response, false);
      };
      const onError = (err: Error) => done({ kind: 'bug', name: `uncaught in reader: ${err.name}`, message: err.message, stack: err.stack ?? '' }, true);
      const timer = setTimeout(() => done({ kind: 'timeout' }, true), limitMs);
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.postMessage({ id, root });
    });
  }

  async close(): Promise<void> {
    await this.worker?.terminate();
    this.worker = undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Checks

/** Characters XML 1.0 does not allow, as text or as character references. */
const XML_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function around(text: string, index: number): string {
  return JSON.stringify(text.slice(Math.max(0, index - 40), index + 60));
}

export function xmlCharProblems(text: string, where: string): string[] {
  const problems: string[] = [];
  const bad = XML_FORBIDDEN.exec(text);
  if (bad)
    problems.push(
      `${where}: character U+${bad[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')} is not allowed in XML: ${around(text, bad.index)}`,
    );
  for (const m of text.matchAll(/&#(?:[xX]([0-9a-fA-F]+)|([0-9]+));/g)) {
    const cp = m[1] !== undefined ? parseInt(m[1], 16) : Number(m[2]);
    const ok = cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
    if (!ok) {
      problems.push(`${where}: character reference ${m[0]} names a character XML does not allow: ${around(text, m.index)}`);
      break;
    }
  }
  return problems;
}

/** A tag's attributes, read the way an HTML tokenizer reads them (up to the first unquoted '>'). */
function attributes(tag: string): { name: string; value: string }[] {
  const attrs: { name: string; value: string }[] = [];
  const re = /[\s/]*([^\s/>=][^\s/>=]*)(?:\s*=\s*(?:"([^"]*)"?|'([^']*)'?|([^\s>]*)))?/gy;
  re.lastIndex = /^<[^\s/>]+/.exec(tag)?.[0].length ?? 0;
  for (let m = re.exec(tag); m && m[0]; m = re.exec(tag)) attrs.push({ name: m[1]!.toLowerCase(), value: decodeHTML(m[2] ?? m[3] ?? m[4] ?? '') });
  return attrs;
}

/** A URL that runs script once the characters a browser ignores in a scheme are taken out. */
const SCRIPT_URL = /^(?:java|vb)script:/i;
const flatten = (value: string) => value.replace(/[\u0000-\u0020]/g, '');
/** Attributes a reader follows or loads as a URL; `alt="javascript: …"` is only text. */
const URL_ATTRIBUTES = new Set([
  'href',
  'src',
  'action',
  'formaction',
  'xlink:href',
  'data',
  'poster',
  'background',
  'cite',
  'srcset',
  'longdesc',
  'usemap',
  'codebase',
  'manifest',
]);

/** Markup that runs code or embeds active content: none of it may reach an ebook. */
export function unsafeMarkup(html: string, where: string): string[] {
  const problems: string[] = [];
  for (const m of html.matchAll(/<(script|iframe|object|embed|frame|frameset|applet)\b/gi))
    problems.push(`${where}: <${m[1]}> element: ${around(html, m.index)}`);
  // Every tag, as a browser would read it.
  for (const m of html.matchAll(/<[A-Za-z][^\s/>]*(?:"[^"]*"|'[^']*'|[^>"'])*>?/g)) {
    for (const { name, value } of attributes(m[0])) {
      if (/^on/.test(name)) problems.push(`${where}: event handler attribute ${name}: ${around(html, m.index)}`);
      const flat = flatten(value);
      if (
        (URL_ATTRIBUTES.has(name) && SCRIPT_URL.test(flat)) ||
        (name === 'style' && /(?:java|vb)script:/i.test(flat)) ||
        (name === 'content' && /url=(?:java|vb)script:/i.test(flat))
      ) {
        problems.push(`${where}: script URL in ${name}="${value}": ${around(html, m.index)}`);
      }
    }
  }
  return problems;
}

function lineCount(bytes: Uint8Array, file: string): number {
  try {
    return normalizeSource(file, bytes).split('\n').length;
  } catch {
    return Buffer.from(bytes).toString('latin1').split('\n').length;
  }
}

function lineText(bytes: Uint8Array, file: string, line: number): string {
  try {
    return normalizeSource(file, bytes).split('\n')[line - 1] ?? '';
  } catch {
    return '';
  }
}

/** Rules about a file as a whole; every other error about a chapter file names its line. */
const WHOLE_FILE_RULES = new Set(['io']);

export function diagnosticProblems(d: Diagnostic, written: WrittenCase, kind: 'error' | 'warning'): string[] {
  const problems: string[] = [];
  const text = formatDiagnostic(d);
  if (!d.file) {
    if (kind === 'error') problems.push(`error without a file: ${text}`);
    return problems;
  }
  const bytes = written.files.get(d.file);
  if (!bytes) {
    const rel = relative(written.root, d.file);
    if (rel.startsWith('..') || isAbsolute(rel)) problems.push(`${kind} names a file outside the book: ${text}`);
    return problems;
  }
  if (d.line === undefined) {
    if (kind === 'error' && !WHOLE_FILE_RULES.has(d.rule ?? '')) problems.push(`error about a chapter file without a line number: ${text}`);
    return problems;
  }
  const lines = lineCount(bytes, d.file);
  if (!Number.isInteger(d.line) || d.line < 1 || d.line > lines) problems.push(`${kind} line ${d.line} is not a line of the file (it has ${lines}): ${text}`);
  else if (d.rule === 'comment-unterminated' && !lineText(bytes, d.file, d.line).includes('<!--'))
    problems.push(`line ${d.line} has no "<!--": ${text}; the line is ${JSON.stringify(lineText(bytes, d.file, d.line))}`);
  else if ((d.rule === 'figure-missing' || d.rule === 'figure-caption') && !/insert/i.test(lineText(bytes, d.file, d.line))) {
    problems.push(`line ${d.line} has no Insert directive: ${text}; the line is ${JSON.stringify(lineText(bytes, d.file, d.line))}`);
  }
  return problems;
}

function insideBook(path: string, root: string): boolean {
  const rel = relative(realpathSync(root), realpathSync(path));
  return !rel.startsWith('..') && !isAbsolute(rel);
}

/** Property 1: the outcome of reading a case is a success or a UserError pointing at the source. */
export function readerProblems(outcome: FuzzOutcome | { kind: 'timeout' }, written: WrittenCase, limitMs: number): string[] {
  switch (outcome.kind) {
    case 'timeout':
      return [`reading did not finish within ${limitMs} ms (hang?)`];
    case 'bug':
      return [`${outcome.name} (not a UserError): ${outcome.message}\n${outcome.stack}`];
    case 'user-error':
      return diagnosticProblems(outcome.diagnostic, written, 'error');
    case 'ok':
      return [
        ...outcome.warnings.flatMap((w) => diagnosticProblems(w, written, w.severity)),
        ...outcome.assets.filter((a) => !insideBook(a, written.root)).map((a) => `asset outside the book embedded: ${a}`),
      ];
  }
}

/**
 * Property 2: builds a case to HTML and EPUB. Every language either fails cleanly (a diagnostic, or
 * error findings about its sources) or writes files with nothing unsafe or XML-forbidden in them,
 * nothing from outside the book, and an EPUB `validate` (epubcheck) finds no error in.
 */
export async function buildProblems(
  written: WrittenCase,
  out: string,
  limitMs: number,
  validate: (epub: string) => Promise<string[]>,
  /** Run epubcheck even when a cheaper check already failed (slower to shrink; for exploring). */
  validateAlways = false,
): Promise<string[]> {
  let report: BuildReport;
  let timer: NodeJS.Timeout | undefined;
  try {
    report = await Promise.race([
      build({ book: written.root, out, formats: ['html', 'epub'], dia: false }),
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`build did not finish within ${limitMs} ms (hang?)`)), limitMs))),
    ]);
  } catch (err) {
    if (err instanceof UserError) return diagnosticProblems(err.diagnostic, written, 'error');
    return [`build threw ${err instanceof Error ? `${err.name}: ${err.message}\n${err.stack}` : String(err)}`];
  } finally {
    clearTimeout(timer);
  }
  const problems: string[] = [];
  for (const l of report.languages) {
    for (const w of l.warnings) problems.push(...diagnosticProblems(w, written, w.severity));
    if (!l.ok) {
      // A clean failure is a formatted diagnostic (`file:line: error: message`) or a summary of
      // error findings about the sources, never the message of an internal error.
      const sourceErrors = l.warnings.filter((w) => w.severity === 'error').length;
      if (l.failures.length === 0) problems.push(`${l.lang} failed without a failure message`);
      for (const f of l.failures) {
        if (!/(?:^|: )error: \S/.test(f.message) && !sourceErrors)
          problems.push(`${l.lang}${f.format ? ` ${f.format}` : ''} failed with what looks like an internal error: ${f.message}`);
      }
      continue;
    }
    const formats = l.outputs.map((o) => o.format).sort();
    if (formats.join() !== 'epub,html') problems.push(`${l.lang} is ok but wrote ${formats.join() || 'nothing'}`);
    for (const output of l.outputs) {
      const bytes = await readFile(output.path);
      if (output.format === 'html') {
        const html = bytes.toString('utf8');
        problems.push(...unsafeMarkup(html, `${l.lang} HTML`));
        if (html.includes(SECRET.toString('base64'))) problems.push(`${l.lang} HTML embeds a file outside the book`);
        continue;
      }
      const zip = await openEpub(output.path);
      for (const [name, entry] of Object.entries(zip.files)) {
        if (entry.dir) continue;
        const content = await entry.async('nodebuffer');
        if (content.includes(SECRET_MARK)) problems.push(`${l.lang} EPUB entry ${name} is the file outside the book`);
        if (!/\.(?:xhtml|opf|ncx)$/.test(name)) continue;
        const text = content.toString('utf8');
        problems.push(...xmlCharProblems(text, `${l.lang} EPUB ${name}`));
        if (name.endsWith('.xhtml')) problems.push(...unsafeMarkup(text, `${l.lang} EPUB ${name}`));
      }
      // Cheap checks first: a failing case shrinks without waiting for epubcheck.
      if (problems.length && !validateAlways) continue;
      problems.push(...(await validate(output.path)).map((p) => `${l.lang} EPUB: ${p}`));
    }
  }
  return problems;
}
