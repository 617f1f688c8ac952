#!/usr/bin/env node
// Thin launcher: the compiled CLI lives in lib/ (created by `npm ci` / `npm run build:ts`).
import { existsSync, readFileSync, statSync } from 'node:fs';
import module, { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

// Node >= 22.1 keeps the modules' compiled code between runs (for the unbundled fallback below; the
// bundle brings its own cache, see code-cache.cjs); Node 20 goes on without.
module.enableCompileCache?.();

const cli = new URL('../lib/src/cli/main.js', import.meta.url);
const bundle = new URL('../lib/src/bundle/main.cjs', import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write('progit-ebook: not compiled yet; run `npm run setup` (or `npm run build:ts`) first\n');
  process.exit(1);
}
// The bundle (scripts/bundle.mjs) starts faster, but one older than any file it was made from (tsc
// run alone, an editor's build, `npm install`) would run old code: then the modules run.
function bundleIsFresh() {
  try {
    const built = statSync(bundle).mtimeMs;
    const root = fileURLToPath(new URL('..', import.meta.url));
    const inputs = JSON.parse(readFileSync(`${root}lib/src/bundle/inputs.json`, 'utf8'));
    return inputs.length > 0 && inputs.every((path) => statSync(root + path).mtimeMs <= built);
  } catch {
    return false;
  }
}
let main;
if (bundleIsFresh()) {
  const { loadBundle } = createRequire(import.meta.url)('./code-cache.cjs');
  const path = fileURLToPath(bundle);
  main = loadBundle(path, `${path}.cache`).exports.main;
} else {
  main = (await import(cli.href)).main;
}
process.exitCode = await main(process.argv.slice(2));
