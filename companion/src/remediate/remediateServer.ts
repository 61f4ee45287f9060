/**
 * The HTTP side of `bellwether remediate`: POST /webhook takes Alertmanager and Grafana webhook
 * notifications (bodies up to 1 MiB; a bearer token when configured), GET /metrics serves the
 * action counters, GET /healthz answers ok. The answer to a notification lists the decisions made,
 * so a sender's log shows them too; a body that is not a notification is a 400 with one line.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { bearerMatches } from '../api/auth';
import type { Logger } from '../log/logger';
import { parseNotification } from './payload';
import type { Remediator } from './remediator';
import type { RemediateMetrics } from './remediateMetrics';

const MAX_BODY = 1024 * 1024;

export interface RemediateServer {
  url: string;
  close(): Promise<void>;
}

export interface ServerDeps {
  host: string;
  port: number;
  authToken?: string;
  remediator: Remediator;
  metrics: RemediateMetrics;
  log: Logger;
}

function reply(res: ServerResponse, code: number, body: unknown, type = 'application/json'): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(code, { 'Content-Type': type }).end(text);
}

function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        resolve(undefined);
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startRemediateServer(deps: ServerDeps): Promise<RemediateServer> {
  const { remediator, metrics, log } = deps;
  const webhook = async (req: IncomingMessage, res: ServerResponse) => {
    if (deps.authToken && !bearerMatches(req.headers.authorization, deps.authToken)) {
      metrics.rejected.inc({ reason: 'unauthorized' });
      return reply(res, 401, { error: 'missing or wrong bearer token' });
    }
    const text = await readBody(req);
    if (text === undefined) {
      metrics.rejected.inc({ reason: 'too_large' });
      return reply(res, 413, { error: `body larger than ${MAX_BODY} bytes` });
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      metrics.rejected.inc({ reason: 'bad_body' });
      return reply(res, 400, { error: 'the body is not JSON' });
    }
    const n = parseNotification(body);
    if (typeof n === 'string') {
      metrics.rejected.inc({ reason: 'bad_body' });
      return reply(res, 400, { error: n });
    }
    metrics.notifications.inc({ source: n.source });
    const entries = await remediator.handle(n);
    for (const e of entries) {
      (e.outcome === 'failed' ? log.warn : log.info)(
        `remediate: ${e.outcome} ${e.rule} ${e.action} ${e.target ?? '-'}: ${e.reason}`
      );
    }
    reply(res, 200, {
      decisions: entries.map(({ rule, action, target, outcome, reason }) => ({
        rule,
        action,
        target,
        outcome,
        reason,
      })),
    });
  };

  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/webhook' && req.method === 'POST') {
      webhook(req, res).catch((e: Error) => {
        log.error(`remediate: ${e.message}`);
        reply(res, 500, { error: e.message.split('\n')[0] });
      });
    } else if (path === '/metrics' && req.method === 'GET') {
      reply(res, 200, metrics.text(), 'text/plain; version=0.0.4; charset=utf-8');
    } else if (path === '/healthz' && req.method === 'GET') {
      reply(res, 200, 'ok\n', 'text/plain');
    } else {
      reply(res, 404, { error: `no ${req.method} ${path}; POST /webhook, GET /metrics, GET /healthz` });
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(deps.port, deps.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = deps.host.includes(':') ? `[${deps.host}]` : deps.host;
  return {
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
