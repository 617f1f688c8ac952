// Where one language's figures come from: its own figures/, its figures-dia/ (rendered), the shared figures/.
import { readdir } from 'node:fs/promises';
import { languageDiagramsDir, languageFiguresDir } from '../layout/discover.js';
import { diagramSources, hasLanguageImage } from '../layout/figures.js';
import type { BookLayout, FigureDirs, LanguageSource } from '../model/book.js';
import { renderDiagrams } from '../tools/dia.js';
import type { Diagnostic } from '../util/diagnostics.js';

/**
 * `dia`: the dia to render `<lang>/figures-dia` with; `false` (--no-dia) or undefined (not
 * installed) uses the shared figures with a warning; `'sources'` (lint) counts a diagram source as
 * present without rendering it.
 */
export interface LanguageFigures {
  dirs: FigureDirs;
  warnings: Diagnostic[];
}

export async function languageFigureDirs(
  lang: LanguageSource,
  layout: BookLayout,
  dia: string | false | undefined | 'sources',
  signal?: AbortSignal,
): Promise<LanguageFigures> {
  const language = await languageFiguresDir(lang);
  const diagramDir = await languageDiagramsDir(lang);
  const sources = await diagramSources(diagramDir);
  // A diagram that already has an image in <lang>/figures is not needed: that image wins anyway.
  const languageFiles = language ? await readdir(language) : [];
  for (const stem of [...sources.keys()]) if (hasLanguageImage(languageFiles, stem)) sources.delete(stem);
  if (dia === 'sources') return { dirs: { language, shared: layout.sharedFigures, diagrams: sources }, warnings: [] };
  const { rendered, warnings } = await renderDiagrams(sources, {
    dia: dia || undefined,
    whyNoDia: dia === false ? 'of --no-dia' : undefined,
    dir: diagramDir,
    signal,
  });
  return { dirs: { language, shared: layout.sharedFigures, diagrams: rendered }, warnings };
}
