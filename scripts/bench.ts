// Benchmark: the same book built side by side by progit-ebook (HTML + EPUB), by the calibre
// pipeline the Pro Git seed used (Markdown -> HTML with marked, then ebook-convert HTML -> EPUB)
// and by pandoc (Markdown -> EPUB 3), plus progit-ebook's MOBI/AZW3 stage against bare
// ebook-convert runs on the same EPUBs, and its PDF of one language beside calibre's plain conversion
// of the same EPUB. Prints medians, ratios and peak memory; exit 1 when a
// target is missed. Not part of `npm test`: timings on shared machines are noisy.
//   npm run bench                              # ../shared/progit (or PROGIT_DIR), quick
//   npm run bench -- --runs 5 --baseline-runs 3 --convert-langs all
//   npm run bench -- --book DIR --skip-baselines --skip-convert --skip-status --skip-index --skip-pdf --skip-headings
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { execa } from 'execa';
import { marked } from 'marked';
import { resolveConfig, languageMetadata } from '../src/config/metadata.js';
import { discoverBook } from '../src/layout/discover.js';
import { findEbookConvert, whichSync } from '../src/tools/calibre.js';
import { mapLimit } from '../src/util/concurrency.js';
import { packageRoot } from '../src/util/package-root.js';
import { median, type Sample } from './bench-stats.js';
import { benchIndex } from './bench-index.js';
import { benchPdf } from './bench-pdf.js';
import { benchStatus } from './bench-status.js';
import { benchHeadings } from './bench-headings.js';

const REPO = packageRoot(import.meta.url);
const CLI = join(REPO, 'bin', 'progit-ebook.js');

const { values } = parseArgs({
  options: {
    book: { type: 'string' },
    runs: { type: 'string', default: '5' },
    'baseline-runs': { type: 'string', default: '1' },
    'convert-langs': { type: 'string', default: 'en,zh' },
    jobs: { type: 'string', default: String(availableParallelism()) },
    'skip-baselines': { type: 'boolean', default: false },
    'skip-convert': { type: 'boolean', default: false },
    'skip-status': { type: 'boolean', default: false },
    'skip-index': { type: 'boolean', default: false },
    'skip-pdf': { type: 'boolean', default: false },
    'pdf-lang': { type: 'string', default: 'en' },
    'pdf-runs': { type: 'string', default: '1' },
    'skip-headings': { type: 'boolean', default: false },
  },
});

const book = resolve(values.book ?? process.env.PROGIT_DIR ?? join(REPO, '..', 'shared', 'progit'));
if (!existsSync(book)) {
  console.error(`bench: book not found at ${book} (pass --book DIR or set PROGIT_DIR)`);
  process.exit(2);
}
const count = (name: string, v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) {
    console.error(`bench: --${name} must be a whole number of at least 1, not ${v}`);
    process.exit(2);
  }
  return n;
};
const runs = count('runs', values.runs);
const baselineRuns = count('baseline-runs', values['baseline-runs']);
const jobs = count('jobs', values.jobs);

// The targets with epub-gen-memory making every EPUB (its load and JSZip cost what our own writer did not).
const TARGETS = { calibreRatio: 8, pandocRatio: 4.5, oneLanguageS: 1.0, peakMiB: 250, noopS: 1, convertOverhead: 0.05 };

const GNU_TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

/**
 * Node loads the file NODE_EXTRA_CA_CERTS names at start-up, before any of our code (80 ms on a
 * machine whose proxy CA bundle holds 140 certificates), and no command here opens a TLS
 * connection: every command runs without it, and the table says so.
 */
const EXTRA_CA = process.env.NODE_EXTRA_CA_CERTS;
const inheritedEnv = Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== 'NODE_EXTRA_CA_CERTS'));

