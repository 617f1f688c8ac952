// The bench's `status` part: on a generated book of 5,000 commits, 30 languages and 9 chapters
// (make-history-repo.ts), `status --json` without history (the same files, no .git), with it, and
// git's own walk (`git log --name-only`) for scale; then what `--html` adds.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { median, type Sample } from './bench-stats.js';
import { makeHistoryRepo } from './make-history-repo.js';

export const STATUS_TARGETS = { syncOverGitLog: 2, syncExtraS: 0.3, peakMiB: 200, htmlS: 0.1, currencyExtraS: 0.1 };

type Measure = (file: string, args: string[]) => Promise<Sample>;

export async function benchStatus(work: string, cli: string, runs: number, measure: Measure): Promise<{ lines: string[]; missed: string[] }> {
  const repo = join(work, 'history');
  const plain = join(work, 'history-plain');
  await makeHistoryRepo(repo, { commits: 5000, languages: 30, chapters: 9 });
  await mkdir(plain);
  await execa('git', ['-C', repo, 'archive', '--format=tar', '-o', join(work, 'history.tar'), 'HEAD']);
  await execa('tar', ['-xf', join(work, 'history.tar'), '-C', plain]);
  const cases = {
    gitLog: ['git', ['-C', repo, 'log', '--name-only', '--format=%H', 'HEAD']],
    noHistory: [process.execPath, [cli, 'status', plain, '--json']],
    history: [process.execPath, [cli, 'status', repo, '--json']],
    html: [process.execPath, [cli, 'status', repo, '--html', join(work, 'status.html')]],
    // The readers' line on how current a translation is: a build with the history against one without.
    buildHistory: [process.execPath, [cli, 'build', repo, '--format', 'html', '--lang', 'en,ja', '--out', join(work, 'history-out'), '--force', '--quiet']],
    buildPlain: [process.execPath, [cli, 'build', plain, '--format', 'html', '--lang', 'en,ja', '--out', join(work, 'plain-out'), '--force', '--quiet']],
  } as const;
  const samples = Object.fromEntries(Object.keys(cases).map((k) => [k, [] as Sample[]])) as Record<keyof typeof cases, Sample[]>;
  // Interleaved, so that whatever else the machine does falls on every case alike.
  for (let i = 0; i < runs; i++)
    for (const [name, [file, args]] of Object.entries(cases)) samples[name as keyof typeof cases].push(await measure(file, [...args]));
  const s = (k: keyof typeof cases) => median(samples[k].map((x) => x.seconds));
  const sync = s('history') - s('noHistory');
  const allowed = STATUS_TARGETS.syncOverGitLog * s('gitLog') + STATUS_TARGETS.syncExtraS;
  const html = s('html') - s('history');
  const currency = s('buildHistory') - s('buildPlain');
  const currencyAllowed = s('gitLog') + STATUS_TARGETS.currencyExtraS;
  const peaks = samples.history.map((x) => x.peakMiB).filter((x) => x !== undefined);
  const peak = peaks.length ? Math.max(...peaks) : undefined;
  const lines = [
    `status, 5,000 commits x 30 languages x 9 chapters, median of ${runs}: without history ${s('noHistory').toFixed(2)} s; with it ${s('history').toFixed(2)} s` +
      ` (peak ${peak?.toFixed(0) ?? '-'} MiB); git log --name-only ${s('gitLog').toFixed(2)} s; the sync adds ${sync.toFixed(2)} s` +
      ` (target <= ${STATUS_TARGETS.syncOverGitLog} x git log + ${STATUS_TARGETS.syncExtraS} s = ${allowed.toFixed(2)} s); --html adds ${(html * 1000).toFixed(0)} ms`,
    `build --format html --lang en,ja: ${s('buildPlain').toFixed(2)} s without history, ${s('buildHistory').toFixed(2)} s with it: the readers' line adds ${currency.toFixed(2)} s (target <= git log + ${STATUS_TARGETS.currencyExtraS} s = ${currencyAllowed.toFixed(2)} s)`,
  ];
  const missed: string[] = [];
  if (sync > allowed) missed.push(`status sync adds ${sync.toFixed(2)} s (target <= ${allowed.toFixed(2)} s)`);
  if (peak !== undefined && peak > STATUS_TARGETS.peakMiB) missed.push(`status peak memory ${peak.toFixed(0)} MiB (target <= ${STATUS_TARGETS.peakMiB} MiB)`);
  if (html > STATUS_TARGETS.htmlS) missed.push(`status --html adds ${(html * 1000).toFixed(0)} ms (target <= ${STATUS_TARGETS.htmlS * 1000} ms)`);
  if (currency > currencyAllowed) missed.push(`the readers' line adds ${currency.toFixed(2)} s to a build (target <= ${currencyAllowed.toFixed(2)} s)`);
  return { lines, missed };
}
