// The preview's HTTP server on 127.0.0.1: the site from memory, and Server-Sent Events for live reload.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { EVENTS_PATH, type Site } from './site.js';

export interface PreviewServer {
  url: string;
  port: number;
  /** Replaces the content served and tells every open page to refresh. */
  publish(site: Site): void;
  /** Tells open pages the build failed (they keep showing the last good content). */
  problems(text: string): void;
  close(): Promise<void>;
}

const SECURITY_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  // The pages' own inline live-reload script and nothing from elsewhere.
  'Content-Security-Policy': "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'",
};

/**
 * Serves a Site from memory on 127.0.0.1. Only paths that are keys of the map exist: no file
 * system path is ever built from a request, so nothing outside the preview's content can be
 * reached. Server-Sent Events at EVENTS_PATH carry `reload` and `problems`.
 */
export function startPreviewServer(initial: Site, port: number): Promise<PreviewServer> {
  let site = initial;
  const clients = new Set<http.ServerResponse>();
  const send = (event: string, data: string) => {
    const payload = `event: ${event}\n${data.split('\n').map((l) => `data: ${l}`).join('\n')}\n\n`;
    for (const c of clients) c.write(payload);
  };
  const server = http.createServer((req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD', ...SECURITY_HEADERS }).end();
      return;
    }
    // Only this machine's names: a page elsewhere cannot reach the preview through DNS rebinding.
    const host = (req.headers.host ?? '').replace(/:\d+$/, '');
    if (host !== '127.0.0.1' && host !== 'localhost') {
      res.writeHead(403, SECURITY_HEADERS).end('forbidden\n');
      return;
    }
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
    } catch {
      res.writeHead(400, SECURITY_HEADERS).end('bad request\n');
      return;
    }
    if (pathname === EVENTS_PATH) {
      res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive', ...SECURITY_HEADERS });
      res.write('retry: 500\n\n');
      clients.add(res);
      req.on('close', () => clients.delete(res));
      return;
    }
    const file = site.get(pathname);
    if (!file) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS }).end('not found\n');
      return;
    }
    res.writeHead(200, { 'Content-Type': file.type, 'Content-Length': file.body.length, 'Cache-Control': 'no-store', ...SECURITY_HEADERS });
    res.end(req.method === 'HEAD' ? undefined : file.body);
  });
  const heartbeat = setInterval(() => {
    for (const c of clients) c.write(': keep-alive\n\n');
  }, 15_000);
  heartbeat.unref();
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const actual = (server.address() as AddressInfo).port;
      resolve({
        url: `http://127.0.0.1:${actual}/`,
        port: actual,
        publish(next) {
          site = next;
          send('reload', String(Date.now()));
        },
        problems(text) {
          send('problems', text);
        },
        close() {
          clearInterval(heartbeat);
          for (const c of clients) c.end();
          return new Promise((r) => server.close(() => r()));
        },
      });
    });
  });
}
