import { DemoUpstream } from './demoUpstream';
import { SCRAPE_MS } from './demoSeries';
import { parseValue } from '../../../../src/common/promValue';
import { GOLDEN_SIGNALS } from '../../../../src/pages/home/selectors';

const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);
const DAY = 86_400_000;

async function range(u: DemoUpstream, query: string, start: number, end: number, step: number) {
  const r = await u.call(
    '/api/v1/query_range',
    new URLSearchParams({ query, start: String(start / 1000), end: String(end / 1000), step: String(step / 1000) })
  );
  return r.body.data as { result: Array<{ metric: Record<string, string>; values: Array<[number, string]> }> };
}

describe('DemoUpstream', () => {
  const u = new DemoUpstream(() => NOW);

  it("serves every default golden signal of the home, so no default row reads 'no series match' on the demo", async () => {
    for (const signal of GOLDEN_SIGNALS) {
      const r = await range(u, signal.expr, NOW - 3_600_000, NOW, 60_000);
      expect({ signal: signal.title, series: r.result.length > 0 }).toEqual({ signal: signal.title, series: true });
    }
  });

  it("answers Grafana's 1+1 health query with a scalar", async () => {
    const r = await u.call('/api/v1/query', new URLSearchParams({ query: '1+1', time: '1700000000' }));
    expect(r.body).toEqual({ status: 'success', data: { resultType: 'scalar', result: [1700000000, '2'] } });
  });

  it('is deterministic: the same query gives the same answer', async () => {
    const a = await range(new DemoUpstream(() => NOW), 'process_resident_memory_bytes', NOW - DAY, NOW, 300_000);
    const b = await range(new DemoUpstream(() => NOW), 'process_resident_memory_bytes', NOW - DAY, NOW, 300_000);
    expect(a).toEqual(b);
  });

  it('answers query_range as columns (no pair a sample) with the very samples its JSON answer spells', async () => {
    const params = new URLSearchParams({
      query: 'rate(http_requests_total[5m])',
      start: String((NOW - DAY) / 1000),
      end: String((NOW + 600_000) / 1000),
      step: '60',
    });
    const cols = await u.queryRange(params);
    const json = (await u.call('/api/v1/query_range', params)).body.data as {
      result: Array<{ metric: Record<string, string>; values: Array<[number, string]> }>;
    };
    expect(cols.body).toEqual({ status: 'success', data: { resultType: 'matrix', result: [] } });
    expect(cols.matrix!.length).toBeGreaterThan(0);
    expect(cols.matrix!.map((c) => c.metric)).toEqual(json.result.map((s) => s.metric));
    cols.matrix!.forEach((c, i) => {
      expect(c.times).toBeInstanceOf(Float64Array);
      expect([...c.times]).toEqual(json.result[i].values.map((p) => p[0]));
      expect([...c.values]).toEqual(json.result[i].values.map((p) => parseValue(p[1])));
    });
    const bad = await u.queryRange(new URLSearchParams({ query: 'x[5m]', start: '0', end: '60', step: '60' }));
    expect(bad.body).toMatchObject({ status: 'error', errorType: 'bad_data' });
  });

  it('has no samples after now', async () => {
    const r = await range(u, 'instance:node_cpu_utilisation:rate5m', NOW - 10 * 60_000, NOW + 10 * 60_000, 60_000);
    for (const s of r.result) {
      expect(s.values[s.values.length - 1][0] * 1000).toBeLessThanOrEqual(NOW);
    }
  });

  it('serves a leaking and a healthy process, a filling disk, CPU incidents and latency spikes', async () => {
    const mem = await range(u, 'process_resident_memory_bytes', NOW - 3 * DAY, NOW, 3600_000);
    expect(mem.result.map((s) => s.metric.instance)).toEqual(['api-1:8080', 'api-2:8080']);
    const disk = await range(
      u,
      'node_filesystem_avail_bytes{mountpoint="/var/lib/postgresql"}',
      NOW - 14 * DAY,
      NOW,
      3600_000
    );
    const vals = disk.result[0].values.map(([, v]) => Number(v));
    expect(Math.min(...vals)).toBeLessThan(0.1 * 500e9); // nearly full before a cleanup
    const cpu = await range(
      u,
      'instance:node_cpu_utilisation:rate5m{instance="web-1:9100"}',
      NOW - 7 * DAY,
      NOW,
      60_000
    );
    expect(cpu.result[0].values.some(([, v]) => Number(v) > 0.9)).toBe(true);
    const lat = await range(
      u,
      'http_request_duration_seconds{instance="api-1:8080",quantile="0.99"}',
      NOW - 7 * DAY,
      NOW,
      60_000
    );
    expect(lat.result[0].values.some(([, v]) => Number(v) > 1.4)).toBe(true);
  });

  it('computes rate() of its counters from the samples (reset at the daily deploy handled)', async () => {
    const r = await range(u, 'rate(http_requests_total{instance="api-1:8080",code="200"}[5m])', NOW - DAY, NOW, 60_000);
    expect(r.result[0].metric.__name__).toBeUndefined();
    const rates = r.result[0].values.map(([, v]) => Number(v));
    expect(Math.min(...rates)).toBeGreaterThan(0);
    expect(Math.max(...rates)).toBeLessThan(300);
  });

  it('answers label, series and metadata calls', async () => {
    const names = await u.call('/api/v1/label/__name__/values', new URLSearchParams());
    expect(names.body.data).toContain('node_filesystem_avail_bytes');
    const series = await u.call(
      '/api/v1/series',
      new URLSearchParams({ 'match[]': 'http_requests_total{code="500"}' })
    );
    expect(series.body.data).toEqual([
      {
        __name__: 'http_requests_total',
        instance: 'api-1:8080',
        job: 'api',
        handler: '/api/orders',
        method: 'GET',
        code: '500',
      },
    ]);
  });

  it('refuses PromQL outside its subset with a bad_data error saying what it supports', async () => {
    const r = await u.call('/api/v1/query', new URLSearchParams({ query: 'sum(rate(x[5m]))' }));
    expect(r.status).toBe(400);
    expect(r.body.errorType).toBe('bad_data');
    expect(r.body.error).toMatch(/demo upstream evaluates only selectors/);
  });

  it('samples on its scrape grid', () => {
    expect(SCRAPE_MS).toBe(15_000);
  });
});