/** Runs a command, timing its wall clock and (with GNU time) its peak memory; a failure stops the bench. */
async function measure(file: string, args: string[], env: Record<string, string> = {}, keepStderr = false, cwd?: string): Promise<Sample> {
  const options = { reject: false, env: { ...inheritedEnv, ...env }, extendEnv: false, stdin: 'ignore', cwd } as const;
  const t0 = performance.now();
  const run = GNU_TIME ? await execa(GNU_TIME, ['-f', 'BENCH-RSS %M %U %S', file, ...args], options) : await execa(file, args, options);
  const seconds = (performance.now() - t0) / 1000;
  if (run.exitCode !== 0) throw new Error(`${file} ${args.join(' ')} failed (exit ${run.exitCode}):\n${String(run.stderr).split('\n').slice(-15).join('\n')}`);
  const rss = /BENCH-RSS (\d+) ([\d.]+) ([\d.]+)/.exec(String(run.stderr));
  return {
    seconds,
    peakMiB: rss ? Number(rss[1]) / 1024 : undefined,
    cpuSeconds: rss ? Number(rss[2]) + Number(rss[3]) : undefined,
    stderr: keepStderr ? String(run.stderr) : undefined,
  };
}

const max = (xs: (number | undefined)[]) => (xs.some((x) => x === undefined) ? undefined : Math.max(...(xs as number[])));

interface Row {
  what: string;
  samples: Sample[];
}
const rows: Row[] = [];
const work = await mkdtemp(join(tmpdir(), 'progit-ebook-bench-'));
const cli = (args: string[], cache: string, keepStderr = false) =>
  measure(process.execPath, [CLI, 'build', book, ...args], { PROGIT_EBOOK_CACHE: cache, CI: '1' }, keepStderr);

