// One rendering of the previewed language, with the same stages as build (discovery, configuration,
// figures, the reader, the HTML writer), read afresh each time so that every change counts.
import { buildDate, resolveConfig } from '../config/metadata.js';
import { discoverBook } from '../layout/discover.js';
import { selectLanguages } from '../layout/select.js';
import { appendAll } from '../util/arrays.js';
import { UserError, formatDiagnostic, type Diagnostic } from '../util/diagnostics.js';
import { languageFigureDirs } from '../build/figure-dirs.js';
import { renderLanguage } from '../build/render-language.js';

export interface PreviewSource {
  root: string;
  lang: string;
  /** Configuration file instead of `<root>/book.json`. */
  config?: string;
  dia: string | false | undefined;
}

export function asDiagnostic(err: unknown): Diagnostic {
  if (err instanceof UserError) return err.diagnostic;
  return { severity: 'error', message: err instanceof Error ? err.message : String(err) };
}

/** The language's HTML and what was found on the way; no HTML when it cannot be rendered (its errors say why). */
export async function renderPreviewHtml(source: PreviewSource): Promise<{ html?: string; findings: Diagnostic[] }> {
  const findings: Diagnostic[] = [];
  try {
    const layout = await discoverBook(source.root);
    const [lang] = selectLanguages(layout.languages, [source.lang], source.root);
    const config = await resolveConfig(layout, source.config);
    appendAll(findings, [...config.warnings, ...lang!.problems]);
    const figures = await languageFigureDirs(lang!, layout, source.dia);
    const rendered = await renderLanguage({ lang: lang!, layout, config, figures, date: buildDate(), formats: ['html'] });
    appendAll(findings, rendered.warnings);
    if (rendered.refused && !findings.some((f) => f.severity === 'error')) findings.push({ severity: 'error', file: lang!.dir, message: rendered.refused });
    if (rendered.refused) return { findings };
    const bytes = await rendered.artifacts.get('html')!;
    appendAll(findings, rendered.writerWarnings);
    return { html: Buffer.from(bytes).toString('utf8'), findings };
  } catch (err) {
    findings.push(asDiagnostic(err));
    return { findings };
  }
}

/** Each finding is printed once while it lasts, not again on every save; one that goes and comes back is printed again. */
export class FindingsLog {
  private shown = new Set<string>();

  constructor(private readonly log: (level: 'warn' | 'error', message: string) => void) {}

  report(findings: Diagnostic[]): void {
    const lines = findings.map(formatDiagnostic);
    for (const [i, line] of lines.entries()) if (!this.shown.has(line)) this.log(findings[i]!.severity === 'error' ? 'error' : 'warn', line);
    this.shown = new Set(lines);
  }
}
