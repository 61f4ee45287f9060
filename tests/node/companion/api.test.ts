/**
 * The companion against a real Prometheus with backfilled history (fixtures.ts): Grafana's health
 * query, every function by instant and range query, the passthrough endpoints, and instant-versus-
 * range consistency. Expected numbers are worked out from the fixture formulas, or come from
 * Prometheus itself (deriv, label endpoints).
 */
import { type Companion, startCompanion } from '../../../companion/src/app';
import { fromRaw } from '../../../companion/src/config/loadConfig';
import { silentLogger } from '../../../companion/src/log/logger';
import { SIGNATURES } from '../../../companion/src/query/signatures';
import { anomalyStarts, diskAt, HOUR, MINUTE } from './fixtures';
import { get, type Harness, postForm, startHarness } from './harness';

let h: Harness;
const sec = (ms: number) => String(ms / 1000);

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.stop();
});

/** One example query per function (inner PromQL and options chosen for the fixtures). */
const EXAMPLES: Record<keyof typeof SIGNATURES, string> = {
  anomaly_score: 'anomaly_score(bw_cpu, "train=1d")',
  anomaly_upper: 'anomaly_upper(bw_cpu, "train=1d")',
  anomaly_lower: 'anomaly_lower(bw_cpu, "train=1d")',
  forecast: 'forecast(bw_disk_avail_bytes, 1h, "train=1d model=linear")',
  forecast_upper: 'forecast_upper(bw_disk_avail_bytes, 1h, "train=1d model=linear")',
  forecast_lower: 'forecast_lower(bw_disk_avail_bytes, 1h, "train=1d model=linear")',
  time_to_exhaustion: 'time_to_exhaustion(bw_disk_avail_bytes, 0, "train=1d")',
  trend_slope: 'trend_slope(bw_disk_avail_bytes, "train=1d")',
  trend_pvalue: 'trend_pvalue(bw_disk_avail_bytes, "train=1d")',
  outliers: 'outliers(bw_pod_cpu, "by=job, algorithm=mad")',
  outliers_upper: 'outliers_upper(bw_pod_cpu, "by=job algorithm=dbscan")',
  outliers_lower: 'outliers_lower(bw_pod_cpu, "by=job")',
};

async function instant(query: string, t: number) {
  const r = await postForm(h.companion.url, '/api/v1/query', { query, time: sec(t) });
  expect(r).toMatchObject({ status: 200, body: { status: 'success', data: { resultType: 'vector' } } });
  return r.body.data.result as Array<{ metric: Record<string, string>; value: [number, string] }>;
}

async function range(query: string, start: number, end: number, step = 60) {
  const r = await postForm(h.companion.url, '/api/v1/query_range', {
    query,
    start: sec(start),
    end: sec(end),
    step: String(step),
  });
  expect(r).toMatchObject({ status: 200, body: { status: 'success', data: { resultType: 'matrix' } } });
  return r.body.data.result as Array<{ metric: Record<string, string>; values: Array<[number, string]> }>;
}

describe('Grafana data source health check', () => {
  it('answers 1+1 sent as a POST form exactly like Grafana', async () => {
    const r = await fetch(h.companion.url + '/api/v1/query', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'User-Agent': 'Grafana/12.4.2' },
      body: 'query=1%2B1&time=1700000000',
    });
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ status: 'success', data: { resultType: 'scalar', result: [1700000000, '2'] } });
  });

  it('answers the same query by GET', async () => {
    const r = await get(h.companion.url, '/api/v1/query', { query: '1+1', time: '1700000000' });
    expect(r.body).toEqual({ status: 'success', data: { resultType: 'scalar', result: [1700000000, '2'] } });
  });
});

