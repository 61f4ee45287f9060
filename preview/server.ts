/**
 * The demo's web server: the preview page, the harness vendor bundle (/harness/), the built plugin
 * (/dist/) and the preview script (/preview/), with the companion's API (/api/, /-/, /metrics)
 * proxied to the companion on its own loopback port. One origin, so the page needs no CORS.
 */
import {
  type ClientRequest,
  createServer,
  request,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { answerClientError, answerConnect, MAX_HEADER_BYTES } from '../companion/src/api/clientError';
import {
  decodeRequestPath,
  ICONS_PREFIX,
  type Mount,
  PLUGIN_MOUNTS,
  ROOT,
  sendFile,
  sendPlain,
  sendStandInIcon,
  serveFromMounts,
} from '../harness/staticFiles';
import { grafanaLinkPage, isGrafanaLink } from './grafanaLink';

const MOUNTS: Mount[] = [...PLUGIN_MOUNTS, ['/preview/', join(ROOT, 'preview', 'dist')]];

/** Paths answered by the companion. */
const API_PREFIXES = ['/api/', '/-/', '/metrics'];

/** A running preview server. */
export interface PreviewServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

/** Forwards the request as it came (raw target, headers, body) and streams the answer back. */
function proxy(req: IncomingMessage, res: ServerResponse, companion: URL): void {
  const unavailable = (err: Error) => {
    if (res.headersSent) {
      res.destroy(); // the answer was cut off mid-way: the client sees a broken response, not a wrong one
      return;
    }
    const body = JSON.stringify({
      status: 'error',
      errorType: 'unavailable',
      error: `companion unreachable: ${err.message}`,
    });
    res.writeHead(503, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
  };
  let upstream: ClientRequest;
  try {
    upstream = request(
      {
        host: companion.hostname,
        port: companion.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: companion.host },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
        answer.on('error', unavailable);
      }
    );
  } catch (err) {
    // node:http refuses some targets and headers the server accepted; the companion never sees them.
    const body = JSON.stringify({
      status: 'error',
      errorType: 'bad_data',
      error: `cannot forward this request: ${(err as Error).message}`,
    });
    res.writeHead(400, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
    req.resume();
    return;
  }
  upstream.on('error', unavailable);
  // A client that goes away stops the companion's work too.
  res.on('close', () => !res.writableFinished && upstream.destroy());
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
  // The API's limit on the request head (1 MiB, as Prometheus), since API requests come through here.
  const server = createServer({ maxHeaderSize: MAX_HEADER_BYTES, requireHostHeader: false }, (req, res) => {
    const rawPath = (req.url ?? '/').split('?')[0];
    if (API_PREFIXES.some((p) => rawPath.startsWith(p))) {
      proxy(req, res, companion); // the companion reads the target itself, malformed or not
      return;
    }
    const path = decodeRequestPath(rawPath);
    if (path === undefined) {
      sendPlain(res, 400, 'bad request: malformed percent-encoding in the path');
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
      sendPlain(res, 405, 'method not allowed');
      return;
    }
    if (isGrafanaLink(path)) {
      const search = (req.url ?? '').slice(rawPath.length);
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(req.method === 'HEAD' ? undefined : grafanaLinkPage(path, search));
      return;
    }
    if (!serveFile(path, res)) {
      sendPlain(res, 404, 'not found');
    }
  });
  server.on('clientError', answerClientError);
  server.on('connect', answerConnect);
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
