/**
 * The Prometheus client against a real loopback HTTP server that closes idle keep-alive connections
 * quickly: a request that goes out on a connection the server has just closed is sent once more on a
 * new connection (counted), while a failure on a new connection or after the answer began is reported.
 *
 * The race is made deterministic: in one process the client always reads the server's close before
 * its next request (and Node 20's keep-alive timeout emits no event to hook), so the server marks a
 * connection idle once its answer is sent (the response's 'finish' event) and closes it when the
 * next request arrives on it: the upstream's idle close crossing that request on the wire.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { PrometheusUpstream } from './prometheusUpstream';

const OK = JSON.stringify({ status: 'success', data: { resultType: 'scalar', result: [1700000000, '1'] } });

interface Loopback {
  url: string;
  server: Server;
  /** Resolves when the server's n-th connection (0-based) has sent its answer and sits idle. */
  idle(n: number): Promise<void>;
  requests: Array<{ method: string; path: string; body: string }>;
}

/** A server answering every request with `handle`; `closeIdle`: closing each connection once idle. */
async function loopback(
  handle: (req: IncomingMessage, res: ServerResponse, body: string) => void,
  closeIdle: boolean
): Promise<Loopback> {
  const idles: Array<Promise<void>> = [];
  const idleFired = new Map<Socket, () => void>();
  const expired = new Set<Socket>();
  const requests: Loopback['requests'] = [];
  const server = createServer((req, res) => {
    if (expired.has(req.socket)) {
      req.socket.destroy(); // the idle close, crossing this request
      return;
    }
    let body = '';
    req.on('data', (c: Buffer) => (body += c));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', path: req.url ?? '', body });
      if (closeIdle) {
        res.once('finish', () => {
          expired.add(req.socket);
          idleFired.get(req.socket)?.();
        });
      }
      handle(req, res, body);
    });
  });
  server.on('connection', (s: Socket) => idles.push(new Promise((r) => idleFired.set(s, r))));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    server,
    idle: (n) => idles[n],
    requests,
  };
}

const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

async function start(handle: Parameters<typeof loopback>[0], closeIdle = true): Promise<Loopback> {
  const lb = await loopback(handle, closeIdle);
  servers.push(lb.server);
  return lb;
}

describe('PrometheusUpstream over keep-alive connections the upstream closes when idle', () => {
  it.each([
    ['a query_range POST', '/api/v1/query_range', 'POST'],
    ['a label values GET', '/api/v1/label/job/values', 'GET'],
  ])('%s written on a just-closed connection is sent again on a new one and counted', async (_n, path, method) => {
    const lb = await start((_req, res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end(OK));
    const upstream = new PrometheusUpstream({ url: lb.url, timeoutMs: 60_000 });
    const params = new URLSearchParams({ query: 'up', start: '1', end: '2', step: '1' });
    expect((await upstream.call(path, params)).body.status).toBe('success');
    await lb.idle(0);
    const second = await upstream.call(path, params);
    expect(second).toEqual({ status: 200, body: JSON.parse(OK) });
    expect(upstream.stats.staleSocketRetries).toBe(1);
    // Both answered requests reached the server whole; the one on the closed connection was not answered.
    expect(lb.requests.map((r) => r.method)).toEqual([method, method]);
    expect(lb.requests[1]).toEqual(lb.requests[0]);
  });

  it('an answer broken off after it began is an error, not retried', async () => {
    let n = 0;
    const lb = await start((_req, res) => {
      if (n++ === 0) {
        res.writeHead(200, { 'Content-Type': 'application/json' }).end(OK);
      } else {
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': 1000 });
        res.write('{"status":', () => res.socket?.destroy());
      }
    }, false);
    const upstream = new PrometheusUpstream({ url: lb.url, timeoutMs: 60_000 });
    await upstream.call('/api/v1/query', new URLSearchParams({ query: '1' }));
    await expect(upstream.call('/api/v1/query', new URLSearchParams({ query: '1' }))).rejects.toThrow(
      `upstream ${lb.url} broke off its answer: aborted`
    );
    expect(upstream.stats.staleSocketRetries).toBe(0);
    expect(lb.requests).toHaveLength(2);
  });

  it('an upstream that is down is the one-line error, without a retry', async () => {
    const lb = await start((_req, res) => res.writeHead(200).end(OK));
    await new Promise((r) => lb.server.close(r)); // nothing listens on its port any more
    servers.length = 0;
    const upstream = new PrometheusUpstream({ url: lb.url, timeoutMs: 60_000 });
    await expect(upstream.call('/api/v1/query', new URLSearchParams({ query: '1' }))).rejects.toThrow(
      `upstream ${lb.url} is unreachable: ECONNREFUSED`
    );
    expect(upstream.stats.staleSocketRetries).toBe(0);
  });

  it('a request that fails again on the new connection is the one-line error', async () => {
    const lb = await start((_req, res) => res.writeHead(200).end(OK));
    const upstream = new PrometheusUpstream({ url: lb.url, timeoutMs: 60_000 });
    await upstream.call('/api/v1/query', new URLSearchParams({ query: '1' }));
    await lb.idle(0);
    await new Promise((r) => lb.server.close(r)); // stops listening; the idle connection stays open
    servers.length = 0;
    await expect(upstream.call('/api/v1/query', new URLSearchParams({ query: '1' }))).rejects.toThrow(
      `upstream ${lb.url} is unreachable: ECONNREFUSED`
    );
    expect(upstream.stats.staleSocketRetries).toBe(1);
  });
});