describe.each(Object.entries(EXAMPLES))('%s', (func, query) => {
  it('answers an instant query with the inner series labels, without __name__', async () => {
    const result = await instant(query, h.end);
    const inner = await get(h.prom.url, '/api/v1/query', {
      query: query
        .slice(func.length + 1)
        .split(',')[0]
        .replace(/\)$/, ''),
      time: sec(h.end),
    });
    const expectedLabels = inner.body.data.result.map((s: any) => {
      const { __name__: _n, ...rest } = s.metric;
      return rest;
    });
    expect(result.map((s) => s.metric)).toEqual(expect.arrayContaining(expectedLabels));
    expect(result).toHaveLength(expectedLabels.length);
    for (const s of result) {
      expect(s.value[0]).toBe(h.end / 1000);
      expect(Number.isNaN(Number(s.value[1]))).toBe(false);
    }
  });

  it('answers a range query with one point per step', async () => {
    const result = await range(query, h.end - HOUR, h.end);
    expect(result.length).toBeGreaterThan(0);
    for (const s of result) {
      expect(s.metric.__name__).toBeUndefined();
      expect(s.values).toHaveLength(61);
      expect(s.values[0][0]).toBe((h.end - HOUR) / 1000);
    }
  });

  it('gives an instant query at t the same value as the range query point at t (same step)', async () => {
    // A start that is not a multiple of the step: both queries evaluate on the same epoch grid.
    const start = h.end - 3 * HOUR + 17_000;
    const r = await range(query, start, h.end, 60);
    const byLabels = new Map(r.map((s) => [JSON.stringify(s.metric), new Map(s.values.map(([t, v]) => [t, v]))]));
    for (const k of [0, 1, 59, 60, 61, 119, 150, 179]) {
      const t = start + k * MINUTE;
      const inst = await instant(query, t);
      expect(inst.length).toBe(r.length);
      for (const s of inst) {
        expect(s.value[1]).toBe(byLabels.get(JSON.stringify(s.metric))!.get(t / 1000));
      }
    }
  });
});

