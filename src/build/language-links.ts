// The HTML pages link one another (writers/html-languages.ts), and each is rendered before it is
// known whether every other language will build: a language that fails later would be linked from
// pages that went out before. So once every language has had its turn, the pages this build wrote
// lose their links to the languages of this build whose page is not there (it failed, and no earlier
// build's page is left). What is rendered and cached is the page of a whole release, so a build
// whose languages all succeed, or a later one after the fix, writes the same bytes as ever; the
// rewrite depends only on which pages the directory holds. Languages of other shards are not this
// build's to judge: their pages are in other jobs' directories.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sha256 } from '../cache/store.js';
import { bookName } from '../config/metadata.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { withoutLanguages } from '../writers/html-languages.js';
import type { BuildPlan } from './build-plan.js';
import type { LanguageReport, OutputReport } from './build-types.js';

const HTML = 'html';

export async function unlinkMissingPages(
  { inputs, formats, sinks }: Pick<BuildPlan, 'inputs' | 'formats' | 'sinks'>,
  languages: readonly LanguageReport[],
): Promise<LanguageReport[]> {
  const writer = formats.writers.find((w) => w.format === HTML);
  if (!writer || sinks.signal?.aborted || inputs.release.length < 2) return [...languages];
  const name = bookName(inputs.layout, inputs.config);
  const building = new Set(languages.map((l) => l.lang));
  const gone = inputs.release.filter((l) => building.has(l.code) && !existsSync(join(inputs.outDir, `${name}.${l.code}.${writer.extension}`)));
  if (gone.length === 0) return [...languages];
  const relink = async (output: OutputReport): Promise<OutputReport> => {
    if (output.format !== HTML) return output;
    const html = await readFile(output.path, 'utf8');
    const page = withoutLanguages(html, { name }, gone);
    if (page === html) return output;
    await writeFileAtomic(output.path, page);
    return { ...output, bytes: Buffer.byteLength(page), sha256: sha256(Buffer.from(page)) };
  };
  return Promise.all(
    languages.map(async (report) => {
      try {
        return { ...report, outputs: await Promise.all(report.outputs.map(relink)) };
      } catch (err) {
        // The page as rendered stays: a link too many, never a page lost.
        sinks.log('warn', `${report.lang} html: cannot take the links to ${gone.map((l) => l.code).join(', ')} out of the page: ${(err as Error).message}`);
        return report;
      }
    }),
  );
}
