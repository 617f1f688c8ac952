#!/usr/bin/env node
// Thin launcher: the compiled CLI lives in build/ (created by `npm ci` / `npm run build:ts`).
import { existsSync } from 'node:fs';

const cli = new URL('../build/src/cli/main.js', import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write('progit-ebook: not compiled yet; run `npm run setup` (or `npm run build:ts`) first\n');
  process.exit(1);
}
const { main } = await import(cli.href);
process.exitCode = await main(process.argv.slice(2));
