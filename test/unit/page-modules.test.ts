// Pages are built with the page kit (src/pages/html.ts), never by hand: a module that uses the kit
// (and every file of src/pages) calls no escape function of util/xml.ts itself and puts no tags
// together as strings: no literal holding a tag joined with `+` or listed in an array to join, no
// template literal holding a tag that is not an `html` template.
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import ts from 'typescript';
import { REPO_ROOT } from '../helpers.js';

const SRC = join(REPO_ROOT, 'src');
const KIT = join(SRC, 'pages', 'html.ts');
const TAG = /<\/?[a-zA-Z!]/;

const isStringy = (n: ts.Node): n is ts.StringLiteral | ts.NoSubstitutionTemplateLiteral | ts.TemplateExpression =>
  ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n) || ts.isTemplateExpression(n);
const textOf = (n: ts.StringLiteral | ts.NoSubstitutionTemplateLiteral | ts.TemplateExpression) =>
  ts.isTemplateExpression(n) ? [n.head.text, ...n.templateSpans.map((s) => s.literal.text)].join('') : n.text;
const holdsTag = (n: ts.Node) => isStringy(n) && TAG.test(textOf(n));

/** What a page module does by hand that the kit is for, one line each (`file:line: what`). */
export function pageViolations(file: string, source: string): string[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found: string[] = [];
  const say = (n: ts.Node, what: string) => found.push(`${relative(REPO_ROOT, file)}:${sf.getLineAndCharacterOfPosition(n.getStart()).line + 1}: ${what}`);
  const visit = (n: ts.Node): void => {
    if (ts.isImportDeclaration(n) && ts.isStringLiteral(n.moduleSpecifier) && /\/util\/xml\.js$/.test(n.moduleSpecifier.text))
      say(n, 'imports the escape functions of util/xml.ts (the html template escapes)');
    if (ts.isCallExpression(n) && ts.isIdentifier(n.expression) && /^(escapeXml|removeXmlForbidden)$/.test(n.expression.text))
      say(n, `calls ${n.expression.text} by hand`);
    if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.PlusToken && (holdsTag(n.left) || holdsTag(n.right)))
      say(n, 'joins a tag with + (write it in an html template)');
    if (ts.isArrayLiteralExpression(n) && n.elements.some(holdsTag)) say(n, 'lists tags as strings in an array (write them in an html template)');
    if ((ts.isTemplateExpression(n) || ts.isNoSubstitutionTemplateLiteral(n)) && TAG.test(textOf(n))) {
      const tagged = ts.isTaggedTemplateExpression(n.parent) && ts.isIdentifier(n.parent.tag) && n.parent.tag.text === 'html';
      if (!tagged) say(n, 'builds markup in a template literal that is not html`...`');
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return found;
}

/** Every source file that uses the page kit, and the kit's own folder but the kit's escaping itself. */
async function pageModules(): Promise<string[]> {
  const files = (await readdir(SRC, { recursive: true, withFileTypes: true }))
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => join(e.parentPath, e.name));
  const modules: string[] = [];
  for (const file of files) {
    if (file === KIT) continue;
    const source = await readFile(file, 'utf8');
    if (relative(SRC, file).startsWith('pages/') || /from '(\.\.\/pages|\.)\/html\.js'/.test(source)) modules.push(file);
  }
  return modules.sort();
}

test('the page modules are those that use the kit: the book page and its parts, index.html, the status page, serve’s pages', async () => {
  const modules = (await pageModules()).map((f) => relative(SRC, f));
  for (const expected of [
    'pages/shell.ts',
    'pages/palette.ts',
    'writers/html.ts',
    'writers/html-languages.ts',
    'writers/html-toc.ts',
    'writers/html-currency.ts',
    'writers/title-page.ts',
    'catalog/index-page.ts',
    'status/page.ts',
    'status/page-pending.ts',
    'serve/serve-page.ts',
  ])
    assert.ok(modules.includes(expected), `${expected} does not use the page kit (modules: ${modules.join(', ')})`);
});

test('no page module escapes by hand or puts tags together as strings', async () => {
  const found: string[] = [];
  for (const file of await pageModules()) found.push(...pageViolations(file, await readFile(file, 'utf8')));
  assert.deepEqual(found, []);
});

test('the check fails on a page module with each violation planted in a copy of it', async () => {
  const file = join(SRC, 'status', 'page.ts');
  const clean = await readFile(file, 'utf8');
  assert.deepEqual(pageViolations(file, clean), []);
  const plants: [string, RegExp][] = [
    [
      "import { escapeXml } from '../util/xml.js';\nexport const a = (t: string) => escapeXml(t);\n",
      /imports the escape functions[\s\S]*calls escapeXml by hand/,
    ],
    ["import { escapeXml as e } from '../util/xml.js';\nexport const a = (t: string) => e(t);\n", /imports the escape functions/],
    ["export const b = (t: string) => '<td>' + t + '</td>';\n", /joins a tag with \+/],
    ['export const c = (t: string) => `<p class="x">${t}</p>`;\n', /template literal that is not html/],
    ["export const d = (t: string) => ['<tr>', t, '</tr>'].join('');\n", /lists tags as strings/],
  ];
  const dir = await mkdtemp(join(tmpdir(), 'page-modules-'));
  for (const [plant, expected] of plants) {
    const copy = join(dir, 'page.ts');
    await writeFile(copy, clean + plant);
    const found = pageViolations(copy, await readFile(copy, 'utf8'));
    assert.match(found.join('\n'), expected, `planted: ${plant}`);
  }
  // What is not markup passes: a comparison with <, a regular expression, a style sheet.
  assert.deepEqual(pageViolations(file, "const n = (a: number, b: number) => (a < b ? `${a} < ${b}` : 'x' + '<' + /<p>/.source);\n"), []);
});

test('the page kit sits above util alone: nothing in src/pages imports another layer', async () => {
  const wrong: string[] = [];
  for (const entry of await readdir(join(SRC, 'pages'))) {
    const source = await readFile(join(SRC, 'pages', entry), 'utf8');
    for (const m of source.matchAll(/from '(\.{1,2}\/[^']+)'/g)) if (!/^\.\/|^\.\.\/util\//.test(m[1]!)) wrong.push(`pages/${entry} imports ${m[1]}`);
  }
  assert.deepEqual(wrong, []);
});
