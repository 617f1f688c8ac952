// Bundles the compiled CLI (lib/src/cli/main.js, from tsc) into lib/src/bundle/: Node then
// loads one file instead of hundreds of modules, which is most of what a small command costs
// (measured in docs/performance.md).
//   main.cjs        the CLI as one CommonJS file, run by bin/progit-ebook.js through vm.Script;
//   main.cjs.cache  V8's code cache for it, made here by a build of a small generated book: the
//                   functions a build calls start compiled (docs/performance.md);
// Rarely needed libraries (zod for book.json, sanitize-html, execa) stay lazily evaluated inside;
// playwright-core (the PDF's Chromium) stays outside, loaded from node_modules when a PDF is
// printed: it finds its own files relative to its package.
// The package's own files are found by walking up to package.json (src/util/package-root.ts),
// so the bundle may sit at any depth.
//   node scripts/bundle.mjs        (npm run build:ts runs it after tsc)
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = `${root}lib/src/bundle`;
await rm(outdir, { recursive: true, force: true });
const cli = await build({
  absWorkingDir: root,
  metafile: true,
  bundle: true,
  platform: 'node',
  target: 'node20',
  legalComments: 'none',
  logLevel: 'warning',
  entryPoints: [`${root}lib/src/cli/main.js`],
  outfile: `${outdir}/main.cjs`,
  format: 'cjs',
  external: ['playwright-core'],
  // CommonJS has no import.meta: the bundle's own URL stands in for every module's.
  define: { 'import.meta.url': '__bundle_url', __PROGIT_EBOOK_BUNDLE__: 'true' },
  banner: { js: "const __bundle_url = require('node:url').pathToFileURL(__filename).href;" },
});
// Every file the bundle was made from (the compiled sources and the dependencies), relative to the
// package: bin/progit-ebook.js runs the bundle only while none of them is newer than it.
const inputs = Object.keys(cli.metafile.inputs).sort();
await writeFile(`${outdir}/inputs.json`, `${JSON.stringify(inputs)}\n`);

// The code cache: a child process runs a build of a small book through the same loader as the
// launcher, then saves what V8 compiled. Without it the bundle only starts a little slower.
const work = await mkdtemp(join(tmpdir(), 'progit-ebook-code-cache-'));
try {
  const chapter = [
    '# Getting Started',
    '',
    'A paragraph with *emphasis*, **strong**, `code`, a [link](https://git-scm.com) and a [section](#the-basics).',
    '',
    '## The Basics',
    '',
    '* one',
    '* two with `code`',
    '',
    '1. first',
    '2. second',
    '',
    '> a quote',
    '',
    '\t$ git init',
    '',
    '```',
    'git status',
    '```',
    '',
    '### Details',
    '',
    '| a | b |',
    '|---|---|',
    '| 1 | 2 |',
    '',
    'Insert 18333fig0101.png',
    'Figure 1-1. A caption.',
    '',
    '<!-- a comment -->',
    '',
  ].join('\n');
  for (const lang of ['en', 'zh']) {
    const dir = join(work, 'book', lang, '01-introduction');
    await import('node:fs/promises').then((fs) => fs.mkdir(dir, { recursive: true }));
    await writeFile(join(dir, '01-chapter1.markdown'), lang === 'zh' ? chapter.replace('A paragraph', '中文段落\n换行') : chapter);
  }
  const loader = join(root, 'bin', 'code-cache.cjs');
  const program = `
    const { writeFileSync, renameSync } = require('node:fs');
    const [loader, bundle, book, out] = process.argv.slice(1);
    const { exports, script } = require(loader).loadBundle(bundle);
    exports.main(['build', book, '--out', out, '--format', 'html,epub', '--quiet', '--force']).then((code) => {
      if (code !== 0) throw new Error('the warm-up build failed with exit code ' + code);
      writeFileSync(bundle + '.cache.tmp', script.createCachedData());
      renameSync(bundle + '.cache.tmp', bundle + '.cache');
    });`;
  execFileSync(process.execPath, ['-e', program, loader, `${outdir}/main.cjs`, join(work, 'book'), join(work, 'out')], {
    env: { ...process.env, PROGIT_EBOOK_CACHE: join(work, 'cache'), CI: '1' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
} catch (err) {
  console.warn(`bundle: no code cache (${err instanceof Error ? err.message.split('\n')[0] : err}); the CLI starts without it`);
} finally {
  await rm(work, { recursive: true, force: true });
}
