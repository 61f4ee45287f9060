/**
 * An upstream's own failure (HTTP 5xx) is the upstream's, in the answer and in the log: the client
 * gets the upstream's status and envelope, and the log has one warning naming the upstream and its
 * status, not an "internal error" of ours with a stack.
 */
import { createServer, type Server } from 'node:http';
import { type Companion, startCompanion } from '../../../companion/src/app';
import { fromRaw } from '../../../companion/src/config/loadConfig';
import { createLogger } from '../../../companion/src/log/logger';
import { postForm } from './harness';

let upstream: Server;
let upstreamUrl: string;
let companion: Companion;
const lines: string[] = [];

/** What the failing upstream answers for every request. */
let answer: { status: number; type: string; body: string };

beforeAll(async () => {
  upstream = createServer((req, res) => {
    req.resume();
    res.writeHead(answer.status, { 'Content-Type': answer.type }).end(answer.body);
  });
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', () => r()));
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as { port: number }).port}`;
  companion = await startCompanion(fromRaw({ listen: { port: 0 }, upstream: { url: upstreamUrl } }), {
    logger: createLogger('info', (l) => lines.push(l)),
  });
});
afterAll(async () => {
  await companion?.close();
  await new Promise((r) => upstream?.close(r));
});

const logged = () => lines.map((l) => JSON.parse(l) as Record<string, unknown>);

describe('an upstream answering HTTP 500', () => {
  beforeEach(() => {
    lines.length = 0;
    answer = {
      status: 500,
      type: 'application/json',
      body: JSON.stringify({ status: 'error', errorType: 'internal', error: 'storage is on fire' }),
    };
  });

  it.each([
    ['plain PromQL (forwarded)', '/api/v1/query', { query: 'up' }],
    ['a call of ours (history read)', '/api/v1/query', { query: 'anomaly_score(up)', time: '1768478400' }],
    ['labels (forwarded)', '/api/v1/labels', {}],
  ])('%s: its 500 passes through, logged once as an upstream error without a stack', async (_n, path, form) => {
    const r = await postForm(companion.url, path, form);
    expect(r).toEqual({ status: 500, body: { status: 'error', errorType: 'internal', error: 'storage is on fire' } });
    expect(logged().filter((l) => l.level !== 'info')).toEqual([
      {
        ts: expect.any(String),
        level: 'warn',
        msg: 'upstream error',
        upstream: `prometheus ${upstreamUrl}`,
        path, // the request's
        status: 500,
        errorType: 'internal',
        error: 'storage is on fire',
      },
    ]);
    expect(lines.join('')).not.toMatch(/\n\s+at |internal error/);
  });

  it('a 5xx page that is not JSON is a 503 naming the upstream and its status, one warning', async () => {
    answer = { status: 502, type: 'text/html', body: '<html>Bad Gateway</html>' };
    const r = await postForm(companion.url, '/api/v1/query', { query: 'up' });
    const error = `upstream ${upstreamUrl} answered /api/v1/query with HTTP 502 and a non-JSON body: <html>Bad Gateway</html>`;
    expect(r).toEqual({ status: 503, body: { status: 'error', errorType: 'unavailable', error } });
    expect(logged().filter((l) => l.level !== 'info')).toEqual([
      {
        ts: expect.any(String),
        level: 'warn',
        msg: 'query failed',
        path: '/api/v1/query',
        errorType: 'unavailable',
        error,
      },
    ]);
  });
});
