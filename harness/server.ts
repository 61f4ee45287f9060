/**
 * Serves the browser harness on loopback: the harness page and its vendor bundle under /harness/,
 * the built plugin under /dist/. Started twice by the worker test to give the plugin a second
 * origin, as Grafana's plugin CDN does; every response allows cross-origin reads like a CDN.
 */
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { HarnessHost, HOSTS } from './hosts';
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
} from './staticFiles';

export interface HarnessServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

/**
 * Starts a static server on 127.0.0.1 (port 0 = any free port). `extra` adds more mounts. The page's
 * /harness/vendor.js (and .css) is the bundle of `host` (harness/hosts.ts).
 */
export function startHarnessServer(port = 0, extra: Mount[] = [], host: HarnessHost = 'react18'): Promise<HarnessServer> {
  const mounts = [...extra, ...PLUGIN_MOUNTS];
  const vendor = HOSTS[host].vendor.replace(/\.js$/, '');
  const server = createServer((req, res) => {
    res.setHeader('Access-Control-Allow-Origin', '*');
    const path = decodeRequestPath(req.url ?? '/');
    if (path === undefined) {
      sendPlain(res, 400, 'bad request: malformed percent-encoding in the path');
      return;
    }
    if (path === '/favicon.ico') {
      res.statusCode = 204;
      res.end();
      return;
    }
    if (path === '/' || path === '/index.html') {
      sendFile(res, join(ROOT, 'harness', 'index.html'));
      return;
    }
    const asset = /^\/harness\/vendor\.(js|css)$/.exec(path);
    if (asset) {
      sendFile(res, join(ROOT, 'harness', 'dist', `${vendor}.${asset[1]}`));
      return;
    }
    if (serveFromMounts(res, path, mounts)) {
      return;
    }
    if (path.startsWith(ICONS_PREFIX)) {
      sendStandInIcon(res);
      return;
    }
    sendPlain(res, 404, 'not found');
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
