// Worker thread for fuzz.test.ts: reads one generated book (readLanguage, then the HTML writer) and
// reports what happened. It runs in a worker so that a case that never ends (a regular expression
// backtracking forever, a loop) can be stopped with worker.terminate() and reported with its input.
import { parentPort } from 'node:worker_threads';
import { languageMetadata, resolveConfig } from '../../src/config/metadata.js';
import { discoverBook } from '../../src/layout/discover.js';
import { readLanguage } from '../../src/markdown/document.js';
import { UserError, type Diagnostic } from '../../src/util/diagnostics.js';
import { htmlWriter } from '../../src/writers/html.js';
import { languageFigureDirs } from '../../src/build/figure-dirs.js';

export interface FuzzRequest {
  id: number;
  /** The book directory. */
  root: string;
}

export type FuzzOutcome =
  | { kind: 'ok'; chapterHtml: string[]; html: string; warnings: Diagnostic[]; assets: string[] }
  | { kind: 'user-error'; diagnostic: Diagnostic }
  | { kind: 'bug'; name: string; message: string; stack: string };

export type FuzzResponse = { id: number } & FuzzOutcome;

async function readBook(root: string): Promise<FuzzOutcome> {
  try {
    const layout = await discoverBook(root);
    const config = await resolveConfig(layout);
    const lang = layout.languages[0];
    if (!lang) return { kind: 'bug', name: 'NoLanguage', message: `no language discovered in ${root}`, stack: '' };
    const figures = await languageFigureDirs(lang, layout, false);
    const doc = await readLanguage(lang, figures.dirs, layout.root, (first) => languageMetadata(layout, config, lang.code, first, '2020-01-01T00:00:00Z'));
    const warnings: Diagnostic[] = [...doc.warnings];
    const bytes = await htmlWriter.render({
      doc,
      tools: {},
      artifact: () => Promise.reject(new Error('the fuzzer renders HTML only')),
      warn: (d) => warnings.push({ severity: 'warning', ...d }),
    });
    return {
      kind: 'ok',
      chapterHtml: doc.chapters.map((c) => c.html),
      html: Buffer.from(bytes).toString('utf8'),
      warnings,
      assets: [...doc.assets.values()].map((a) => a.path),
    };
  } catch (err) {
    if (err instanceof UserError) return { kind: 'user-error', diagnostic: err.diagnostic };
    const e = err instanceof Error ? err : new Error(String(err));
    return { kind: 'bug', name: e.name, message: e.message, stack: e.stack ?? '' };
  }
}

parentPort?.on('message', (request: FuzzRequest) => {
  void readBook(request.root).then((outcome) => parentPort!.postMessage({ id: request.id, ...outcome } satisfies FuzzResponse));
});
