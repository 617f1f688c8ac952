// Reader: a language's chapter files -> one LanguageDocument (chapters split at h1, a
// three-level table of contents, resolved figures, diagnostics with file:line). Its parts: each
// file's tokens checked and resolved (language-reader.ts), the nesting guard (nesting.ts), chapter
// planning (chapter-plan.ts) and same-document links (anchors.ts).
import { decodeHTML } from 'entities';
import type { FigureDirs, LanguageMetadata, LanguageSource } from '../model/book.js';
import type { DocChapter, LanguageDocument } from '../model/document.js';
import { UserError } from '../util/diagnostics.js';
import { appendAll } from '../util/arrays.js';
import { checkAnchors } from './anchors.js';
import { isH1, planChapters, pruneToc } from './chapter-plan.js';
import { joinWideLines } from './cjk.js';
import { IdAllocator } from './ids.js';
import { checkedCover, dropBadImages } from './image-files.js';
import { LanguageReader, type Located } from './language-reader.js';
import { markdown, plainText } from './render.js';
import { finishChapter, settleLinkTargets } from './sanitize.js';
import { readSource } from './source.js';

/** Commands and code read left to right in every language, also inside right-to-left text. */
function codeLeftToRight(html: string): string {
  return html.replace(/<pre>/g, '<pre dir="ltr">');
}

export interface ReadOptions {
  /** Linting: a file that cannot be read becomes an error finding and the others are still read. */
  collectErrors?: boolean;
  /** Sees every top-level token, for rules that look at the sources as written. */
  onToken?: (item: Located) => void;
}

/**
 * Reads every chapter file of a language once and renders it. `metadataFor` receives the first
 * h1 so that books without a configured title can fall back to it.
 */
export async function readLanguage(
  lang: LanguageSource,
  figureDirs: FigureDirs,
  bookRoot: string,
  metadataFor: (firstHeading: string | undefined) => LanguageMetadata,
  options: ReadOptions = {},
): Promise<LanguageDocument> {
  const reader = new LanguageReader(figureDirs, bookRoot);
  const located: Located[] = [];
  const files = lang.chapters.flatMap((chapter) => chapter.files.map((file) => ({ chapter, file })));
  for (const { chapter, file } of files) {
    try {
      appendAll(located, reader.readFile(file, await readSource(file), chapter));
    } catch (err) {
      if (!options.collectErrors || !(err instanceof UserError)) throw err;
      reader.warnings.push(err.diagnostic);
    }
  }
  if (options.onToken) for (const item of located) options.onToken(item);
  const badImages = await dropBadImages(reader.assets, reader.uses, reader.warnings);
  const firstHeading = located.map((l) => l.token).find(isH1);
  const meta = metadataFor(firstHeading ? plainText(firstHeading.tokens) : undefined);
  meta.cover = await checkedCover(meta.cover, reader.warnings);
  const ids = new IdAllocator();
  const planned = planChapters(located, meta.chapterLabel, reader.warnings, ids);
  for (const id of reader.htmlIds) ids.reserve(id);
  checkAnchors(reader.anchors, located, ids, reader.warnings);
  const html = settleLinkTargets(await Promise.all(planned.map((p) => finishChapter(joinWideLines(codeLeftToRight(markdown.parser(p.tokens))), p.rawHtml))));
  // Whatever the sanitizer had to drop, the table of contents only points at ids that exist.
  planned.forEach((p, i) => pruneToc(p.toc, new Set([...html[i]!.matchAll(/\sid="([^"]*)"/g)].map((m) => decodeHTML(m[1]!)))));
  const chapters: DocChapter[] = planned.map((p, i) => ({ fileBase: p.fileBase, title: p.title, number: p.number, html: html[i]!, toc: p.toc }));
  return { meta, chapters, assets: reader.assets, missing: [...reader.missing].sort(), badImages, warnings: reader.warnings };
}