describe('DemoUpstream range selectors', () => {
  const u = new DemoUpstream(() => NOW);

  it('answers sel[d] in an instant query with the raw 15 s samples in (t - d, t], none after now', async () => {
    const r = await u.call(
      '/api/v1/query',
      new URLSearchParams({
        query: 'process_resident_memory_bytes{instance="api-1:8080"}[1m]',
        time: String(NOW / 1000),
      })
    );
    const data = r.body.data as { resultType: string; result: Array<{ values: Array<[number, string]> }> };
    expect(data.resultType).toBe('matrix');
    expect(data.result[0].values.map(([t]) => t * 1000)).toEqual([1, 2, 3, 4].map((k) => NOW - 60_000 + k * SCRAPE_MS));
    const future = await u.call(
      '/api/v1/query',
      new URLSearchParams({ query: 'process_resident_memory_bytes[1m]', time: String((NOW + 30_000) / 1000) })
    );
    const last = (future.body.data as { result: Array<{ values: Array<[number, string]> }> }).result[0].values.at(-1)!;
    expect(last[0] * 1000).toBe(NOW);
  });

  it('refuses a range selector in a range query, as Prometheus does', async () => {
    const r = await u.call(
      '/api/v1/query_range',
      new URLSearchParams({ query: 'process_resident_memory_bytes[1m]', start: '0', end: '60', step: '15' })
    );
    expect(r.body).toMatchObject({ status: 'error', errorType: 'bad_data' });
  });
});