try {
  const layout = await discoverBook(book);
  const langs = layout.languages.map((l) => l.code);
  console.log(`book: ${book} (${langs.length} languages: ${langs.join(', ')}); ${availableParallelism()} CPUs; runs: ${runs} (baselines ${baselineRuns})`);
  if (EXTRA_CA)
    console.log(`NODE_EXTRA_CA_CERTS (${EXTRA_CA}) is left out of every command's environment: Node would load it at each start-up, and nothing here uses TLS`);

  // progit-ebook, cold: the build cache emptied before every run, so every language is read and
  // written. Dia renders (ru's figures-dia) stay cached, as on any machine after its first build:
  // the baselines use the shared figures and render no diagram either.
  const ours: Row = { what: 'progit-ebook html+epub, all languages', samples: [] };
  const one: Row = { what: 'progit-ebook html+epub, en only', samples: [] };
  const noop: Row = { what: 'progit-ebook no-op rebuild, all languages', samples: [] };
  const out = join(work, 'ours');
  const cache = join(work, 'cache');
  await cli(['-f', 'html,epub', '-o', out, '-q'], cache);
  for (let i = 0; i < runs; i++) {
    await rm(join(cache, 'builds'), { recursive: true, force: true });
    ours.samples.push(await cli(['-f', 'html,epub', '-o', out, '-q'], cache));
    // The code is part of the key: when lib/ was recompiled meanwhile (a shared working copy),
    // the first rebuild is not a no-op; the next one is.
    for (let attempt = 1; ; attempt++) {
      const again = await cli(['-f', 'html,epub', '-o', out], cache, true);
      if (new RegExp(`\\(${langs.length * 2} cached\\)`).test(again.stderr ?? '')) {
        noop.samples.push(again);
        break;
      }
      if (attempt === 3) throw new Error(`the no-op rebuild was not all cached: ${again.stderr}`);
    }
    if (langs.includes('en')) one.samples.push(await cli(['-l', 'en', '-f', 'html,epub', '-o', join(work, 'ours-en'), '-q', '--force'], cache));
  }
  rows.push(ours, one, noop);

  if (!values['skip-baselines']) {
    const ebookConvert = findEbookConvert();
    const pandoc = whichSync('pandoc');
    const config = await resolveConfig(layout);
    const sources = join(work, 'sources');
    await mkdir(sources, { recursive: true });
    if (layout.sharedFigures) await symlink(layout.sharedFigures, join(sources, 'figures'));
    // The seed's figure substitution: `Insert 18333fig0101.png` -> the shared thumbnail.
    const markdownOf = async (code: string) => {
      const lang = layout.languages.find((l) => l.code === code)!;
      const parts = await Promise.all(lang.chapters.flatMap((c) => c.files).map((f) => readFile(f, 'utf8')));
      return parts.join('\n\n').replace(/^Insert\s+(\S+?)\.(png|jpg)\s*$/gim, '![](figures/$1-tn.$2)');
    };
    const meta = (code: string) => languageMetadata(layout, config, code, undefined);
    /** One baseline over every language, one at a time: writing its input counts, then the tool's run. */
    const baseline = async (
      what: string,
      tool: string,
      prepare: (code: string, m: ReturnType<typeof meta>) => Promise<{ args: string[]; env?: Record<string, string> }>,
    ) => {
      const row: Row = { what, samples: [] };
      for (let i = 0; i < baselineRuns; i++) {
        let seconds = 0;
        let peak = 0;
        let cpu = 0;
        for (const code of langs) {
          const t0 = performance.now();
          const { args, env } = await prepare(code, meta(code));
          seconds += (performance.now() - t0) / 1000;
          const s = await measure(tool, args, env);
          seconds += s.seconds;
          cpu += s.cpuSeconds ?? 0;
          peak = Math.max(peak, s.peakMiB ?? 0);
        }
        row.samples.push({ seconds, peakMiB: GNU_TIME ? peak : undefined, cpuSeconds: GNU_TIME ? cpu : undefined });
      }
      rows.push(row);
    };
    if (!ebookConvert) console.log('calibre pipeline: skipped, ebook-convert not found');
    else {
      await baseline('calibre pipeline (marked + ebook-convert), all languages, one at a time', ebookConvert, async (code, m) => {
        const html = join(sources, `${code}.html`);
        await writeFile(
          html,
          `<!DOCTYPE html>\n<html lang="${m.lang}"><head><meta charset="utf-8"><title>${m.title}</title></head><body>\n${await marked.parse(await markdownOf(code))}</body></html>\n`,
        );
        const args = [
          html,
          join(work, `calibre.${code}.epub`),
          '--title',
          m.title,
          '--authors',
          m.authors.join(' & '),
          '--language',
          m.lang,
          '--level1-toc',
          '//h:h1',
          '--level2-toc',
          '//h:h2',
          '--level3-toc',
          '//h:h3',
        ];
        if (m.cover) args.push('--cover', m.cover);
        return { args, env: { QT_QPA_PLATFORM: 'offscreen' } };
      });
    }
    if (!pandoc) console.log('pandoc: skipped, not installed');
    else {
      await baseline('pandoc markdown -> epub3, all languages, one at a time', pandoc, async (code, m) => {
        const md = join(sources, `${code}.md`);
        await writeFile(md, await markdownOf(code));
        const args = [
          '-f',
          'markdown',
          '-t',
          'epub3',
          '-o',
          join(work, `pandoc.${code}.epub`),
          '--resource-path',
          sources,
          '--toc',
          '--toc-depth',
          '3',
          '-M',
          `title=${m.title}`,
          '-M',
          `author=${m.authors.join(', ')}`,
          '-M',
          `lang=${m.lang}`,
          md,
        ];
        if (m.cover) args.push('--epub-cover-image', m.cover);
        return { args };
      });
    }
  }

  let convertLine: string | undefined;
  let convertOverhead: number | undefined;
  const ebookConvert = findEbookConvert();
  if (!values['skip-convert'] && ebookConvert) {
    const convertLangs = values['convert-langs'] === 'all' ? langs : values['convert-langs'].split(',').filter((l) => langs.includes(l));
    // A wrapper records each conversion's working directory (the EPUB, the cover) and arguments, to
    // run the same conversions bare afterwards.
    const keep = join(work, 'conversions');
    await mkdir(keep);
    const wrapper = join(work, 'ebook-convert');
    await writeFile(wrapper, `#!/bin/sh\nd="${keep}/$$"\nmkdir -p "$d"\ncp -R . "$d/cwd"\nprintf '%s\\n' "$@" > "$d/args"\nexec "${ebookConvert}" "$@"\n`);
    await chmod(wrapper, 0o755);
    const base = ['-l', convertLangs.join(','), '-o', join(work, 'convert'), '-q', '--force', '--jobs', String(jobs), '--ebook-convert', wrapper];
    const cache = join(work, 'cache');
    const epubOnly = await cli([...base, '-f', 'epub'], cache);
    const withKindle = await cli([...base, '-f', 'epub,mobi,azw3'], cache);
    const stage = withKindle.seconds - epubOnly.seconds;
    const recorded = await readdir(keep);
    const bareRun = async (dir: string) => {
      const args = (await readFile(join(keep, dir, 'args'), 'utf8')).split('\n').slice(0, -1);
      const output = `bare.${args[1]!.split('.').pop()}`;
      return (await measure(ebookConvert, [args[0]!, output, ...args.slice(2)], { QT_QPA_PLATFORM: 'offscreen' }, false, join(keep, dir, 'cwd'))).seconds;
    };
    let bare = 0;
    for (const dir of recorded) bare += await bareRun(dir);
    // The same runs `jobs` at a time, without progit-ebook: what this machine gives parallel
    // conversions (cores shared with hyperthreads or other work make each run slower).
    const t0 = performance.now();
    await mapLimit(recorded, jobs, bareRun);
    const bareParallel = (performance.now() - t0) / 1000;
    convertOverhead = stage / (bare / jobs) - 1;
    convertLine =
      `mobi+azw3 stage, ${convertLangs.join(',')}, --jobs ${jobs}: ${stage.toFixed(1)} s; bare ebook-convert ${recorded.length} runs ${bare.toFixed(1)} s / ${jobs} = ${(bare / jobs).toFixed(1)} s; overhead ${(convertOverhead * 100).toFixed(1)}% (target <= ${TARGETS.convertOverhead * 100}%)\n` +
      `the same bare runs ${jobs} at a time: ${bareParallel.toFixed(1)} s (${((bareParallel / (bare / jobs) - 1) * 100).toFixed(1)}% over bare / ${jobs} with no progit-ebook at all); the stage against it: ${((stage / bareParallel - 1) * 100).toFixed(1)}%`;
  }

  const statusPart = values['skip-status'] ? undefined : await benchStatus(work, CLI, runs, (file, args) => measure(file, args));
  const indexPart = values['skip-index'] ? undefined : await benchIndex(work, CLI, runs);
  const pdfLang = values['pdf-lang'];
  const pdfPart =
    values['skip-pdf'] || !ebookConvert || !langs.includes(pdfLang)
      ? undefined
      : await benchPdf(work, pdfLang, count('pdf-runs', values['pdf-runs']), (args) => cli(args, join(work, 'pdf-cache')), measure, ebookConvert);
  const headingsPart = values['skip-headings']
    ? undefined
    : await benchHeadings(work, CLI, Math.min(runs, 3), (file, args) => measure(file, args, { PROGIT_EBOOK_CACHE: join(work, 'headings-cache') }));

  // The table.
  const base = median(ours.samples.map((s) => s.seconds));
  const fmt = (n: number | undefined, d = 2) => (n === undefined ? '-' : n.toFixed(d));
  const header = ['build', 'runs', 'median s', 'min s', 'median CPU s', 'peak MiB', 'x slower (wall)', 'x slower (CPU)'];
  const baseCpu = ours.samples.every((s) => s.cpuSeconds !== undefined) ? median(ours.samples.map((s) => s.cpuSeconds!)) : undefined;
  const table = rows.map((r) => {
    const secs = r.samples.map((s) => s.seconds);
    const isBaseline = !r.what.startsWith('progit-ebook');
    const cpu = r.samples.every((s) => s.cpuSeconds !== undefined) ? median(r.samples.map((s) => s.cpuSeconds!)) : undefined;
    return [
      r.what,
      String(r.samples.length),
      fmt(median(secs)),
      fmt(Math.min(...secs)),
      fmt(cpu),
      fmt(max(r.samples.map((s) => s.peakMiB)), 0),
      isBaseline ? `${(median(secs) / base).toFixed(1)}x` : '',
      isBaseline && cpu !== undefined && baseCpu ? `${(cpu / baseCpu).toFixed(1)}x` : '',
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((t) => t[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w, i) => (i === 0 ? `${'-'.repeat(w + 1)}-` : `${'-'.repeat(w + 1)}:`)).join('|')}|`);
  for (const t of table) console.log(line(t));
  if (convertLine) console.log(convertLine);
  for (const l of [...(statusPart?.lines ?? []), ...(indexPart?.lines ?? []), ...(pdfPart?.lines ?? []), ...(headingsPart?.lines ?? [])]) console.log(l);

  const missed: string[] = [];
  const ratio = (prefix: string) => {
    const r = rows.find((x) => x.what.startsWith(prefix));
    return r ? median(r.samples.map((s) => s.seconds)) / base : undefined;
  };
  const calibreRatio = ratio('calibre');
  const pandocRatio = ratio('pandoc');
  if (calibreRatio !== undefined && calibreRatio < TARGETS.calibreRatio)
    missed.push(`calibre pipeline only ${calibreRatio.toFixed(1)}x slower (target >= ${TARGETS.calibreRatio}x)`);
  if (pandocRatio !== undefined && pandocRatio < TARGETS.pandocRatio)
    missed.push(`pandoc only ${pandocRatio.toFixed(1)}x slower (target >= ${TARGETS.pandocRatio}x)`);
  if (one.samples.length && median(one.samples.map((s) => s.seconds)) > TARGETS.oneLanguageS)
    missed.push(`en alone ${median(one.samples.map((s) => s.seconds)).toFixed(2)} s (target <= ${TARGETS.oneLanguageS} s)`);
  const peak = max(ours.samples.map((s) => s.peakMiB));
  if (peak !== undefined && peak > TARGETS.peakMiB) missed.push(`peak memory ${peak.toFixed(0)} MiB (target <= ${TARGETS.peakMiB} MiB)`);
  if (median(noop.samples.map((s) => s.seconds)) > TARGETS.noopS)
    missed.push(`no-op rebuild ${median(noop.samples.map((s) => s.seconds)).toFixed(2)} s (target <= ${TARGETS.noopS} s)`);
  if (convertOverhead !== undefined && convertOverhead > TARGETS.convertOverhead)
    missed.push(`mobi/azw3 stage ${(convertOverhead * 100).toFixed(1)}% over bare ebook-convert / jobs (target <= ${TARGETS.convertOverhead * 100}%)`);
  missed.push(...(statusPart?.missed ?? []), ...(indexPart?.missed ?? []), ...(pdfPart?.missed ?? []), ...(headingsPart?.missed ?? []));
  console.log(
    `targets: calibre >= ${TARGETS.calibreRatio}x, pandoc >= ${TARGETS.pandocRatio}x, en <= ${TARGETS.oneLanguageS} s, peak <= ${TARGETS.peakMiB} MiB, no-op <= ${TARGETS.noopS} s, mobi/azw3 stage <= +${TARGETS.convertOverhead * 100}%`,
  );
  if (missed.length) {
    console.error(`bench: missed: ${missed.join('; ')}`);
    process.exitCode = 1;
  } else console.log('bench: all targets met');
} finally {
  await rm(work, { recursive: true, force: true });
}