describe('values worked out from the fixtures', () => {
  const disk = { instance: 'node-a', job: 'node', mountpoint: '/data' };

  it('time_to_exhaustion of the ramp is the free space over the fill rate (208 GB at 1 GB/h = 208 h)', async () => {
    const [s] = await instant(EXAMPLES.time_to_exhaustion, h.end);
    expect(s.metric).toEqual(disk);
    const expected = diskAt(h.end, h.start) / (1e9 / 3600); // seconds
    expect(Number(s.value[1])).toBeCloseTo(expected, -1);
  });

  it('time_to_exhaustion counts down between refits', async () => {
    const [a] = await instant(EXAMPLES.time_to_exhaustion, h.end - 50 * MINUTE);
    const expected = diskAt(h.end - 50 * MINUTE, h.start) / (1e9 / 3600);
    expect(Number(a.value[1])).toBeCloseTo(expected, -1);
  });

  it('forecast(x, 1h) at t is the ramp value at t + 1h, inside its interval', async () => {
    const [y] = await instant(EXAMPLES.forecast, h.end);
    const [lo] = await instant(EXAMPLES.forecast_lower, h.end);
    const [hi] = await instant(EXAMPLES.forecast_upper, h.end);
    expect(Number(y.value[1]) / 1e9).toBeCloseTo(diskAt(h.end + HOUR, h.start) / 1e9, 3);
    expect(Number(lo.value[1])).toBeLessThanOrEqual(Number(y.value[1]));
    expect(Number(hi.value[1])).toBeGreaterThanOrEqual(Number(y.value[1]));
  });

  it("trend_slope of the ramp equals Prometheus' deriv() over the same window (-1e9/3600 per second)", async () => {
    const [s] = await instant(EXAMPLES.trend_slope, h.end);
    const deriv = await get(h.prom.url, '/api/v1/query', { query: 'deriv(bw_disk_avail_bytes[1d])', time: sec(h.end) });
    expect(Number(s.value[1])).toBeCloseTo(-1e9 / 3600, 3);
    expect(Number(s.value[1])).toBeCloseTo(Number(deriv.body.data.result[0].value[1]), 3);
  });

  it('trend_pvalue of a noise-free ramp is essentially zero', async () => {
    const [s] = await instant(EXAMPLES.trend_pvalue, h.end);
    expect(Number(s.value[1])).toBeLessThan(1e-6);
  });

  it('anomaly_score peaks on the injected CPU anomalies and not on the clean instance', async () => {
    for (const a of anomalyStarts(h.end)) {
      const r = await range(EXAMPLES.anomaly_score, a - 30 * MINUTE, a + 9 * MINUTE);
      const a1 = r.find((s) => s.metric.instance === 'node-a')!.values;
      const b1 = r.find((s) => s.metric.instance === 'node-b')!.values;
      const maxOf = (vals: Array<[number, string]>, from: number, to: number) =>
        Math.max(...vals.filter(([t]) => t * 1000 >= from && t * 1000 < to).map(([, v]) => Number(v)));
      const during = maxOf(a1, a, a + 10 * MINUTE);
      expect(during).toBeGreaterThan(maxOf(a1, a - 30 * MINUTE, a));
      expect(during).toBeGreaterThan(maxOf(b1, a - 30 * MINUTE, a + 10 * MINUTE));
    }
  });

  it('anomaly_lower <= anomaly_upper at every point', async () => {
    const lo = await range(EXAMPLES.anomaly_lower, h.end - 2 * HOUR, h.end);
    const hi = await range(EXAMPLES.anomaly_upper, h.end - 2 * HOUR, h.end);
    for (const s of lo) {
      const up = hi.find((x) => x.metric.instance === s.metric.instance)!;
      s.values.forEach(([, v], i) => expect(Number(v)).toBeLessThanOrEqual(Number(up.values[i][1])));
    }
  });

  it('anomaly_score over rate() of a counter works: the inner PromQL goes to Prometheus unchanged', async () => {
    const r = await instant('anomaly_score(rate(bw_requests_total[5m]), "train=1d")', h.end);
    expect(r.map((s) => s.metric)).toEqual([{ instance: 'node-a', job: 'api' }]);
  });

  it('a trailing comparison filters, and with bool returns 0/1', async () => {
    const a = anomalyStarts(h.end)[0];
    const [from, to] = [a - 10 * MINUTE, a + 10 * MINUTE];
    const plain = await range(EXAMPLES.anomaly_score, from, to);
    // A threshold between the clean instance's highest score and the anomaly's: only node-a passes.
    const maxOf = (inst: string) =>
      Math.max(...plain.find((s) => s.metric.instance === inst)!.values.map(([, v]) => Number(v)));
    const thr = (maxOf('node-a') + maxOf('node-b')) / 2;
    const above = plain.flatMap((s) =>
      s.values.filter(([, v]) => Number(v) > thr).map(([t, v]) => [s.metric.instance, t, v])
    );
    const filtered = await range(`${EXAMPLES.anomaly_score} > ${thr}`, from, to);
    expect(filtered.map((s) => s.metric.instance)).toEqual(['node-a']);
    expect(filtered.flatMap((s) => s.values.map(([t, v]) => [s.metric.instance, t, v]))).toEqual(above);
    const bool = await range(`${EXAMPLES.anomaly_score} > bool ${thr}`, from, to);
    expect(bool).toHaveLength(2);
    const ones = bool.flatMap((s) => s.values.map(([, v]) => v));
    expect(new Set(ones)).toEqual(new Set(['0', '1']));
    expect(ones.filter((v) => v === '1')).toHaveLength(above.length);
  });
});

