// bin/progit-ebook.js runs the bundle (scripts/bundle.mjs) only while it is at least as new as
// tsc's output: a bundle left from before a `tsc` run would run old code.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFile, mkdir, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT, tempDir } from '../helpers.js';

async function fakeInstall(): Promise<{ root: string; cli: string; bundle: string; other: string }> {
  const root = await tempDir();
  await mkdir(join(root, 'bin'));
  await copyFile(join(REPO_ROOT, 'bin', 'progit-ebook.js'), join(root, 'bin', 'progit-ebook.js'));
  await writeFile(join(root, 'package.json'), '{"type": "module"}\n');
  const cli = join(root, 'build', 'src', 'cli', 'main.js');
  const bundle = join(root, 'build', 'src', 'bundle', 'main.js');
  for (const [file, name] of [[cli, 'modules'], [bundle, 'bundle']] as const) {
    await mkdir(join(file, '..'), { recursive: true });
    await writeFile(file, `export async function main(argv) { process.stdout.write('${name} ' + argv.join(' ')); return 0; }\n`);
  }
  const other = join(root, 'build', 'src', 'markdown', 'render.js');
  await mkdir(join(other, '..'), { recursive: true });
  await writeFile(other, '');
  await writeFile(join(root, 'build', 'src', 'bundle', 'inputs.json'), JSON.stringify(['build/src/cli/main.js', 'build/src/markdown/render.js']));
  return { root, cli, bundle, other };
}

const run = (root: string) => execFileSync(process.execPath, [join(root, 'bin', 'progit-ebook.js'), 'x'], { encoding: 'utf8' });

test('launcher: the bundle runs when it is as new as every file it was made from, the modules when it is older or missing', async () => {
  const { root, cli, bundle, other } = await fakeInstall();
  const old = new Date(Date.now() - 60_000);
  await utimes(cli, old, old);
  await utimes(other, old, old);
  assert.equal(run(root), 'bundle x');
  // An editor or `tsc --watch` re-emits only the file that changed.
  await utimes(other, new Date(Date.now() + 1000), new Date(Date.now() + 1000));
  assert.equal(run(root), 'modules x', 'a bundle older than one of its inputs is not used');
  await utimes(other, old, old);
  assert.equal(run(root), 'bundle x');
  await utimes(bundle, new Date(old.getTime() - 60_000), new Date(old.getTime() - 60_000));
  assert.equal(run(root), 'modules x', 'a bundle older than tsc output is not used');
  await writeFile(bundle, '');
  await utimes(bundle, old, old);
  await utimes(cli, new Date(), new Date());
  assert.equal(run(root), 'modules x');
});
