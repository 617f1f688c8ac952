// The bench's `index` part, on a generated release of 33 languages x 5 formats (165 files of about
// the sizes of Pro Git's, whose EPUB is 4 MB: 16 MB a language): what the index costs a build (the files' sizes and times checked
// against the manifest, the page rendered and written: the end of every build), and
// `progit-ebook index <dir>` without a manifest, which hashes every file, against `sha256sum` on the
// same files (both with the files in the page cache).
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { presentFiles, sha256File } from '../src/catalog/directory-state.js';
import { MANIFEST_NAME, type RecordedFile } from '../src/catalog/manifest.js';
import { pageLanguages, writeIndexFile } from '../src/catalog/write-index.js';
import { median } from './bench-stats.js';

export const INDEX_TARGETS = { buildMs: 50, overSha256sumS: 0.3, manyFilesS: 5, manyFilesRatio: 9 };

/** The many-files part: one language, many books' small files (issue 24: `index` was quadratic in them). */
const MANY = [5_000, 30_000];

const LANGS = 33;
const SIZES = { html: 1_300_000, epub: 4_000_000, mobi: 4_300_000, azw3: 3_900_000, pdf: 2_600_000 };

async function makeRelease(dir: string): Promise<RecordedFile[]> {
  // One random block repeated: the bytes need not differ, only be hashed.
  const block = randomBytes(1 << 20);
  const files: RecordedFile[] = [];
  for (let i = 0; i < LANGS; i++) {
    const lang = `l${String.fromCharCode(97 + Math.floor(i / 26))}${String.fromCharCode(97 + (i % 26))}`;
    for (const [format, bytes] of Object.entries(SIZES)) {
      const file = `progit.${lang}.${format}`;
      const data = Buffer.concat(Array.from({ length: Math.ceil(bytes / block.length) }, () => block)).subarray(0, bytes);
      await writeFile(join(dir, file), data);
      files.push({ lang, format, file, bytes, sha256: await sha256File(join(dir, file)), mtimeMs: (await stat(join(dir, file))).mtimeMs });
    }
  }
  return files;
}

export async function benchIndex(work: string, cli: string, runs: number): Promise<{ lines: string[]; missed: string[] }> {
  const dir = join(work, 'release');
  await mkdir(dir, { recursive: true });
  const recorded = await makeRelease(dir);
  const buildMs: number[] = [];
  const indexS: number[] = [];
  const sumS: number[] = [];
  const names = (await readdir(dir)).filter((n) => n.startsWith('progit.')).sort();
  for (let i = 0; i < runs; i++) {
    // What a build does at its end for the index (build/release-record.ts), without the build.
    const t0 = performance.now();
    const files = await presentFiles(dir, recorded, (m) => {
      throw new Error(m);
    });
    await writeIndexFile(dir, { title: 'Pro Git', languages: pageLanguages(files, []), date: '2026-12-04T00:00:00Z', tool: '0.1.0', calibre: '6.13.0' });
    buildMs.push(performance.now() - t0);
    // Interleaved, so that whatever else the machine does falls on both alike.
    await rm(join(dir, MANIFEST_NAME), { force: true });
    const t1 = performance.now();
    await execa(process.execPath, [cli, 'index', dir, '-q']);
    indexS.push((performance.now() - t1) / 1000);
    const t2 = performance.now();
    await execa('sha256sum', ['--', ...names], { cwd: dir });
    sumS.push((performance.now() - t2) / 1000);
  }
  await rm(dir, { recursive: true, force: true });
  const many = await benchManyFiles(work, cli, runs);
  const [b, x, s] = [median(buildMs), median(indexS), median(sumS)];
  const totalMB = recorded.reduce((n, f) => n + f.bytes, 0) / 1e6;
  const lines = [
    `index, ${LANGS} languages x 5 formats (${recorded.length} files, ${totalMB.toFixed(0)} MB), median of ${runs}: in a build (sizes and times against the manifest) ${b.toFixed(1)} ms` +
      ` (target <= ${INDEX_TARGETS.buildMs} ms); \`index <dir>\` without a manifest ${x.toFixed(2)} s, sha256sum ${s.toFixed(2)} s` +
      ` (target <= sha256sum + ${INDEX_TARGETS.overSha256sumS} s = ${(s + INDEX_TARGETS.overSha256sumS).toFixed(2)} s)`,
  ];
  lines.push(...many.lines);
  const missed: string[] = [...many.missed];
  if (b > INDEX_TARGETS.buildMs) missed.push(`the index adds ${b.toFixed(1)} ms to a build (target <= ${INDEX_TARGETS.buildMs} ms)`);
  if (x > s + INDEX_TARGETS.overSha256sumS) missed.push(`index <dir> ${x.toFixed(2)} s (target <= ${(s + INDEX_TARGETS.overSha256sumS).toFixed(2)} s)`);
  return { lines, missed };
}

/**
 * `progit-ebook index <dir>` over 5,000 and 30,000 one-byte files of one language, with the
 * manifest the first run wrote (the sizes and times checked, the page and the manifest written):
 * linear, so 6 times the files may take at most INDEX_TARGETS.manyFilesRatio times as long.
 */
async function benchManyFiles(work: string, cli: string, runs: number): Promise<{ lines: string[]; missed: string[] }> {
  const seconds: number[] = [];
  for (const count of MANY) {
    const dir = join(work, `many-${count}`);
    await mkdir(dir, { recursive: true });
    for (let i = 0; i < count; i++) await writeFile(join(dir, `b${i}.en.html`), 'x');
    await execa(process.execPath, [cli, 'index', dir, '-q']);
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      await execa(process.execPath, [cli, 'index', dir, '-q']);
      times.push((performance.now() - t0) / 1000);
    }
    seconds.push(median(times));
    await rm(dir, { recursive: true, force: true });
  }
  const [few, most] = [seconds[0]!, seconds[1]!];
  const ratio = most / few;
  const lines = [
    `index, ${MANY.map((n) => n.toLocaleString('en')).join(' and ')} files of one language with their manifest, median of ${runs}: ${few.toFixed(2)} s and ${most.toFixed(2)} s` +
      ` (target <= ${INDEX_TARGETS.manyFilesS} s; ${ratio.toFixed(1)} times as long for ${MANY[1]! / MANY[0]!} times the files, target <= ${INDEX_TARGETS.manyFilesRatio})`,
  ];
  const missed: string[] = [];
  if (most > INDEX_TARGETS.manyFilesS) missed.push(`index over ${MANY[1]} files ${most.toFixed(2)} s (target <= ${INDEX_TARGETS.manyFilesS} s)`);
  if (ratio > INDEX_TARGETS.manyFilesRatio)
    missed.push(`index grows faster than its files: ${ratio.toFixed(1)} times as long (target <= ${INDEX_TARGETS.manyFilesRatio})`);
  return { lines, missed };
}
