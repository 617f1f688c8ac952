// Where one language's figures come from: its own figures/, its rendered figures-dia/, the shared figures/.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { languageDiagramsDir, languageFiguresDir } from '../layout/discover.js';
import type { BookLayout, FigureDirs, LanguageSource } from '../model/book.js';
import { renderDiagrams } from '../tools/dia.js';
import type { Diagnostic } from '../util/diagnostics.js';

export async function languageFigureDirs(lang: LanguageSource, layout: BookLayout, dia: string | false | undefined): Promise<{ dirs: FigureDirs; warnings: Diagnostic[] }> {
  const language = await languageFiguresDir(lang);
  // A diagram that already has a PNG in <lang>/figures needs no dia: that PNG wins anyway.
  const covered = (stem: string) => Boolean(language && ['.png', '-tn.png'].some((s) => existsSync(join(language, `${stem}${s}`))));
  const { rendered, warnings } = await renderDiagrams(await languageDiagramsDir(lang), { dia: dia || undefined, whyNoDia: dia === false ? 'of --no-dia' : undefined, covered });
  return { dirs: { language, shared: layout.sharedFigures, diagrams: rendered }, warnings };
}
