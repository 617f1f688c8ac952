// The source tree's layers (docs/architecture.md): a command's folder uses src/build and the layers
// below it, never another command's; nothing below the commands uses them or the CLI; src/catalog
// (the index page and the directory's state, used by build and by the index command) is below build.
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT } from '../helpers.js';

const SRC = join(REPO_ROOT, 'src');
/** Where a file belongs: its folder under src/, or `check-command` for the check command's own file. */
function unit(file: string): string {
  const rel = relative(SRC, file);
  if (rel === join('check', 'check.ts')) return 'check-command';
  return rel.includes('/') ? rel.split('/')[0]! : rel;
}
const COMMANDS = new Set(['serve', 'doctor', 'status', 'check-command']);
const ABOVE_BUILD = new Set([...COMMANDS, 'cli', 'index.ts']);
/** Layers below build, each with what it must not import (everything at or above build). */
const BELOW_BUILD = new Map([['catalog', new Set([...ABOVE_BUILD, 'build'])]]);

test('no import runs up: commands use build/ and below, never each other; build/ and below use no command and not the CLI; catalog/ does not use build/', async () => {
  const files = (await readdir(SRC, { recursive: true, withFileTypes: true }))
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => join(e.parentPath, e.name));
  const wrong: string[] = [];
  let imports = 0;
  for (const file of files) {
    const from = unit(file);
    for (const m of (await readFile(file, 'utf8')).matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)) {
      imports++;
      const to = unit(resolve(dirname(file), m[1]!.replace(/\.js$/, '.ts')));
      if (to === from) continue;
      const up = (COMMANDS.has(from) && ABOVE_BUILD.has(to)) || (!ABOVE_BUILD.has(from) && ABOVE_BUILD.has(to)) || Boolean(BELOW_BUILD.get(from)?.has(to));
      if (up) wrong.push(`${relative(REPO_ROOT, file)} imports ${m[1]} (${from} -> ${to})`);
    }
  }
  assert.ok(imports > 200, `only ${imports} imports found`);
  assert.deepEqual(wrong, []);
});
