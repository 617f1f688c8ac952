// A generated book with a long git history, for the `status` bench: a reference language and its
// translations, each with numbered chapters, changed commit by commit with fixed dates and a
// seeded random choice, so every run makes the same repository (the same hashes). Written with
// `git fast-import` (one process, seconds for thousands of commits); nothing is checked in.
//   node lib/scripts/make-history-repo.js DIR [--commits 5000] [--languages 30] [--chapters 9]
import { mkdir } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';

export interface HistoryRepoShape {
  commits: number;
  languages: number;
  chapters: number;
}

const CODES = 'en ar az be ca cs de eo es es-ni fa fi fr hi hu id it ja ko mk nl no-nb pl pt-br ro ru sr th tr uk vi zh zh-tw'.split(' ');

/** A small deterministic generator (mulberry32): the same seed, the same history. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const data = (text: string) => `data ${Buffer.byteLength(text)}\n${text}\n`;

/** The fast-import stream: an initial commit of every file, then one change a commit, with a merged side branch every 50. */
export function historyStream(shape: HistoryRepoShape, seed = 1): string {
  const next = random(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]!;
  const langs = Array.from({ length: shape.languages }, (_, i) => CODES[i] ?? `x${i}`);
  const chapters = Array.from({ length: shape.chapters }, (_, i) => i + 1);
  const path = (lang: string, n: number) => `${lang}/${String(n).padStart(2, '0')}-chapter-${n}/01-chapter${n}.markdown`;
  const files = new Map<string, string[]>();
  for (const lang of langs)
    for (const n of chapters) files.set(path(lang, n), [`# ${lang} chapter ${n} #`, ...Array.from({ length: 40 }, (_, i) => `Line ${i} of ${lang}.`)]);
  const out: string[] = [];
  let mark = 0;
  const commit = (ref: string, message: string, changed: string[], extra = '') => {
    mark++;
    const when = 1_300_000_000 + mark * 3600;
    out.push(`commit ${ref}\nmark :${mark}\ncommitter Bench <bench@example.com> ${when} +0000\n${data(message)}${extra}`);
    for (const p of changed) out.push(`M 100644 inline ${p}\n${data(files.get(p)!.join('\n') + '\n')}`);
    return mark;
  };
  const edit = (p: string) => {
    const lines = files.get(p)!;
    for (let k = 1 + Math.floor(next() * 3); k > 0; k--)
      lines[1 + Math.floor(next() * (lines.length - 1))] = `Changed at ${mark} (${next().toString(36).slice(2, 8)}).`;
    if (next() < 0.3) lines.push(`Added at ${mark}.`);
    return [p];
  };
  commit('refs/heads/main', 'Start the book', [...files.keys()]);
  while (mark < shape.commits) {
    if (mark % 50 === 49 && mark + 2 <= shape.commits) {
      const side = commit('refs/heads/side', 'A change on a side branch', edit(path(langs[0]!, pick(chapters))), `from :${mark - 10}\n`);
      commit('refs/heads/main', 'Merge the side branch', [], `from :${side - 1}\nmerge :${side}\n`);
      continue;
    }
    const lang = next() < 0.35 ? langs[0]! : pick(langs.slice(1));
    const n = pick(chapters);
    const message =
      lang === langs[0] ? `Reword chapter ${n}` : next() < 0.3 ? `[${lang}] Sync with ${Math.floor(next() * 2 ** 28).toString(16)}` : `[${lang}] chapter ${n}`;
    commit('refs/heads/main', message, edit(path(lang, n)), mark > 0 ? `from :${mark}\n` : '');
  }
  return out.join('');
}

/** Makes the repository in `dir` (which must not hold one yet) and checks out its main branch. */
export async function makeHistoryRepo(dir: string, shape: HistoryRepoShape): Promise<void> {
  await mkdir(dir, { recursive: true });
  await execa('git', ['init', '-q', '-b', 'main', dir]);
  await execa('git', ['-C', dir, 'fast-import', '--quiet'], { input: historyStream(shape) });
  await execa('git', ['-C', dir, 'checkout', '-q', '-f', 'main']);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { commits: { type: 'string', default: '5000' }, languages: { type: 'string', default: '30' }, chapters: { type: 'string', default: '9' } },
  });
  if (positionals.length !== 1) {
    console.error('usage: make-history-repo DIR [--commits N] [--languages N] [--chapters N]');
    process.exit(2);
  }
  await makeHistoryRepo(positionals[0]!, { commits: Number(values.commits), languages: Number(values.languages), chapters: Number(values.chapters) });
}
