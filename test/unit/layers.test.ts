// The source tree's layers (docs/architecture.md, "Layers") as data: the line in that page's code
// block is read back and must be this test's, every folder and file directly under src/ must have a
// layer, and every relative import in src/ must go down the line (or be one of the imports the
// line allows within a layer). The checker is a pure function over {file, imports}, so the last
// test plants an import up between every two layers, and across every layer, without touching src/.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join, posix, relative, sep } from 'node:path';
import { test } from 'node:test';
import ts from 'typescript';
import { REPO_ROOT } from '../helpers.js';

/** Parts of src/ (a folder, or a file a folder's layer does not cover), layer by layer from the top. */
interface Layering {
  layers: readonly (readonly string[])[];
  /** Imports from one part to another of the same layer that the line allows (`from`, `to`). */
  within: readonly (readonly [string, string])[];
}

/** docs/architecture.md's line, layer by layer from the top. */
const LAYERING: Layering = {
  layers: [
    ['cli', 'index.ts'],
    ['serve', 'doctor', 'status', 'check/check.ts'],
    ['build'],
    ['catalog'],
    ['markdown', 'check', 'writers', 'cache'],
    ['sync'],
    ['layout', 'config'],
    ['tools'],
    ['pages'],
    ['model'],
    ['util'],
  ],
  within: [
    ['check', 'markdown'],
    ['cache', 'writers'],
  ],
};

/** A source file, relative to src/ with `/` between names, and its import specifiers as written. */
interface SourceImports {
  file: string;
  imports: readonly string[];
}

interface Placed {
  part: string;
  rank: number;
}

/** The part a path under src/ belongs to: the longest part that is the path or a folder above it. */
function placeOf(layering: Layering, path: string): Placed | undefined {
  let best: Placed | undefined;
  for (const [rank, parts] of layering.layers.entries()) {
    for (const part of parts) {
      const inside = path === part || path.startsWith(`${part}/`);
      if (inside && (!best || part.length > best.part.length)) best = { part, rank };
    }
  }
  return best;
}

/** Every import that does not go down the layers, and every file or import target no layer holds. */
function wrongImports(files: readonly SourceImports[], layering: Layering): string[] {
  const allowed = new Set(layering.within.map(([from, to]) => `${from} -> ${to}`));
  const wrong: string[] = [];
  for (const { file, imports } of files) {
    const from = placeOf(layering, file);
    if (!from) {
      wrong.push(`src/${file} is in no layer`);
      continue;
    }
    for (const spec of imports) {
      if (!spec.startsWith('.')) continue; // a package or node: module
      const target = posix.normalize(posix.join(posix.dirname(file), spec)).replace(/\.js$/, '.ts');
      const to = target.startsWith('../') ? undefined : placeOf(layering, target);
      if (!to) wrong.push(`src/${file} imports ${spec}, which no layer holds`);
      else if (to.part === from.part || to.rank > from.rank) continue;
      else if (to.rank === from.rank && allowed.has(`${from.part} -> ${to.part}`)) continue;
      else wrong.push(`src/${file} imports ${spec}: ${from.part} (layer ${from.rank + 1}) -> ${to.part} (layer ${to.rank + 1})`);
    }
  }
  return wrong;
}

/** The layering written in architecture.md: the code block of its "Layers" section. */
function layeringOf(markdown: string): Layering {
  const section = markdown.split(/^## /m).find((s) => s.startsWith('Layers\n'));
  const block = section && /^```\n([\s\S]*?)^```$/m.exec(section)?.[1];
  assert.ok(block, 'docs/architecture.md has a "## Layers" section with a code block');
  const [order, within, ...rest] = block.trimEnd().split('\n');
  assert.deepEqual(rest, [], 'the code block has two lines: the order, then what a layer may import within itself');
  if (!order || !within?.startsWith('within a layer: ')) assert.fail(`the second line starts "within a layer: ": ${within}`);
  const path = (item: string): string => {
    const m = /^src\/([\w./-]+)$/.exec(item.trim());
    assert.ok(m, `"${item}" in architecture.md's layer line is not a path under src/`);
    return m[1]!;
  };
  // "label (src/a, src/b)" lists its paths; a bare "src/a" is itself.
  const layers = order.split(' -> ').map((layer) =>
    layer
      .replace(/[\w ]+\(([^)]*)\)/g, '$1')
      .split(',')
      .map(path),
  );
  const pairs = within.slice('within a layer: '.length).split(',');
  return { layers, within: pairs.map((pair) => pair.split(' -> ').map(path) as [string, string]) };
}

