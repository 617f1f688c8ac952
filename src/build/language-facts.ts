// Each built language's completeness for the index page and the manifest: its chapters against the reference's and the share of the reference it has translated, by the
// same estimate as `status` (src/markdown/translation-estimate.ts). The estimate lexes every chapter
// of the language and of the reference, which costs more than a no-op build; it is remembered in the
// build cache under the chapter files' bytes, so an unchanged book only reads and hashes them.
import { createHash } from 'node:crypto';
import type { LanguageFacts } from '../catalog/manifest.js';
import { readSource } from '../markdown/source.js';
import { digestChapter, estimateTranslation, proseBlocks } from '../markdown/translation-estimate.js';
import { resolveReference } from '../layout/reference.js';
import type { LanguageSource } from '../model/book.js';
import { readBookFile } from '../util/book-file.js';
import type { BuildPlan } from './build-plan.js';

/** The book and its currency (`inputs`), this tool's code (`tools.self`) and the cache's store the estimates are kept in. */
type FactsPlan = Pick<BuildPlan, 'inputs' | 'tools' | 'caches'>;

/** readBookFile: a chapter that is a FIFO (its language failed, its old files kept) must not block the build's end. */
async function filesHash(lang: LanguageSource): Promise<string> {
  const h = createHash('sha256');
  for (const c of lang.chapters) for (const f of c.files) h.update(`${c.number}\0${f.slice(lang.dir.length)}\0`).update(await readBookFile(f));
  return h.digest('hex');
}

/** A file that cannot be read counts as absent, as in `status`. */
const languageBlocks = (lang: LanguageSource) => proseBlocks(lang.chapters, async (file) => digestChapter(await readSource(file).catch(() => '')));

const isEstimate = (v: unknown): v is { translated: number } =>
  typeof v === 'object' && v !== null && typeof (v as { translated?: unknown }).translated === 'number';

async function translated(
  plan: FactsPlan,
  reference: LanguageSource,
  lang: LanguageSource,
  referenceHash: string,
  refBlocks: () => Promise<Map<number, string[]>>,
) {
  if (lang === reference) return 100;
  const key = createHash('sha256')
    .update(`${plan.tools.self.code}\0${referenceHash}\0${await filesHash(lang)}`)
    .digest('hex');
  const hit = await plan.caches.store?.getEntry('translated', key, isEstimate);
  if (hit) return hit.translated;
  const estimate = estimateTranslation(await refBlocks(), await languageBlocks(lang));
  await plan.caches.store?.putEntry('translated', key, { translated: estimate.translated }).catch(() => {});
  return estimate.translated;
}

/** Completeness of the languages given; a language whose files cannot be read gets what can be known. */
export async function languageCompleteness(plan: FactsPlan, codes: readonly string[]): Promise<LanguageFacts[]> {
  const reference = resolveReference(plan.inputs.layout.languages, undefined, 'optional');
  let refBlocks: Promise<Map<number, string[]>> | undefined;
  const referenceHash = reference ? await filesHash(reference).catch(() => '') : '';
  const facts: LanguageFacts[] = [];
  for (const code of codes) {
    const lang = plan.inputs.layout.languages.find((l) => l.code === code);
    const own: LanguageFacts = { lang: code };
    if (lang) own.chapters = lang.chapters.length;
    if (lang && reference) {
      own.of = reference.chapters.length;
      own.translated = await translated(plan, reference, lang, referenceHash, () => (refBlocks ??= languageBlocks(reference))).catch(() => undefined);
    }
    const currency = plan.inputs.currency?.get(code);
    if (currency) own.currency = currency;
    facts.push(own);
  }
  return facts;
}
