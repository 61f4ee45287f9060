/**
 * Recording rules end to end: a real Prometheus scrapes the companion's /metrics (OpenMetrics) and
 * the test reads the recorded derived series back from Prometheus. The companion's clock is pinned
 * to the end of the backfilled history so the rules have data to evaluate. Slope and p-value are
 * checked against the fixture's exact ramp and against Prometheus' own deriv().
 */
import { type Companion, startCompanion } from '../../../companion/src/app';
import { fromRaw } from '../../../companion/src/config/loadConfig';
import { silentLogger } from '../../../companion/src/log/logger';
import { startPrometheus, type TestPrometheus } from '../../support/prometheus';
import { until } from '../../support/until';
import { diskAt, HOUR, historyOpenMetrics, window } from './fixtures';
import { get } from './harness';

let prom: TestPrometheus;
let companion: Companion;
const { start, end } = window();

beforeAll(async () => {
  prom = await startPrometheus({ openMetrics: historyOpenMetrics(start, end) });
  companion = await startCompanion(
    fromRaw({
      listen: { port: 0 },
      upstream: { url: prom.url },
      rules: {
        interval: '1s',
        step: '1m',
        series: [
          {
            name: 'bw_disk',
            expr: 'bw_disk_avail_bytes',
            record: ['forecast', 'time_to_exhaustion', 'trend'],
            horizon: '1h',
            capacity: 0,
            options: 'train=1d model=linear',
          },
          { name: 'bw_cpu', expr: 'bw_cpu', record: ['anomaly'], options: 'train=1d' },
        ],
      },
    }),
    { logger: silentLogger, now: () => end }
  );
  await prom.scrape([{ job: 'bellwether', target: new URL(companion.url).host, honorLabels: true }]);
});

afterAll(async () => {
  await companion?.close();
  await prom?.stop();
});

/** Polls Prometheus until `query` returns `n` series (recorded samples arrive with scrapes). */
async function readBack(
  query: string,
  n: number
): Promise<Array<{ metric: Record<string, string>; value: [number, string] }>> {
  return until(`${n} series of ${query} in Prometheus`, async () => {
    const result = (await get(prom.url, '/api/v1/query', { query })).body?.data?.result ?? [];
    return result.length >= n && result;
  });
}

it('exposes the recorded series on /metrics as OpenMetrics text', async () => {
  await companion.rules.evaluateOnce();
  const r = await fetch(companion.url + '/metrics', {
    headers: { Accept: 'application/openmetrics-text; version=1.0.0' },
  });
  expect(r.headers.get('content-type')).toBe('application/openmetrics-text; version=1.0.0; charset=utf-8');
  const text = await r.text();
  expect(text.endsWith('# EOF\n')).toBe(true);
  expect(text).toContain('# TYPE bw_disk:time_to_exhaustion_seconds gauge');
  expect(text).toContain('bw_disk:time_to_exhaustion_seconds{instance="node-a",job="node",mountpoint="/data"} 748800');
});

it('Prometheus scrapes the companion', async () => {
  const up = await readBack('up{job="bellwether"} == 1', 1);
  expect(up).toHaveLength(1);
});

it('records <name>:time_to_exhaustion_seconds (208 h for the fixture ramp)', async () => {
  const [s] = await readBack('bw_disk:time_to_exhaustion_seconds', 1);
  expect(s.metric).toMatchObject({
    __name__: 'bw_disk:time_to_exhaustion_seconds',
    instance: 'node-a',
    mountpoint: '/data',
    job: 'node',
  });
  expect(Number(s.value[1])).toBeCloseTo(diskAt(end, start) / (1e9 / 3600), -1);
});

it('records <name>:predicted with ml_forecast="yhat|yhat_lower|yhat_upper"', async () => {
  const r = await readBack('bw_disk:predicted', 3);
  const byBand = Object.fromEntries(r.map((s) => [s.metric.ml_forecast, Number(s.value[1])]));
  expect(Object.keys(byBand).sort()).toEqual(['yhat', 'yhat_lower', 'yhat_upper']);
  expect(byBand.yhat / 1e9).toBeCloseTo(diskAt(end + HOUR, start) / 1e9, 3);
  expect(byBand.yhat_lower).toBeLessThanOrEqual(byBand.yhat);
  expect(byBand.yhat_upper).toBeGreaterThanOrEqual(byBand.yhat);
});

it('records <name>:anomaly_score, _upper and _lower per inner series', async () => {
  const score = await readBack('bw_cpu:anomaly_score', 2);
  expect(score.map((s) => s.metric.instance).sort()).toEqual(['node-a', 'node-b']);
  for (const s of score) {
    expect(Number(s.value[1])).toBeGreaterThanOrEqual(0);
    expect(Number(s.value[1])).toBeLessThanOrEqual(1);
  }
  const lower = await readBack('bw_cpu:anomaly_lower', 2);
  const upper = await readBack('bw_cpu:anomaly_upper', 2);
  for (const lo of lower) {
    const hi = upper.find((u) => u.metric.instance === lo.metric.instance)!;
    expect(Number(lo.value[1])).toBeLessThanOrEqual(Number(hi.value[1]));
  }
});

it('records <name>:trend_slope (per second, -1e9/3600 for the exact ramp) and <name>:trend_pvalue', async () => {
  const [slope] = await readBack('bw_disk:trend_slope', 1);
  expect(slope.metric).toMatchObject({ __name__: 'bw_disk:trend_slope', instance: 'node-a', mountpoint: '/data' });
  // Sen's slope of an exact linear ramp is its slope: 1 GB per hour down.
  expect(Number(slope.value[1]) / (-1e9 / 3600)).toBeCloseTo(1, 9);
  // Strictly falling over a day of 1-minute samples: |Z| ≈ 57, far below any alert threshold.
  const [p] = await readBack('bw_disk:trend_pvalue', 1);
  expect(p.metric).toMatchObject({ __name__: 'bw_disk:trend_pvalue', instance: 'node-a', mountpoint: '/data' });
  expect(Number(p.value[1])).toBeLessThan(1e-10);
  // Prometheus' own deriv() over the same raw history agrees on the slope's unit (per second).
  const d = await get(prom.url, '/api/v1/query', { query: 'deriv(bw_disk_avail_bytes[1h])', time: String(end / 1000) });
  expect(Number(d.body.data.result[0].value[1]) / Number(slope.value[1])).toBeCloseTo(1, 6);
});
