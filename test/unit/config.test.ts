import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseConfig } from '../../src/config/parse.js';
import { languageMetadata, resolveConfig, stableUuid } from '../../src/config/metadata.js';
import { discoverBook } from '../../src/layout/discover.js';
import { UserError } from '../../src/util/diagnostics.js';
import { makeBook, TINY_PNG, UPSTREAM_LANGUAGES } from '../helpers.js';

function configError(text: string): string {
  try {
    parseConfig('/books/x/book.json', text);
  } catch (err) {
    assert.ok(err instanceof UserError);
    return err.message;
  }
  assert.fail('expected a configuration error');
}

test('a JSON syntax error reports file, line and column', () => {
  const message = configError('{\n  "title": "A",\n  "authors": ["B"]\n  "name": "x"\n}\n');
  assert.match(message, /^\/books\/x\/book\.json:4:3: error: invalid JSON/);
});

test('wrong types are errors naming their key path; unknown keys are warnings with their path and are ignored', () => {
  assert.match(configError('{"languages": {"zh": {"title": 3}}}'), /languages\.zh\.title: .*string/i);
  assert.match(configError('{"name": "../evil"}'), /name: must be a file name base/);
  // dc:title and dc:creator may not be empty in an EPUB.
  assert.match(configError('{"title": "  "}'), /title: must not be empty/);
  assert.match(configError('{"languages": {"fr": {"authors": ["A", ""]}}}'), /languages\.fr\.authors(\.1)?: .*(must not be empty|Invalid)/);
  assert.match(configError('{"titel": "A", "authors": 5}'), /authors: .*titel: unknown key|titel: unknown key.*authors: /);
  const warnings: import('../../src/util/diagnostics.js').Diagnostic[] = [];
  const config = parseConfig('/books/x/book.json', '{"titel": "A", "title": "T", "languages": {"zh": {"figureLabl": "图", "title": "题"}}}', warnings);
  assert.deepEqual(config, { title: 'T', languages: { zh: { title: '题' } } });
  assert.deepEqual(warnings.map((w) => `${w.file}: ${w.severity}: ${w.message}`).sort(), [
    '/books/x/book.json: warning: languages.zh.figureLabl: unknown key, ignored (check its spelling)',
    '/books/x/book.json: warning: titel: unknown key, ignored (check its spelling)',
  ]);
});

test('a cover or CSS outside the book is refused, also through a symbolic link', async () => {
  const { symlink } = await import('node:fs/promises');
  const { join } = await import('node:path');
  const { tempDir } = await import('../helpers.js');
  const outside = await tempDir();
  for (const [key, value, link] of [
    ['cover', '../elsewhere/cover.png', false],
    ['css', '/etc/hostname', false],
    ['cover', 'cover.png', true],
  ] as const) {
    const root = await makeBook({ 'book.json': JSON.stringify({ [key]: value }), 'en/01-a/01.markdown': '# A\n' });
    if (link) await symlink(join(outside, 'x.png'), join(root, 'cover.png'));
    const layout = await discoverBook(root);
    const resolved = await resolveConfig(layout);
    assert.throws(() => languageMetadata(layout, resolved, 'en', undefined), new RegExp(`book\\.json: error: ${key}: .* is outside the book and is refused`));
  }
});

test('a valid config parses, with per-language overrides', () => {
  const config = parseConfig('book.json', '{"name": "b", "authors": "One", "languages": {"ru": {"tocTitle": "Оглавление"}}}');
  assert.equal(config.languages?.ru?.tocTitle, 'Оглавление');
});

