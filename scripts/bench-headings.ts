// The bench's headings part: a one-chapter book of 10,000 and of 20,000 headings (half of them
// sharing one title, as "Summary" does in every chapter), built to HTML and EPUB. What it checks is
// the growth: twice the headings must cost at most 2.5 times the CPU time (a quadratic step, as the
// EPUB library's markup fixer and the id allocator were, costs 3.5 to 5 times as much). CPU time,
// not wall time: on a shared machine the wall clock of one run can double.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { median, type Sample } from './bench-stats.js';

export const HEADINGS_TARGET = { growth: 2.5 };

const SIZES = [10_000, 20_000];

async function makeBook(dir: string, headings: number): Promise<void> {
  await mkdir(join(dir, 'en', '01-a'), { recursive: true });
  const parts = ['# Chapter\n'];
  for (let i = 0; i < headings; i++) parts.push(`## ${i % 2 ? 'Summary' : `Section ${i}`}\n\nText ${i}.\n`);
  await writeFile(join(dir, 'en', '01-a', '01.markdown'), parts.join('\n'));
}

export async function benchHeadings(
  work: string,
  cli: string,
  runs: number,
  measure: (file: string, args: string[]) => Promise<Sample>,
): Promise<{ lines: string[]; missed: string[] }> {
  const medians: { headings: number; seconds: number; cpu: number; peakMiB?: number }[] = [];
  for (const headings of SIZES) {
    const book = join(work, `headings-${headings}`);
    await makeBook(book, headings);
    const samples: Sample[] = [];
    for (let i = 0; i < runs; i++)
      samples.push(await measure(process.execPath, [cli, 'build', book, '-f', 'html,epub', '-o', join(work, `headings-out-${headings}`), '-q', '--force']));
    medians.push({
      headings,
      seconds: median(samples.map((s) => s.seconds)),
      cpu: median(samples.map((s) => s.cpuSeconds ?? s.seconds)),
      peakMiB: samples.every((s) => s.peakMiB) ? Math.max(...samples.map((s) => s.peakMiB!)) : undefined,
    });
  }
  const growth = medians[1]!.cpu / medians[0]!.cpu;
  const lines = [
    `headings, one chapter, html+epub, median of ${runs}: ` +
      medians.map((m) => `${m.headings} ${m.seconds.toFixed(2)} s (CPU ${m.cpu.toFixed(2)} s${m.peakMiB ? `, ${m.peakMiB.toFixed(0)} MiB` : ''})`).join(', ') +
      `; twice the headings ${growth.toFixed(2)}x the CPU time (target <= ${HEADINGS_TARGET.growth}x)`,
  ];
  const missed = growth > HEADINGS_TARGET.growth ? [`twice the headings take ${growth.toFixed(2)}x the CPU time (target <= ${HEADINGS_TARGET.growth}x)`] : [];
  return { lines, missed };
}
