/**
 * Every error path of the companion, each answered in Prometheus' envelope with its type and code.
 * Where Prometheus itself has the same error, the test compares with Prometheus' own answer.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { type Companion, startCompanion } from '../../../companion/src/app';
import { fromRaw } from '../../../companion/src/config/loadConfig';
import { silentLogger } from '../../../companion/src/log/logger';
import { freePort } from '../../support/prometheus';
import { HOUR } from './fixtures';
import { get, type Harness, postForm, startHarness } from './harness';

let h: Harness;
let limited: Companion;
const extra: Array<{ close(): Promise<void> }> = [];
const sec = (ms: number) => String(ms / 1000);

/** A TCP server that accepts connections and never answers: a hung upstream. */
async function blackHole(): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const srv: Server = createServer((s) => {
    sockets.add(s);
    s.on('error', () => undefined);
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const port = (srv.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((r) => {
        sockets.forEach((s) => s.destroy());
        srv.close(() => r());
      }),
  };
}

async function companion(config: Record<string, unknown>): Promise<Companion> {
  const c = await startCompanion(fromRaw({ listen: { port: 0 }, ...config }), { logger: silentLogger });
  extra.push(c);
  return c;
}

beforeAll(async () => {
  h = await startHarness();
  limited = await companion({
    upstream: { url: h.prom.url },
    auth: { bearerToken: 's3cret-token' },
    limits: { maxSeries: 1, maxRange: '1d', maxBodyBytes: 1024 },
  });
});
afterAll(async () => {
  for (const c of extra.reverse()) {
    await c.close();
  }
  await h?.stop();
});

const expectError = (r: { status: number; body: any }, status: number, errorType: string, message: RegExp | string) => {
  expect(r.status).toBe(status);
  expect(r.body.status).toBe('error');
  expect(r.body.errorType).toBe(errorType);
  if (typeof message === 'string') {
    expect(r.body.error).toBe(message);
  } else {
    expect(r.body.error).toMatch(message);
  }
};

describe('bad_data (400) from our parser, with the position', () => {
  it.each([
    ['anomaly_score(bw_cpu', 'invalid parameter "query": 1:21: parse error: unexpected end of input: expected ")"'],
    [
      'forecast(bw_cpu)',
      'invalid parameter "query": 1:16: parse error: forecast() expects a horizon (duration) after the expression',
    ],
    [
      'anomaly_score(bw_cpu, "bogus=1")',
      'invalid parameter "query": 1:24: parse error: unknown option "bogus" for anomaly_score(); allowed: model, sensitivity, train, step, season, adapt_after, resolution, direction, min_abs, min_rel, valid_min, valid_max, min_rate, bounds, explain',
    ],
    [
      'sum(anomaly_score(bw_cpu))',
      'invalid parameter "query": 1:5: parse error: anomaly_score() must be the outermost function of the query; it cannot be nested inside PromQL',
    ],
  ])('%s', async (query, message) => {
    expectError(await postForm(h.companion.url, '/api/v1/query', { query }), 400, 'bad_data', message);
    expectError(
      await postForm(h.companion.url, '/api/v1/query_range', { query, start: '0', end: '60', step: '15' }),
      400,
      'bad_data',
      message
    );
  });

  it('rejects an unknown model named in the options', async () => {
    const r = await postForm(h.companion.url, '/api/v1/query', {
      query: 'anomaly_score(bw_cpu, "model=nope")',
      time: sec(h.end),
    });
    expectError(r, 400, 'bad_data', /nope/);
  });
});

describe("inner PromQL errors come back as the upstream's own", () => {
  it.each(['rate(bw_cpu)', 'bw_cpu{instance=~"("}', 'bw_cpu +'])('%s', async (inner) => {
    const params = { start: sec(h.end - HOUR), end: sec(h.end), step: '60' };
    const ours = await postForm(h.companion.url, '/api/v1/query_range', {
      query: `anomaly_score(${inner})`,
      ...params,
    });
    const theirs = await postForm(h.prom.url, '/api/v1/query_range', { query: inner, ...params });
    expect(theirs.body.status).toBe('error');
    expect(ours).toEqual(theirs);
  });
});

describe('parameter errors match Prometheus', () => {
  const cases: Array<[string, string, Record<string, string>]> = [
    ['bad time', '/api/v1/query', { query: '1', time: 'yesterday' }],
    ['bad start', '/api/v1/query_range', { query: '1', start: 'dawn', end: '50', step: '10' }],
    ['end before start', '/api/v1/query_range', { query: '1', start: '100', end: '50', step: '10' }],
    ['zero step', '/api/v1/query_range', { query: '1', start: '0', end: '100', step: '0' }],
    ['bad step', '/api/v1/query_range', { query: '1', start: '0', end: '100', step: 'often' }],
    ['more than 11,000 points', '/api/v1/query_range', { query: '1', start: '0', end: '11001', step: '1' }],
  ];
  it.each(cases)('%s', async (_name, path, form) => {
    const theirs = await postForm(h.prom.url, path, form);
    expect(theirs.status).toBe(400);
    expect(await postForm(h.companion.url, path, form)).toEqual(theirs);
    // The same checks guard our own functions.
    const ours = await postForm(h.companion.url, path, { ...form, query: 'anomaly_score(bw_cpu)' });
    expect(ours).toEqual(theirs);
  });
});

describe('limits', () => {
  const auth = { Authorization: 'Bearer s3cret-token' };

  it('refuses an inner query with more series than limits.maxSeries (422 execution)', async () => {
    const r = await postForm(limited.url, '/api/v1/query', { query: 'anomaly_score(bw_cpu)', time: sec(h.end) }, auth);
    expectError(
      r,
      422,
      'execution',
      'the inner query returned 2 series, more than the limit of 1 (limits.maxSeries); narrow its selector or aggregate'
    );
  });

  it('refuses a range longer than limits.maxRange (400 bad_data)', async () => {
    const r = await postForm(
      limited.url,
      '/api/v1/query_range',
      { query: 'anomaly_score(bw_cpu)', start: '0', end: String(2 * 86400), step: '3600' },
      auth
    );
    expectError(r, 400, 'bad_data', 'query range of 2d is longer than the limit of 1d (limits.maxRange)');
  });

  it('refuses a body larger than limits.maxBodyBytes (413 bad_data)', async () => {
    const r = await postForm(limited.url, '/api/v1/query', { query: 'x'.repeat(2000) }, auth);
    expectError(r, 413, 'bad_data', 'request body is larger than the limit of 1024 bytes (limits.maxBodyBytes)');
  });

  it('answers a query with one series within the limit', async () => {
    const r = await postForm(
      limited.url,
      '/api/v1/query',
      { query: 'trend_slope(bw_disk_avail_bytes, "train=1d")', time: sec(h.end) },
      auth
    );
    expect(r.status).toBe(200);
  });
});

describe('bearer token on our API', () => {
  it.each([
    ['no header', {}],
    ['wrong token', { Authorization: 'Bearer s3cret-tokem' }],
    ['token prefix', { Authorization: 'Bearer s3cret' }],
    ['basic auth', { Authorization: 'Basic czNjcmV0LXRva2Vu' }],
  ])('refuses %s with 401', async (_n, headers) => {
    const r = await postForm(limited.url, '/api/v1/query', { query: '1+1' }, headers as Record<string, string>);
    expectError(r, 401, 'bad_data', 'unauthorized: a valid "Authorization: Bearer <token>" header is required');
  });

  it('accepts the right token; health endpoints stay open', async () => {
    expect(
      (await postForm(limited.url, '/api/v1/query', { query: '1+1' }, { Authorization: 'Bearer s3cret-token' })).status
    ).toBe(200);
    expect((await get(limited.url, '/-/healthy')).status).toBe(200);
  });
});

describe('routing', () => {
  it('404 not_found for an unknown endpoint', async () => {
    expectError(await get(h.companion.url, '/api/v1/nope'), 404, 'not_found', 'no such endpoint: /api/v1/nope');
  });

  it('405 for a method the endpoint does not take', async () => {
    const r = await fetch(h.companion.url + '/api/v1/query', { method: 'DELETE' });
    expect(r.status).toBe(405);
    expect(r.headers.get('allow')).toBe('GET, POST');
  });
});

describe('dead and slow upstreams', () => {
  it('a dead upstream gives 503 unavailable at once, and /-/ready says so', async () => {
    const port = await freePort(); // nothing listens there
    const c = await companion({ upstream: { url: `http://127.0.0.1:${port}`, timeout: '1h' } });
    const r = await postForm(c.url, '/api/v1/query', { query: 'anomaly_score(up)', time: '1700000000' });
    expectError(r, 503, 'unavailable', `upstream http://127.0.0.1:${port} is unreachable: ECONNREFUSED`);
    const p = await postForm(c.url, '/api/v1/query', { query: 'up' });
    expectError(p, 503, 'unavailable', /unreachable/);
    const ready = await get(c.url, '/-/ready');
    expect(ready.status).toBe(503);
    expect(ready.body).toMatch(/not ready: .*unreachable/);
  });

  it('a hung upstream gives 503 timeout after upstream.timeout', async () => {
    const hole = await blackHole();
    extra.push(hole);
    const c = await companion({ upstream: { url: hole.url, timeout: '300ms' } });
    const r = await postForm(c.url, '/api/v1/query', { query: 'anomaly_score(up)', time: '1700000000' });
    expectError(r, 503, 'timeout', `upstream ${hole.url} did not answer /api/v1/query_range within 0.3s`);
  });

  it('the query timeout (limits.queryTimeout, or a shorter timeout= parameter) gives 503 timeout', async () => {
    const hole = await blackHole();
    extra.push(hole);
    const c = await companion({ upstream: { url: hole.url, timeout: '1h' }, limits: { queryTimeout: '400ms' } });
    const r = await postForm(c.url, '/api/v1/query', { query: 'anomaly_score(up)', time: '1700000000' });
    expectError(r, 503, 'timeout', 'query timed out in query execution (limit 0.4s)');
    const shorter = await postForm(c.url, '/api/v1/query', { query: 'up', timeout: '0.2' });
    expectError(shorter, 503, 'timeout', 'query timed out in query execution (limit 0.2s)');
  });

  it('beyond limits.maxConcurrent and its queue, queries get 503 unavailable', async () => {
    const hole = await blackHole();
    extra.push(hole);
    // No timeout can end a query during the test: the refusal must not depend on how fast the six
    // requests arrive.
    const c = await companion({
      upstream: { url: hole.url, timeout: '1h' },
      limits: { maxConcurrent: 1, queryTimeout: '1h' },
    });
    // 1 running (hung on the upstream) + 4 queued fill the slots; one of the six is refused at once.
    const pending = Array.from({ length: 6 }, () => postForm(c.url, '/api/v1/query', { query: 'up' }));
    const first = await Promise.race(pending);
    expectError(first, 503, 'unavailable', 'too many concurrent queries (limit 1, 4 waiting); retry later');
    // The upstream goes away: the running query and then each queued one fail, none refused.
    await hole.close();
    const results = await Promise.all(pending);
    const refused = results.filter((r) => /too many concurrent queries/.test(r.body.error));
    expect(refused).toHaveLength(1);
    expect(results.filter((r) => r !== refused[0]).map((r) => [r.status, r.body.errorType])).toEqual(
      Array.from({ length: 5 }, () => [503, 'unavailable'])
    );
  });
});

describe('graceful shutdown', () => {
  it('finishes an in-flight request, then stops listening', async () => {
    const c = await startCompanion(fromRaw({ listen: { port: 0 }, upstream: { url: h.prom.url } }), {
      logger: silentLogger,
    });
    const received = new Promise((r) => c.server.once('request', r));
    const inflight = postForm(c.url, '/api/v1/query', {
      query: 'anomaly_score(bw_cpu, "train=2d")',
      time: sec(h.end - 7 * HOUR),
    });
    await received; // the request is in the server before shutdown starts
    const closed = c.close();
    const r = await inflight;
    expect(r.status).toBe(200);
    await closed;
    await expect(fetch(c.url + '/-/healthy')).rejects.toThrow();
  });
});
