// serve(): a live HTML preview of one language for translators. The language is read and rendered
// in memory with the same reader and HTML writer as build, served on the loopback interface only,
// and rendered again when its sources, its figures, the shared figures or the configuration change;
// the open page then reloads itself (Server-Sent Events). A source error becomes the page, naming
// file and line, until the next good save.
import { existsSync, watch, type FSWatcher } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, dirname, join, resolve } from 'node:path';
import { buildDate, resolveConfig } from '../config/metadata.js';
import { discoverBook } from '../layout/discover.js';
import { findDia } from '../tools/dia.js';
import { DEFAULT_SERVE_PORT } from './serve-port.js';
import { UserError, formatDiagnostic, type Diagnostic } from '../util/diagnostics.js';
import { escapeXml } from '../util/xml.js';
import { availableCodes, selectLanguages } from '../layout/select.js';
import { languageFigureDirs } from './figure-dirs.js';
import { renderLanguage } from './render-language.js';
import { appendAll } from '../util/arrays.js';

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

export { DEFAULT_SERVE_PORT };
/** The event stream's path: under a prefix no book heading id can take. */
const EVENTS_PATH = '/__progit-ebook/events';
const LOOPBACK = '127.0.0.1';

interface Page {
  status: number;
  html: string;
}

/** The live-reload script and the warnings panel: only in the served page, never in a built file. */
function liveReload(version: string, warnings: Diagnostic[]): string {
  const panel = warnings.length
    ? `<details id="progit-ebook-serve-warnings" style="position:fixed;bottom:0;right:0;max-width:60ch;max-height:40vh;overflow:auto;margin:0;padding:.4em .8em;background:#fff8e1;border:1px solid #c9a227;font:13px/1.4 monospace;z-index:2147483647" dir="ltr">
<summary>${warnings.length} warning${warnings.length > 1 ? 's' : ''}</summary>
${warnings.map((w) => `<div>${escapeXml(formatDiagnostic(w))}</div>`).join('\n')}
</details>\n`
    : '';
  return `${panel}<script>
// progit-ebook serve: reload when the book changes, keeping the reading position.
(() => {
  const version = ${JSON.stringify(version)};
  const key = 'progit-ebook-serve-scroll';
  const saved = sessionStorage.getItem(key);
  if (saved !== null) { sessionStorage.removeItem(key); window.scrollTo(0, Number(saved)); }
  const events = new EventSource(${JSON.stringify(EVENTS_PATH)});
  events.addEventListener('version', (event) => {
    if (event.data === version) return;
    sessionStorage.setItem(key, String(window.scrollY));
    location.reload();
  });
})();
</script>
`;
}

function withLiveReload(html: string, version: string, warnings: Diagnostic[]): string {
  const end = html.lastIndexOf('</body>');
  const snippet = liveReload(version, warnings);
  return end < 0 ? html + snippet : html.slice(0, end) + snippet + html.slice(end);
}

function errorPage(lang: string, errors: Diagnostic[]): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeXml(lang)}: build failed</title>
<style>body { font: 15px/1.5 system-ui, sans-serif; margin: 2em; } pre { white-space: pre-wrap; background: #fdecea; border-left: 4px solid #c62828; padding: 1em; }</style>
</head>
<body>
<h1>${escapeXml(lang)}: the preview cannot be built</h1>
<p>Fix the source and save: this page reloads by itself.</p>
<pre id="progit-ebook-serve-errors">${errors.map((e) => escapeXml(formatDiagnostic(e))).join('\n')}</pre>
</body>
</html>
`;
}

function asDiagnostic(err: unknown): Diagnostic {
  if (err instanceof UserError) return err.diagnostic;
  return { severity: 'error', message: err instanceof Error ? err.message : String(err) };
}

/** Requests must name the loopback host: a page on another site cannot read the preview through DNS rebinding. */
function loopbackHost(req: IncomingMessage): boolean {
  const host = (req.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
  return host === LOOPBACK || host === 'localhost' || host === '[::1]';
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      const why =
        err.code === 'EADDRINUSE'
          ? `port ${port} on ${LOOPBACK} is in use: choose another with --port N, or --port 0 for a free one`
          : err.code === 'EACCES'
            ? `port ${port} needs privileges: choose a port above 1023 with --port N`
            : `cannot listen on ${LOOPBACK}:${port}: ${err.message}`;
      reject(new UserError({ message: why, rule: 'serve' }, 1));
    };
    server.once('error', onError);
    server.listen(port, LOOPBACK, () => {
      server.off('error', onError);
      resolvePort((server.address() as AddressInfo).port);
    });
  });
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
  const preview = new Preview(root, lang, options);
  // Listening first: a port in use is reported before any work.
  const actualPort = await listen(preview.server, port);
  try {
    await preview.render();
  } catch (err) {
    preview.server.close();
    throw err;
  }
  preview.watchBook(langDir, initial.sharedFigures);
  return { url: `http://${LOOPBACK}:${actualPort}/`, lang, close: () => preview.close() };
}

