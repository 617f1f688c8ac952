// serve's HTTP surface: the page at `/`, the event stream, 404 for the rest, on the loopback
// interface only and only for requests that name it.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { UserError } from '../util/diagnostics.js';
import type { EventClients } from './serve-events.js';
import { EVENTS_PATH, type Page } from './serve-page.js';

export const LOOPBACK = '127.0.0.1';

/** Requests must name the loopback host: a page on another site cannot read the preview through DNS rebinding. */
export function loopbackHost(hostHeader: string | undefined): boolean {
  const host = (hostHeader ?? '').replace(/:\d+$/, '').toLowerCase();
  return host === LOOPBACK || host === 'localhost' || host === '[::1]';
}

/** Listens on the loopback interface; resolves the port (the one chosen for 0), or rejects with a one-line reason. */
export function listen(server: Server, port: number): Promise<number> {
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

export interface PreviewSite {
  /** The page to serve now. */
  page(): Page;
  /** The version of that page: what a connecting event stream is told. */
  version(): string;
  events: EventClients;
}

function answer(site: PreviewSite, req: IncomingMessage, res: ServerResponse): void {
  if (!loopbackHost(req.headers.host)) {
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
    const remove = site.events.add(res, site.version());
    req.on('close', remove);
    return;
  }
  if (path === '/' || path === '/index.html') {
    const page = site.page();
    res.writeHead(page.status, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(req.method === 'HEAD' ? undefined : page.html);
    return;
  }
  res
    .writeHead(404, { 'Content-Type': 'text/html; charset=utf-8' })
    .end('<!DOCTYPE html><title>not found</title><p>The preview is at <a href="/">/</a>.</p>\n');
}

export function previewServer(site: PreviewSite): Server {
  return createServer((req, res) => answer(site, req, res));
}

/** Ends the event streams and every connection, then waits for the server to close. */
export function closeServer(server: Server, events: EventClients): Promise<void> {
  events.closeAll();
  return new Promise<void>((done) => {
    server.close(() => done());
    server.closeAllConnections();
  });
}