test('a Pro Git checkout without book.json gets the Pro Git preset', async () => {
  const root = await makeBook({
    'ru/01-a/01.markdown': '# Введение\n',
    'en/01-a/01.markdown': '# Getting Started\n',
    'figures/18333fig0101-tn.png': TINY_PNG,
    'ebooks/cover.png': TINY_PNG,
  });
  const layout = await discoverBook(root);
  const resolved = await resolveConfig(layout);
  assert.equal(resolved.source, 'progit-preset');
  const ru = languageMetadata(layout, resolved, 'ru', 'Введение');
  assert.equal(ru.name, 'progit');
  assert.equal(ru.title, 'Pro Git — профессиональный контроль версий');
  assert.deepEqual(ru.authors, ['Скот Чакон']);
  assert.equal(ru.figureLabel, 'Рисунок');
  assert.match(ru.cover ?? '', /ebooks\/cover\.png$/);
  const en = languageMetadata(layout, resolved, 'en', 'Getting Started');
  assert.equal(en.title, 'Pro Git - professional version control');
  assert.equal(en.lang, 'en');
  assert.notEqual(en.identifier, ru.identifier);
  assert.match(en.identifier, /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
});

test('any other book defaults to the directory name and the first h1; rtl languages get dir=rtl', async () => {
  const root = await makeBook({ 'ar/01-a/01.markdown': '# مقدمة\n', 'pt-br/01-a/01.markdown': '# Começando\n' });
  const layout = await discoverBook(root);
  const resolved = await resolveConfig(layout);
  assert.equal(resolved.source, 'defaults');
  const ar = languageMetadata(layout, resolved, 'ar', 'مقدمة');
  assert.equal(ar.dir, 'rtl');
  assert.equal(ar.title, 'مقدمة');
  assert.equal(ar.name, root.split('/').pop());
  assert.equal(languageMetadata(layout, resolved, 'pt-br', 'Começando').lang, 'pt-BR');
});

test('a configured cover that does not exist is an error naming book.json and the key', async () => {
  const root = await makeBook({ 'en/01-a/01.markdown': '# A\n', 'book.json': '{"cover": "missing.png"}' });
  const layout = await discoverBook(root);
  const resolved = await resolveConfig(layout);
  assert.throws(() => languageMetadata(layout, resolved, 'en', 'A'), /book\.json: error: cover: file not found/);
});

test('identifiers are stable for the same seed', () => {
  assert.equal(stableUuid('progit\u0000en'), stableUuid('progit\u0000en'));
  assert.notEqual(stableUuid('progit\u0000en'), stableUuid('progit\u0000zh'));
});

test('localized labels for every upstream language (figure word, TOC title, "Chapter N"), overridable per language in book.json', async () => {
  const { chapterTitle, labelsFor } = await import('../../src/config/labels.js');
  // Every upstream language but English, whose labels are the ones compared against.
  const upstream = UPSTREAM_LANGUAGES.filter((code) => code !== 'en');
  for (const code of upstream) {
    const labels = labelsFor(code);
    assert.notEqual(labels.chapter, labelsFor('en').chapter, code);
    assert.notEqual(labels.toc, labelsFor('en').toc, code);
  }
  assert.equal(chapterTitle(labelsFor('ja').chapter, 3), '第3章');
  assert.equal(chapterTitle(labelsFor('hu').chapter, 3), '3. fejezet');
  assert.equal(chapterTitle('Kapitola', 4), 'Kapitola 4');
  const { makeBook } = await import('../helpers.js');
  const { discoverBook } = await import('../../src/layout/discover.js');
  const { resolveConfig, languageMetadata } = await import('../../src/config/metadata.js');
  const root = await makeBook({
    'book.json': JSON.stringify({ languages: { ru: { chapterLabel: 'Часть {n}', figureLabel: 'Рис.' } } }),
    'ru/01-a/01.markdown': '# A\n',
  });
  const layout = await discoverBook(root);
  const ru = languageMetadata(layout, await resolveConfig(layout), 'ru', undefined);
  assert.equal(ru.chapterLabel, 'Часть {n}');
  assert.equal(ru.figureLabel, 'Рис.');
  assert.equal(ru.tocTitle, 'Содержание');
});

test('a book.json syntax error names its line and column, also where V8 says no position, on one line', () => {
  const cases: [string, string][] = [
    ['{\n  "title": "x",\n  "authors": }\n', 'book.json:3:14: error: invalid JSON'],
    ['{\n  "title": tru\n}\n', 'book.json:2:12: error: invalid JSON'],
    ['\uFEFF{\n"title": "a" "b"}', 'book.json:2:14: error: invalid JSON'],
  ];
  for (const [text, where] of cases) {
    const err = (() => {
      try {
        parseConfig('book.json', text);
      } catch (e) {
        return e as Error;
      }
      return undefined;
    })();
    assert.ok(err instanceof UserError, `${JSON.stringify(text)} was accepted`);
    assert.ok(err.message.startsWith(where), `${JSON.stringify(text)}: ${err.message}`);
    assert.doesNotMatch(err.message, /\n/);
  }
});

test('the CLI (its bundle) names a book.json syntax error by line and column too', async () => {
  const { execa } = await import('execa');
  const { CLI, tempDir } = await import('../helpers.js');
  const root = await makeBook({ 'book.json': '{\n  "title": }\n', 'en/01-a/01.markdown': '# A\n' });
  const run = await execa(process.execPath, [CLI, 'build', root, '--format', 'html', '--out', await tempDir()], { reject: false });
  assert.equal(run.exitCode, 1);
  assert.match(run.stderr, /book\.json:2:12: error: invalid JSON: Unexpected token '\}' \[config\]/);
});
