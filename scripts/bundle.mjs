// Bundles the compiled CLI (build/src/cli/main.js, from tsc) into build/src/bundle/: Node then
// loads a few files instead of hundreds of modules, which is most of what a small command costs
// (`--version`: 0.7 s -> 0.3 s). Commands and rarely needed libraries are imported lazily and
// land in chunks of their own. The bundle sits at the same depth as build/src/cli/, so the
// `new URL('../../../package.json', import.meta.url)` paths in the sources stay valid.
//   node scripts/bundle.mjs        (npm run build:ts runs it after tsc)
import { build } from 'esbuild';
import { rm, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = `${root}build/src/bundle`;
await rm(outdir, { recursive: true, force: true });
const result = await build({
  absWorkingDir: root,
  metafile: true,
  // The reader's worker thread is loaded by path (read-pool.ts), so it is an entry point of its own.
  entryPoints: { main: `${root}build/src/cli/main.js`, 'read-worker': `${root}build/src/api/read-worker.js` },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // CommonJS dependencies (sanitize-html, commander) call require() for Node's own modules.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  chunkNames: 'chunk-[hash]',
  legalComments: 'none',
  logLevel: 'warning',
});
// Every file the bundle was made from (the compiled sources and the dependencies), relative to the
// package: bin/progit-ebook.js runs the bundle only while none of them is newer than it.
await writeFile(`${outdir}/inputs.json`, `${JSON.stringify(Object.keys(result.metafile.inputs).sort())}\n`);
