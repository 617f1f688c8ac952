// serve(): a live HTML preview of one language for translators. The language is read and rendered
// in memory with the same reader and HTML writer as build, served on the loopback interface only,
// and rendered again when its sources, its figures, the shared figures or the configuration change;
// the open page then reloads itself (Server-Sent Events). A source error becomes the page, naming
// file and line, until the next good save. The parts: serve-page.ts (what is sent), serve-http.ts
// (the server), serve-events.ts (the event streams), serve-watch.ts (watching, debounce, one
// rendering at a time), serve-render.ts (one rendering).
import { resolve } from 'node:path';
import { findDia } from '../tools/dia.js';
import { discoverBook } from '../layout/discover.js';
import { availableCodes, selectLanguages } from '../layout/select.js';
import { UserError, formatDiagnostic } from '../util/diagnostics.js';
import { EventClients } from './serve-events.js';
import { LOOPBACK, closeServer, listen, previewServer } from './serve-http.js';
import { previewPage, renderSummary, renderingPage, type Page } from './serve-page.js';
import { DEFAULT_SERVE_PORT } from './serve-port.js';
import { FindingsLog, asDiagnostic, renderPreviewHtml, type PreviewSource } from './serve-render.js';
import { BookWatcher, SerialRunner, debounce } from './serve-watch.js';

export interface ServeOptions {
  /** Book directory (default: the current directory). */
  book?: string;
  /** The language to preview; may be left out when the book has only one. */
  lang?: string;
  /** TCP port on 127.0.0.1 (default 4000); 0 picks a free one (see the returned url). */
  port?: number;
  /** Configuration file instead of `<book>/book.json`. */
  config?: string;
  /** dia for `<lang>/figures-dia` (default: $DIA, then PATH); false: the shared figures. */
  dia?: string | false;
  /** Quiet time after the last change before rendering again, so a save of many files renders once (default 150 ms). */
  debounceMs?: number;
  /** Progress for a human (the CLI prints it to stderr). */
  log?: (level: 'info' | 'warn' | 'error', message: string) => void;
}

export interface ServeHandle {
  /** `http://127.0.0.1:PORT/`. */
  url: string;
  /** The language served. */
  lang: string;
  /** Stops watching, ends the open pages' event streams and closes the server. */
  close(): Promise<void>;
}

/** Starts the preview server; resolves once the first rendering is served. */
export async function serve(options: ServeOptions = {}): Promise<ServeHandle> {
  const root = resolve(options.book ?? '.');
  const port = options.port ?? DEFAULT_SERVE_PORT;
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UserError({ message: `port must be a whole number from 0 to 65535, not ${port}`, rule: 'usage' }, 2);
  // The language must exist when the server starts; later a missing one is just an error page.
  const initial = await discoverBook(root);
  if (!options.lang && initial.languages.length > 1) {
    throw new UserError({ message: `serve previews one language: add --lang (available: ${availableCodes(initial.languages)})`, rule: 'usage' }, 2);
  }
  const { code: lang, dir: langDir } = selectLanguages(initial.languages, options.lang ? [options.lang] : undefined, root)[0]!;
  const dia = options.dia === false ? false : (options.dia ?? findDia());
  const preview = new Preview({ root, lang, config: options.config, dia }, options.log ?? (() => {}));
  // Listening first: a port in use is reported before any work.
  const actualPort = await listen(preview.server, port);
  try {
    await preview.render();
  } catch (err) {
    preview.server.close();
    throw err;
  }
  preview.watch(langDir, initial.sharedFigures, options.debounceMs ?? 150);
  return { url: `http://${LOOPBACK}:${actualPort}/`, lang, close: () => preview.close() };
}

/** One language's preview: the page served now, the pages listening for a newer one, what renders it again. */
class Preview {
  private readonly events = new EventClients();
  /** A version unique across restarts, so a page left open from a previous server reloads too. */
  private readonly session = Date.now().toString(36);
  private builds = 0;
  /** The version of `page`: what a connecting page is compared with (not a rendering still running). */
  private served = `${this.session}-0`;
  private page: Page = renderingPage(this.served);
  readonly server = previewServer({ page: () => this.page, version: () => this.served, events: this.events });
  private readonly findings: FindingsLog;
  private readonly loop: SerialRunner;
  private watcher: BookWatcher | undefined;
  private changed: { cancel(): void } | undefined;
  private closing: Promise<void> | undefined;

  constructor(
    private readonly source: PreviewSource,
    private readonly log: NonNullable<ServeOptions['log']>,
  ) {
    this.findings = new FindingsLog(log);
    this.loop = new SerialRunner(
      () => this.render(),
      (err) => log('error', `${source.lang}: ${formatDiagnostic(asDiagnostic(err))}`),
    );
  }

  /** The language read and rendered again: its page, or the page of its errors. */
  async render(): Promise<void> {
    const t0 = performance.now();
    const version = `${this.session}-${++this.builds}`;
    const { html, findings } = await renderPreviewHtml(this.source);
    this.page = previewPage(this.source.lang, version, html, findings);
    this.served = version;
    this.findings.report(findings);
    const failed = findings.some((f) => f.severity === 'error');
    this.log(failed ? 'error' : 'info', renderSummary(this.source.lang, findings, Math.round(performance.now() - t0)));
    this.events.broadcast(version);
  }

  watch(langDir: string, sharedFigures: string | undefined, debounceMs: number): void {
    const changed = debounce(() => this.loop.request(), debounceMs);
    this.changed = changed;
    this.watcher = new BookWatcher({ root: this.source.root, langDir, sharedFigures, config: this.source.config }, () => changed.trigger(), this.log);
  }

  close(): Promise<void> {
    return (this.closing ??= this.shutdown());
  }

  private async shutdown(): Promise<void> {
    const running = this.loop.stop();
    this.changed?.cancel();
    this.watcher?.close();
    this.watcher = undefined;
    await closeServer(this.server, this.events);
    await running;
  }
}
