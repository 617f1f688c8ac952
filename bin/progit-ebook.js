#!/usr/bin/env node
// Thin launcher: the compiled CLI lives in build/ (created by `npm ci` / `npm run build:ts`).
import { existsSync, statSync } from 'node:fs';
import module from 'node:module';

// Node >= 22.1 keeps compiled code between runs; Node 20 has no such cache and goes on without.
module.enableCompileCache?.();

const cli = new URL('../build/src/cli/main.js', import.meta.url);
const bundle = new URL('../build/src/bundle/main.js', import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write('progit-ebook: not compiled yet; run `npm run setup` (or `npm run build:ts`) first\n');
  process.exit(1);
}
// The bundle (scripts/bundle.mjs) starts faster; one older than tsc's output (tsc run alone) would run old code.
const fresh = existsSync(bundle) && statSync(bundle).mtimeMs >= statSync(cli).mtimeMs;
const { main } = await import((fresh ? bundle : cli).href);
process.exitCode = await main(process.argv.slice(2));
