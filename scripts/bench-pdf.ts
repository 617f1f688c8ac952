// The bench's `pdf` part: progit-ebook's PDF of one language (the whole command: the HTML page
// rendered, then printed twice by Chromium) beside calibre's own plain conversion of the same
// language's EPUB (`ebook-convert book.epub book.pdf`, no options), one after the other.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { median, type Sample } from './bench-stats.js';

export const PDF_TARGETS = { calibreRatio: 2 };

/** calibre prints with QtWebEngine, which as root runs only without its sandbox (as the build's own calibre runs do). */
const CALIBRE_ENV: Record<string, string> = { QT_QPA_PLATFORM: 'offscreen', ...(process.getuid?.() === 0 ? { QTWEBENGINE_DISABLE_SANDBOX: '1' } : {}) };

type Measure = (file: string, args: string[], env?: Record<string, string>, keepStderr?: boolean, cwd?: string) => Promise<Sample>;

export async function benchPdf(
  work: string,
  lang: string,
  runs: number,
  build: (args: string[]) => Promise<Sample>,
  measure: Measure,
  ebookConvert: string,
): Promise<{ lines: string[]; missed: string[] }> {
  const out = join(work, 'pdf');
  // The EPUB calibre converts: the same language's, as this build writes it.
  await build(['-l', lang, '-f', 'epub', '-o', out, '-q', '--force', '--no-index']);
  const epub = (await readdir(out)).find((f) => f.endsWith(`.${lang}.epub`))!;
  const ours: number[] = [];
  const calibre: number[] = [];
  for (let i = 0; i < runs; i++) {
    ours.push((await build(['-l', lang, '-f', 'pdf', '-o', join(work, 'pdf-ours'), '-q', '--force', '--no-index'])).seconds);
    calibre.push((await measure(ebookConvert, [epub, `calibre.${lang}.pdf`], CALIBRE_ENV, false, out)).seconds);
  }
  const ratio = median(calibre) / median(ours);
  const lines = [
    `pdf, ${lang}: progit-ebook build -f pdf ${median(ours).toFixed(1)} s (median of ${runs}); calibre's plain ebook-convert of the same EPUB ${median(calibre).toFixed(1)} s; ${ratio.toFixed(1)}x faster (target >= ${PDF_TARGETS.calibreRatio}x)`,
  ];
  const missed =
    ratio < PDF_TARGETS.calibreRatio ? [`pdf only ${ratio.toFixed(1)}x faster than calibre's plain conversion (target >= ${PDF_TARGETS.calibreRatio}x)`] : [];
  return { lines, missed };
}