/** One language's preview: the page served now, the pages listening for a newer one, the watchers. */
class Preview {
  readonly server = createServer((req, res) => this.answer(req, res));
  private readonly log: NonNullable<ServeOptions['log']>;
  private readonly dia: string | false | undefined;
  /** A version unique across restarts, so a page left open from a previous server reloads too. */
  private readonly session = Date.now().toString(36);
  private builds = 0;
  /** Until the first rendering (a page still open from a previous server may ask already). */
  private page: Page;
  /** The version of `page`: what a connecting page is compared with (not a rendering still running). */
  private served: string;
  private shown = new Set<string>();
  private readonly clients = new Set<ServerResponse>();
  private readonly watchers: FSWatcher[] = [];
  private sharedWatched = false;
  private timer: NodeJS.Timeout | undefined;
  /** Renders are serialized: a change during one schedules exactly one more. */
  private running: Promise<void> | undefined;
  private again = false;
  private closed = false;

  constructor(
    private readonly root: string,
    private readonly lang: string,
    private readonly options: ServeOptions,
  ) {
    this.log = options.log ?? (() => {});
    this.dia = options.dia === false ? false : (options.dia ?? findDia());
    this.served = `${this.session}-0`;
    this.page = { status: 503, html: withLiveReload('<!DOCTYPE html><title>rendering</title><body><p>Rendering the preview…</p></body>', this.served, []) };
  }

  /** The language read and rendered again, with the same stages as build: its page, or the page of its errors. */
  async render(): Promise<void> {
    const t0 = performance.now();
    const version = `${this.session}-${++this.builds}`;
    const { html, findings } = await this.renderHtml();
    const errors = findings.filter((f) => f.severity === 'error');
    const warnings = findings.filter((f) => f.severity !== 'error');
    this.page =
      html !== undefined && errors.length === 0
        ? { status: 200, html: withLiveReload(html, version, warnings) }
        : { status: 500, html: withLiveReload(errorPage(this.lang, errors), version, []) };
    this.served = version;
    // Each finding is printed once while it lasts, not again on every save.
    const lines = findings.map(formatDiagnostic);
    for (const [i, line] of lines.entries()) if (!this.shown.has(line)) this.log(findings[i]!.severity === 'error' ? 'error' : 'warn', line);
    this.shown = new Set(lines);
    const ms = Math.round(performance.now() - t0);
    this.log(
      errors.length ? 'error' : 'info',
      `${this.lang}: ${errors.length ? `${errors.length} error${errors.length > 1 ? 's' : ''}, the page shows them` : 'rendered'} in ${ms} ms${warnings.length ? ` (${warnings.length} warning${warnings.length > 1 ? 's' : ''})` : ''}`,
    );
    for (const client of this.clients) sendVersion(client, version);
  }

