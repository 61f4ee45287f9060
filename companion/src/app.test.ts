/** The assembled service on the embedded demo upstream (what the quick start runs), no Prometheus needed. */
import { type Companion, startCompanion } from './app';
import { fromRaw } from './config/loadConfig';
import { silentLogger } from './log/logger';

const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);
let c: Companion;

beforeAll(async () => {
  c = await startCompanion(
    fromRaw({ listen: { port: 0 }, upstream: { type: 'demo' }, cors: { allowOrigin: 'http://127.0.0.1:3000' } }),
    {
      logger: silentLogger,
      now: () => NOW,
      fallback: (req, res) => {
        if (req.url === '/preview/') {
          res.writeHead(200, { 'Content-Type': 'text/html' }).end('<h1>preview</h1>');
          return true;
        }
        return false;
      },
    }
  );
});
afterAll(() => c.close());

const post = (path: string, form: Record<string, string>) =>
  fetch(c.url + path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });

describe('companion on the demo upstream', () => {
  it('evaluates our functions over the demo series, keeping their labels', async () => {
    const r = await post('/api/v1/query', {
      query: 'time_to_exhaustion(node_filesystem_avail_bytes{mountpoint="/var/lib/postgresql"}, 0, "train=1d step=5m")',
      time: String(NOW / 1000),
    });
    const body = await r.json();
    expect(body.status).toBe('success');
    expect(body.data.result).toHaveLength(1);
    expect(body.data.result[0].metric).toEqual({
      instance: 'db-1:9100',
      job: 'node',
      device: '/dev/nvme1n1',
      fstype: 'ext4',
      mountpoint: '/var/lib/postgresql',
    });
    // The volume is filling, so the time to exhaustion is finite and positive.
    const seconds = Number(body.data.result[0].value[1]);
    expect(seconds).toBeGreaterThan(0);
    expect(Number.isFinite(seconds)).toBe(true);
  });

  it('answers CORS preflights and marks responses for the configured origin', async () => {
    const pre = await fetch(c.url + '/api/v1/query', { method: 'OPTIONS' });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:3000');
    expect(pre.headers.get('access-control-allow-headers')).toBe('Authorization, Content-Type');
    const r = await post('/api/v1/query', { query: '1+1' });
    expect(r.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:3000');
  });

  it('lets an embedding serve non-API paths, and still 404s the rest', async () => {
    expect(await (await fetch(c.url + '/preview/')).text()).toBe('<h1>preview</h1>');
    expect((await fetch(c.url + '/nope')).status).toBe(404);
  });

  it('serves /metrics as Prometheus text when the client does not ask for OpenMetrics', async () => {
    const r = await fetch(c.url + '/metrics');
    expect(r.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(await r.text()).toMatch(/^bellwether_http_requests_total\{code="200",handler="\/api\/v1\/query"\} \d+$/m);
  });
});

describe('companion with a cache too small for its queries', () => {
  it('counts what the cache removed to stay within cache.maxBytes on /metrics', async () => {
    const small = await startCompanion(
      fromRaw({ listen: { port: 0 }, upstream: { type: 'demo' }, cache: { maxBytes: 64 * 1024 } }),
      {
        logger: silentLogger,
        now: () => NOW,
      }
    );
    try {
      // Two days of 1-minute history of two series each: more than the cache holds.
      for (const sel of ['process_resident_memory_bytes', 'instance:node_cpu_utilisation:rate5m']) {
        const r = await fetch(small.url + '/api/v1/query_range', {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({
            query: `anomaly_score(${sel}, "train=1d")`,
            start: String((NOW - 3600_000) / 1000),
            end: String(NOW / 1000),
            step: '60',
          }).toString(),
        });
        expect((await r.json()).status).toBe('success');
      }
      expect(small.cache.bytes).toBeLessThanOrEqual(small.cache.maxBytes);
      const text = await (await fetch(small.url + '/metrics')).text();
      const count = (kind: string) =>
        Number(new RegExp(`^bellwether_cache_evictions_total\\{kind="${kind}"\\} (\\d+)$`, 'm').exec(text)?.[1]);
      expect(count('history')).toBe(small.cache.drops);
      expect(count('computed')).toBe(small.cache.evictions + small.fitCache.evictions);
      expect(count('history') + count('computed')).toBeGreaterThan(0);
    } finally {
      await small.close();
    }
  });
});
