/**
 * Serves the browser harness on loopback: the harness page and its vendor bundle under /harness/,
 * the built plugin under /dist/. Started twice by the worker test to give the plugin a second
 * origin, as Grafana's plugin CDN does; every response allows cross-origin reads like a CDN.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';

const ROOT = join(__dirname, '..');
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.map': 'application/json',
  '.wasm': 'application/wasm',
};

/** URL path prefix → directory on disk. */
const MOUNTS: Array<[string, string]> = [
  ['/harness/', join(ROOT, 'harness', 'dist')],
  ['/dist/', join(ROOT, 'dist')],
];

export interface HarnessServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

/** Starts a static server on 127.0.0.1 (port 0 = any free port). `extra` adds more mounts. */
export function startHarnessServer(port = 0, extra: Array<[string, string]> = []): Promise<HarnessServer> {
  const mounts = [...extra, ...MOUNTS];
  const server = createServer((req, res) => {
    const path = decodeURIComponent((req.url ?? '/').split('?')[0]);
    res.setHeader('Access-Control-Allow-Origin', '*');
    if (path === '/favicon.ico') {
      res.statusCode = 204;
      res.end();
      return;
    }
    if (path === '/' || path === '/index.html') {
      res.setHeader('Content-Type', TYPES['.html']);
      createReadStream(join(ROOT, 'harness', 'index.html')).pipe(res);
      return;
    }
    for (const [prefix, dir] of mounts) {
      if (!path.startsWith(prefix)) {
        continue;
      }
      const file = normalize(join(dir, path.slice(prefix.length)));
      if (!file.startsWith(dir + sep) || !existsSync(file) || !statSync(file).isFile()) {
        break;
      }
      res.setHeader('Content-Type', TYPES[extname(file)] ?? 'application/octet-stream');
      createReadStream(file).pipe(res);
      return;
    }
    res.statusCode = 404;
    res.end('not found');
  });
  return new Promise((resolve) => {
    server.listen(port, '127.0.0.1', () => {
      const { port: p } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${p}`,
        server,
        close: () => new Promise<void>((r) => server.close(() => r())),
      });
    });
  });
}

if (require.main === module) {
  // `node --import tsx harness/server.ts [port]`: serve the harness for manual use.
  startHarnessServer(Number(process.argv[2] ?? 3100)).then((s) => process.stdout.write(`harness at ${s.url}/\n`));
}
