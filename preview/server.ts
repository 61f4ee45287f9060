/**
 * The demo's web server: the preview page, the harness vendor bundle (/harness/), the built plugin
 * (/dist/) and the preview script (/preview/), with the companion's API (/api/, /-/, /metrics)
 * proxied to the companion on its own loopback port. One origin, so the page needs no CORS.
 */
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { ICONS_PREFIX, type Mount, PLUGIN_MOUNTS, ROOT, sendFile, sendStandInIcon, serveFromMounts } from '../harness/staticFiles';

const MOUNTS: Mount[] = [...PLUGIN_MOUNTS, ['/preview/', join(ROOT, 'preview', 'dist')]];


/** Paths answered by the companion. */
const API_PREFIXES = ['/api/', '/-/', '/metrics'];

/** A running preview server. */
export interface PreviewServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

function proxy(req: IncomingMessage, res: ServerResponse, companion: URL): void {
  const upstream = request(
    { host: companion.hostname, port: companion.port, method: req.method, path: req.url, headers: { ...req.headers, host: companion.host } },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    }
  );
  upstream.on('error', (err) => {
    if (!res.headersSent) {
      res.writeHead(503, { 'Content-Type': 'application/json' });
    }
    res.end(JSON.stringify({ status: 'error', errorType: 'unavailable', error: `companion unreachable: ${err.message}` }));
  });
  req.pipe(upstream);
}

function serveFile(path: string, res: ServerResponse): boolean {
  if (path === '/' || path === '/index.html') {
    sendFile(res, join(ROOT, 'preview', 'index.html'));
    return true;
  }
  return serveFromMounts(res, path, MOUNTS);
}

/** Starts the preview server on `host:port` (port 0 = any free port), proxying the API to `companionUrl`. */
export function startPreviewServer(host: string, port: number, companionUrl: string): Promise<PreviewServer> {
  const companion = new URL(companionUrl);
  const server = createServer((req, res) => {
    const path = decodeURIComponent((req.url ?? '/').split('?')[0]);
    if (API_PREFIXES.some((p) => path.startsWith(p))) {
      proxy(req, res, companion);
      return;
    }
    if (path.startsWith(ICONS_PREFIX)) {
      if (!serveFile(path, res)) {
        sendStandInIcon(res);
      }
      return;
    }
    if (path === '/favicon.ico') {
      res.statusCode = 204;
      res.end();
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.statusCode = 405;
      res.end('method not allowed');
      return;
    }
    if (!serveFile(path, res)) {
      res.statusCode = 404;
      res.end('not found');
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const { port: p } = server.address() as AddressInfo;
      const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
      resolve({
        url: `http://${shownHost}:${p}/`,
        server,
        close: () =>
          new Promise<void>((r) => {
            server.close(() => r());
            server.closeAllConnections();
          }),
      });
    });
  });
}
