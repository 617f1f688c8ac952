// Benchmark: builds a book and checks wall time and peak memory against targets.
//   npm run bench                       # Pro Git checkout at ../shared/progit (or PROGIT_DIR), html+epub
//   npm run bench -- --formats html,epub,mobi --book book
// Targets are for the 2-core machines CI runs on; exit 1 when one is missed.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { build } from '../src/api/build.js';

const { values } = parseArgs({
  options: {
    book: { type: 'string' },
    formats: { type: 'string', default: 'html,epub' },
    'max-seconds': { type: 'string' },
    'max-rss-mib': { type: 'string', default: '1024' },
  },
});

const book = resolve(values.book ?? process.env.PROGIT_DIR ?? join(import.meta.dirname ?? '.', '../../../shared/progit'));
if (!existsSync(book)) {
  console.error(`bench: book not found at ${book} (pass --book DIR or set PROGIT_DIR)`);
  process.exit(2);
}
const formats = values.formats.split(',');
// Per-language budget: reading and EPUB/HTML take about a second per full Pro Git language;
// MOBI adds calibre's conversion, about ten seconds per language.
const maxSeconds = Number(values['max-seconds'] ?? (formats.includes('mobi') ? 120 : 30));
const maxRssMiB = Number(values['max-rss-mib']);

const out = await mkdtemp(join(tmpdir(), 'progit-ebook-bench-'));
const started = performance.now();
const report = await build({ book, out, formats });
const seconds = (performance.now() - started) / 1000;
const rssMiB = process.resourceUsage().maxRSS / 1024;
await rm(out, { recursive: true, force: true });

const bytes = report.languages.flatMap((l) => l.outputs).reduce((n, o) => n + o.bytes, 0);
console.log(`book:      ${book}`);
console.log(`languages: ${report.languages.map((l) => `${l.lang}${l.ok ? '' : ' (FAILED)'}`).join(', ')}`);
console.log(`formats:   ${report.formats.join(', ')}${report.skipped.length ? ` (skipped: ${report.skipped.map((s) => s.format).join(', ')})` : ''}`);
console.log(`wall time: ${seconds.toFixed(1)} s (target <= ${maxSeconds} s)`);
console.log(`peak RSS:  ${rssMiB.toFixed(0)} MiB of this process (target <= ${maxRssMiB} MiB; calibre runs in its own processes)`);
console.log(`output:    ${(bytes / 1048576).toFixed(1)} MiB in ${report.languages.reduce((n, l) => n + l.outputs.length, 0)} files`);
for (const l of report.languages) console.log(`  ${l.lang.padEnd(6)} ${String(l.ms).padStart(6)} ms  ${l.outputs.map((o) => `${o.format} ${o.ms} ms`).join(', ')}`);

const missed = [seconds > maxSeconds && 'wall time', rssMiB > maxRssMiB && 'memory', !report.ok && 'build failed'].filter(Boolean);
if (missed.length) {
  console.error(`bench: missed: ${missed.join(', ')}`);
  process.exit(1);
}
