// bin/progit-ebook.js runs the bundle (scripts/bundle.mjs) only while it is at least as new as
// tsc's output: a bundle left from before a `tsc` run would run old code. A code cache that does not
// fit (another Node, or garbage) is only slower, never an error.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { copyFile, mkdir, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT, tempDir } from '../helpers.js';

async function fakeInstall(): Promise<{ root: string; cli: string; bundle: string; other: string }> {
  const root = await tempDir();
  await mkdir(join(root, 'bin'));
  for (const file of ['progit-ebook.js', 'code-cache.cjs']) await copyFile(join(REPO_ROOT, 'bin', file), join(root, 'bin', file));
  await writeFile(join(root, 'package.json'), '{"type": "module"}\n');
  const cli = join(root, 'lib', 'src', 'cli', 'main.js');
  const bundle = join(root, 'lib', 'src', 'bundle', 'main.cjs');
  for (const file of [cli, bundle]) await mkdir(join(file, '..'), { recursive: true });
  await writeFile(cli, `export async function main(argv) { process.stdout.write('modules ' + argv.join(' ')); return 0; }\n`);
  // The bundle is CommonJS, run through vm.Script (code-cache.cjs), with __filename and require.
  await writeFile(
    bundle,
    `exports.main = async (argv) => { process.stdout.write('bundle ' + argv.join(' ') + ' ' + require('node:path').basename(__filename)); return 0; };\n`,
  );
  const other = join(root, 'lib', 'src', 'markdown', 'render.js');
  await mkdir(join(other, '..'), { recursive: true });
  await writeFile(other, '');
  await writeFile(join(root, 'lib', 'src', 'bundle', 'inputs.json'), JSON.stringify(['lib/src/cli/main.js', 'lib/src/markdown/render.js']));
  return { root, cli, bundle, other };
}

const run = (root: string) => execFileSync(process.execPath, [join(root, 'bin', 'progit-ebook.js'), 'x'], { encoding: 'utf8' });

test('launcher: the bundle runs when it is as new as every file it was made from, the modules when it is older or missing', async () => {
  const { root, cli, bundle, other } = await fakeInstall();
  const old = new Date(Date.now() - 60_000);
  await utimes(cli, old, old);
  await utimes(other, old, old);
  assert.equal(run(root), 'bundle x main.cjs');
  // An editor or `tsc --watch` re-emits only the file that changed.
  await utimes(other, new Date(Date.now() + 1000), new Date(Date.now() + 1000));
  assert.equal(run(root), 'modules x', 'a bundle older than one of its inputs is not used');
  await utimes(other, old, old);
  assert.equal(run(root), 'bundle x main.cjs');
  await utimes(bundle, new Date(old.getTime() - 60_000), new Date(old.getTime() - 60_000));
  assert.equal(run(root), 'modules x', 'a bundle older than tsc output is not used');
  await writeFile(bundle, '');
  await utimes(bundle, old, old);
  await utimes(cli, new Date(), new Date());
  assert.equal(run(root), 'modules x');
});

test('launcher: a code cache V8 cannot use is ignored', async () => {
  const { root, cli, bundle, other } = await fakeInstall();
  const old = new Date(Date.now() - 60_000);
  await utimes(cli, old, old);
  await utimes(other, old, old);
  await writeFile(`${bundle}.cache`, 'not a V8 code cache');
  assert.equal(run(root), 'bundle x main.cjs');
});

test('the bundle made by npm run build:ts comes with a code cache this Node accepts', (t) => {
  const bundle = join(REPO_ROOT, 'lib', 'src', 'bundle', 'main.cjs');
  if (!existsSync(`${bundle}.cache`)) return t.skip('no lib/src/bundle/main.cjs.cache: run `npm run build:ts` (scripts/bundle.mjs makes it)');
  const { loadBundle } = createRequire(import.meta.url)(join(REPO_ROOT, 'bin', 'code-cache.cjs')) as {
    loadBundle: (file: string, cache?: string) => { exports: { main?: unknown }; script: { cachedDataRejected?: boolean } };
  };
  const { exports, script } = loadBundle(bundle, `${bundle}.cache`);
  assert.equal(typeof exports.main, 'function');
  assert.equal(script.cachedDataRejected, false, 'V8 rejected the code cache: the CLI compiles everything on every start');
});
