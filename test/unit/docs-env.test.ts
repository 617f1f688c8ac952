// Every environment variable the code reads is documented in docs/cli.md's table of them.
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT } from '../helpers.js';

/** `env.NAME`, `process.env.NAME`, `env['NAME']`: how the code reads a variable. */
const READ = /\benv(?:\.|\[['"])([A-Z][A-Z0-9_]*)/g;

async function sources(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith('.ts')).map((e) => join(e.parentPath, e.name));
}

test("every environment variable src/ reads has a row in docs/cli.md's Environment variables", async () => {
  const read = new Map<string, string>();
  for (const file of await sources(join(REPO_ROOT, 'src'))) {
    for (const m of (await readFile(file, 'utf8')).matchAll(READ)) read.set(m[1]!, file);
  }
  assert.ok(read.has('PROGIT_EBOOK_DEBUG') && read.has('JAVA'), `the scan found ${[...read.keys()].join(', ')}`);
  const cli = await readFile(join(REPO_ROOT, 'docs', 'cli.md'), 'utf8');
  const section = /^## Environment variables\n([\s\S]*?)^## /m.exec(cli)?.[1] ?? '';
  const documented = new Set([...section.matchAll(/^\| `([A-Z][A-Z0-9_]*)` \|/gm)].map((m) => m[1]!));
  const missing = [...read].filter(([name]) => !documented.has(name)).map(([name, file]) => `${name} (read in ${file.slice(REPO_ROOT.length + 1)})`);
  assert.deepEqual(missing, []);
});