/** Every .ts file under src/ with its imports, read as TypeScript reads them (static, type-only, dynamic). */
async function sourceImports(): Promise<SourceImports[]> {
  const src = join(REPO_ROOT, 'src');
  const entries = await readdir(src, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile() && e.name.endsWith('.ts')).map((e) => join(e.parentPath, e.name));
  return Promise.all(
    files.map(async (path) => ({
      file: relative(src, path).split(sep).join('/'),
      imports: ts.preProcessFile(await readFile(path, 'utf8'), true, true).importedFiles.map((f) => f.fileName),
    })),
  );
}

test("architecture.md's layer line is the test's layering", async () => {
  const doc = await readFile(join(REPO_ROOT, 'docs', 'architecture.md'), 'utf8');
  assert.deepEqual(layeringOf(doc), LAYERING);
  const parts = LAYERING.layers.flat();
  assert.equal(new Set(parts).size, parts.length, 'no part is in two layers');
  for (const [from, to] of LAYERING.within) {
    assert.equal(placeOf(LAYERING, from)?.rank, placeOf(LAYERING, to)?.rank, `${from} -> ${to} is within one layer`);
  }
});

test('every folder and file directly under src/ has a layer, and every part of the line is in src/', async () => {
  const entries = await readdir(join(REPO_ROOT, 'src'), { withFileTypes: true });
  assert.ok(entries.length > 10, `only ${entries.length} entries in src/`);
  // A folder is placed when it is a part (`check` is, beside `check/check.ts` above it).
  const unplaced = entries.filter((e) => !LAYERING.layers.some((parts) => parts.includes(e.name))).map((e) => `src/${e.name}`);
  assert.deepEqual(unplaced, [], 'add each to a layer in docs/architecture.md and in LAYERING');
  const absent = LAYERING.layers.flat().filter((part) => !existsSync(join(REPO_ROOT, 'src', part)));
  assert.deepEqual(absent, [], 'parts of the line that src/ no longer has: take them out of docs/architecture.md and LAYERING');
});

test('every import in src/ goes down the layers', async () => {
  const files = await sourceImports();
  const imports = files.flatMap((f) => f.imports.filter((spec) => spec.startsWith('.')));
  assert.ok(imports.length > 400, `only ${imports.length} relative imports found`);
  assert.deepEqual(wrongImports(files, LAYERING), []);
});

/** A file of `part` to plant imports in, and the specifier with which it imports `target`'s part. */
function planted(part: string, target: string): SourceImports {
  const file = part.endsWith('.ts') ? part : `${part}/planted.ts`;
  const to = target.endsWith('.ts') ? target.replace(/\.ts$/, '.js') : `${target}/planted.js`;
  const spec = posix.relative(posix.dirname(file), to);
  return { file, imports: [spec.startsWith('.') ? spec : `./${spec}`] };
}

test('a planted import up between any two layers, or within one where the line does not allow it, is refused; one down is not', () => {
  const allowed = new Set(LAYERING.within.map(([from, to]) => `${from} -> ${to}`));
  const mistaken: string[] = [];
  const refusedBetween = new Set<string>();
  for (const [lower, fromParts] of LAYERING.layers.entries()) {
    for (const [higher, toParts] of LAYERING.layers.entries()) {
      for (const from of fromParts) {
        for (const to of toParts) {
          if (from === to) continue;
          const file = planted(from, to);
          const refused = wrongImports([file], LAYERING).length === 1;
          const shouldBe = higher < lower || (higher === lower && !allowed.has(`${from} -> ${to}`));
          if (refused !== shouldBe) mistaken.push(`${file.file} imports ${file.imports[0]}: ${refused ? 'refused' : 'passed'}`);
          if (refused && higher < lower) refusedBetween.add(`${higher} ${lower}`);
        }
      }
    }
  }
  assert.deepEqual(mistaken, []);
  const n = LAYERING.layers.length;
  assert.equal(refusedBetween.size, (n * (n - 1)) / 2, 'an import up is refused between every two layers');
  // The two that used to pass: util importing tools, and one command another.
  assert.equal(wrongImports([{ file: 'util/paths.ts', imports: ['../tools/run-tool.js'] }], LAYERING).length, 1);
  assert.equal(wrongImports([{ file: 'status/page.ts', imports: ['../serve/serve-page.js'] }], LAYERING).length, 1);
});

test('a file no layer holds, or an import from outside src/, is refused', () => {
  assert.deepEqual(
    wrongImports(
      [
        { file: 'fresh/new.ts', imports: [] },
        { file: 'util/paths.ts', imports: ['../../package.json', '../fresh/new.js', './lines.js', 'node:path'] },
      ],
      LAYERING,
    ),
    [
      'src/fresh/new.ts is in no layer',
      'src/util/paths.ts imports ../../package.json, which no layer holds',
      'src/util/paths.ts imports ../fresh/new.js, which no layer holds',
    ],
  );
});