describe('cache and incremental updates', () => {
  it('an instant query one step later costs one short upstream query', async () => {
    // An inner query no other test uses, so its history starts empty.
    const q = 'anomaly_score(bw_cpu{job="node"}, "train=1d sensitivity=0.7")';
    const t = h.end - 20 * MINUTE;
    await instant(q, t);
    const before = { ...h.companion.history.stats };
    const again = await instant(q, t + MINUTE);
    expect(again).toHaveLength(2);
    expect(h.companion.history.stats.upstreamRequests - before.upstreamRequests).toBe(1);
    expect(h.companion.history.stats.upstreamPoints - before.upstreamPoints).toBe(2); // one new point per series
  });

  it('keeps the cache within its byte bound', () => {
    expect(h.companion.cache.bytes).toBeLessThanOrEqual(h.companion.cache.maxBytes);
    expect(h.companion.cache.size).toBeGreaterThan(0);
  });
});

describe('points younger than cache.settle', () => {
  let fresh: Companion;
  beforeAll(async () => {
    // Its clock is 30 s after the last sample: the newest grid point is not settled yet, so it is
    // fetched on every query and evaluated on copies of the cached models.
    fresh = await startCompanion(
      fromRaw({ listen: { port: 0 }, upstream: { url: h.prom.url }, cache: { settle: '1m' } }),
      {
        logger: silentLogger,
        now: () => h.end + 30_000,
      }
    );
  });
  afterAll(async () => {
    await fresh?.close();
  });

  it.each(Object.entries(EXAMPLES))('%s gives the same values as when everything is settled', async (_f, query) => {
    const ask = (base: string) =>
      postForm(base, '/api/v1/query_range', { query, start: sec(h.end - 10 * MINUTE), end: sec(h.end), step: '60' });
    const settled = await ask(h.companion.url);
    expect(await ask(fresh.url)).toEqual(settled);
    expect(await ask(fresh.url)).toEqual(settled); // the copies did not disturb the cached state
  });
});

describe('passthrough and metadata endpoints', () => {
  const cases: Array<[string, Record<string, string | string[]>]> = [
    ['/api/v1/labels', {}],
    ['/api/v1/labels', { 'match[]': 'bw_cpu' }],
    ['/api/v1/label/instance/values', {}],
    ['/api/v1/label/__name__/values', {}],
    ['/api/v1/series', { 'match[]': ['bw_cpu', 'bw_disk_avail_bytes'], start: '0', end: '4102444800' }],
    ['/api/v1/metadata', {}],
    ['/api/v1/query', { query: 'bw_cpu', time: '0' }],
  ];
  it.each(cases)('%s %j answers exactly what Prometheus answers', async (path, params) => {
    const ours = await get(h.companion.url, path, params);
    const theirs = await get(h.prom.url, path, params);
    expect(ours.status).toBe(theirs.status);
    expect(ours.body).toEqual(theirs.body);
  });

  it('passes plain PromQL range queries through', async () => {
    const params = { query: 'rate(bw_requests_total[5m])', start: sec(h.end - HOUR), end: sec(h.end), step: '60' };
    const ours = await postForm(h.companion.url, '/api/v1/query_range', params);
    const theirs = await postForm(h.prom.url, '/api/v1/query_range', params);
    expect(ours.body).toEqual(theirs.body);
  });

  it('serves buildinfo without a features map, and the optional endpoints Grafana tolerates', async () => {
    const b = await get(h.companion.url, '/api/v1/status/buildinfo');
    expect(b.status).toBe(200);
    expect(b.body.data.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(b.body.data.features).toBeUndefined();
    expect((await get(h.companion.url, '/api/v1/query_exemplars', { query: 'x' })).body).toEqual({
      status: 'success',
      data: [],
    });
    expect((await get(h.companion.url, '/api/v1/rules')).body).toEqual({ status: 'success', data: { groups: [] } });
  });

  it('answers /-/healthy and /-/ready like Prometheus', async () => {
    expect(await get(h.companion.url, '/-/healthy')).toEqual({
      status: 200,
      body: 'Bellwether companion is Healthy.\n',
    });
    expect(await get(h.companion.url, '/-/ready')).toEqual({ status: 200, body: 'Bellwether companion is Ready.\n' });
  });
});