  private async renderHtml(): Promise<{ html?: string; findings: Diagnostic[] }> {
    const findings: Diagnostic[] = [];
    try {
      const layout = await discoverBook(this.root);
      const [source] = selectLanguages(layout.languages, [this.lang], this.root);
      const config = await resolveConfig(layout, this.options.config);
      appendAll(findings, [...config.warnings, ...source!.problems]);
      const figures = await languageFigureDirs(source!, layout, this.dia);
      const rendered = await renderLanguage({ lang: source!, layout, config, figures, date: buildDate(), formats: ['html'] });
      appendAll(findings, rendered.warnings);
      if (rendered.refused && !findings.some((f) => f.severity === 'error')) findings.push({ severity: 'error', file: source!.dir, message: rendered.refused });
      if (rendered.refused) return { findings };
      const bytes = await rendered.artifacts.get('html')!;
      appendAll(findings, rendered.writerWarnings);
      return { html: Buffer.from(bytes).toString('utf8'), findings };
    } catch (err) {
      findings.push(asDiagnostic(err));
      return { findings };
    }
  }

  private answer(req: IncomingMessage, res: ServerResponse): void {
    if (!loopbackHost(req)) {
      res.writeHead(403, { 'Content-Type': 'text/plain; charset=utf-8' }).end(`progit-ebook serve answers only to ${LOOPBACK} and localhost\n`);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' }).end('only GET and HEAD\n');
      return;
    }
    const path = (req.url ?? '/').split('?')[0];
    if (path === EVENTS_PATH) {
      res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
      // A page that connects after a rendering it did not see reloads at once.
      res.write('retry: 1000\n\n');
      sendVersion(res, this.served);
      this.clients.add(res);
      req.on('close', () => this.clients.delete(res));
      return;
    }
    if (path === '/' || path === '/index.html') {
      res.writeHead(this.page.status, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : this.page.html);
      return;
    }
    res
      .writeHead(404, { 'Content-Type': 'text/html; charset=utf-8' })
      .end('<!DOCTYPE html><title>not found</title><p>The preview is at <a href="/">/</a>.</p>\n');
  }

  private rerender(): void {
    if (this.closed) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.render()
      .catch((err: unknown) => this.log('error', `${this.lang}: ${formatDiagnostic(asDiagnostic(err))}`))
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.rerender();
        }
      });
  }

  private changed(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.rerender(), this.options.debounceMs ?? 150);
  }

  /** The language's directory, the shared figures, the book's root (not recursively) and a configuration file elsewhere. */
  watchBook(langDir: string, sharedFigures: string | undefined): void {
    this.watchDir(langDir, true);
    if (sharedFigures) {
      this.sharedWatched = true;
      this.watchDir(sharedFigures, true);
    }
    // The root not recursively: book.json, a style sheet or a cover beside it, not the other languages' files.
    this.watchDir(this.root, false);
    const { config } = this.options;
    if (config && dirname(resolve(config)) !== this.root) this.watchDir(dirname(resolve(config)), false, new Set([basename(config)]));
  }

  private watchDir(dir: string, recursive: boolean, names?: Set<string>): void {
    try {
      const watcher = watch(dir, { recursive }, (_event, file) => {
        if (names && (file === null || !names.has(basename(file.toString())))) return;
        // A shared figures/ made after the start is watched from then on.
        if (dir === this.root && file?.toString() === 'figures' && !this.sharedWatched && existsSync(join(this.root, 'figures'))) {
          this.sharedWatched = true;
          this.watchDir(join(this.root, 'figures'), true);
        }
        this.changed();
      });
      // A watched directory that disappears is reported, not fatal: the next rendering says what is missing.
      watcher.on('error', (err) => this.log('warn', `${dir}: warning: stopped watching: ${err.message}`));
      this.watchers.push(watcher);
    } catch (err) {
      this.log('warn', `${dir}: warning: cannot watch for changes: ${(err as Error).message}`);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.timer);
    for (const w of this.watchers) w.close();
    for (const client of this.clients) client.end();
    this.clients.clear();
    await new Promise<void>((done) => {
      this.server.close(() => done());
      this.server.closeAllConnections();
    });
    await this.running;
  }
}

function sendVersion(res: ServerResponse, version: string): void {
  res.write(`event: version\ndata: ${version}\n\n`);
}
