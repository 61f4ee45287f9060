/**
 * The 7-day band of the demo's bursty checkout series (`npm start`) through the companion:
 * `forecast_upper(x, 7d)` on the default 3-day window at step 5m asks 2.3 times as far ahead as the
 * window. Before the band was held within the window's range (src/ml/forecast/bandLimit.ts), at this
 * time the upper bounds were 15,243 errors/s (the window's data at most 2.07), a queue of 111,413 (at
 * most 166) and 172 s of latency (at most 1.54 s).
 */
import { type Companion, startCompanion } from '../../../companion/src/app';
import { fromRaw } from '../../../companion/src/config/loadConfig';
import { silentLogger } from '../../../companion/src/log/logger';
import { demoSeries } from '../../../companion/src/upstream/demo/demoSeries';
import { get } from './harness';

/** The evaluation time of the figures above (2026-12-06 16:05:08 UTC), in seconds. */
const AT = 1796573108;
const WINDOW_S = 3 * 86_400;

let companion: Companion;

beforeAll(async () => {
  companion = await startCompanion(fromRaw({ listen: { host: '127.0.0.1', port: 0 }, upstream: { type: 'demo' } }), {
    logger: silentLogger,
    now: () => AT * 1000,
  });
});
afterAll(async () => {
  await companion?.close();
});

/** Lowest and highest sample of a demo series over the 3 days before AT, at 5 minutes. */
function extent(name: string): [number, number] {
  const s = demoSeries().find((d) => d.labels.__name__ === name)!;
  let lo = Infinity;
  let hi = -Infinity;
  for (let t = (AT - WINDOW_S) * 1000; t <= AT * 1000; t += 300_000) {
    lo = Math.min(lo, s.at(t));
    hi = Math.max(hi, s.at(t));
  }
  return [lo, hi];
}

it.each(['shop_checkout_errors_per_second', 'shop_queue_depth', 'shop_checkout_latency_seconds'])(
  '%s: the 7-day upper bound stays within three ranges of the window',
  async (name) => {
    const r = await get(companion.url, '/api/v1/query', {
      query: `forecast_upper(${name}, 7d)`,
      time: String(AT),
    });
    expect([r.status, r.body.error]).toEqual([200, undefined]);
    const upper = Number(r.body.data.result[0].value[1]);
    const [lo, hi] = extent(name);
    expect(upper).toBeLessThanOrEqual(hi + 3 * (hi - lo));
  }
);

/**
 * The demo's p99 latency of api-1: about 0.3 s with spikes to 3 s. No season is detected, so seasonal
 * naive and naive2 are the naive random walk, whose band over one-step differences (the spikes' among
 * them) grows with the square root of the steps ahead: before the hold on models chosen by name,
 * `forecast_upper(…, 7d)` read 12.7 s with either. Held within 0.75 ranges of the window, and said in
 * the envelope.
 */
const P99 = 'http_request_duration_seconds{quantile="0.99",instance="api-1:8080"}';
it.each([', "model=seasonal_naive"', ', "model=naive2"'])(
  'p99 latency%s: the 7-day upper bound below the window’s highest value, and the hold said',
  async (options) => {
    const r = await get(companion.url, '/api/v1/query', {
      query: `forecast_upper(${P99}, 7d${options})`,
      time: String(AT),
    });
    expect([r.status, r.body.error]).toEqual([200, undefined]);
    const upper = Number(r.body.data.result[0].value[1]);
    const s = demoSeries().find(
      (d) =>
        d.labels.__name__ === 'http_request_duration_seconds' &&
        d.labels.quantile === '0.99' &&
        d.labels.instance === 'api-1:8080'
    )!;
    let hi = -Infinity;
    for (let t = (AT - WINDOW_S) * 1000; t <= AT * 1000; t += 60_000) {
      hi = Math.max(hi, s.at(t));
    }
    expect(upper).toBeLessThan(hi);
    expect(r.body.warnings).toEqual(['forecast_upper: 1 of 1 values capped at forecast + 0.75 × training max−min']);
  }
);

/**
 * `auto` on the same p99: its backtest ranked Holt's linear trend 2 % ahead of the random walk, and
 * the 7-day upper bound was Holt's band held at 4 ranges of the window, 11.41 s (the window at most
 * 2.91 s). A candidate whose band the hold would cut now gives way to one within 50 % of its score that
 * keeps its own (src/ml/forecast/heldChoice.ts): nothing held, nothing to warn of.
 */
it('p99 latency with auto: the 7-day upper bound below the window’s highest value, its own band', async () => {
  const r = await get(companion.url, '/api/v1/query', { query: `forecast_upper(${P99}, 7d)`, time: String(AT) });
  expect([r.status, r.body.error]).toEqual([200, undefined]);
  const upper = Number(r.body.data.result[0].value[1]);
  const s = demoSeries().find(
    (d) =>
      d.labels.__name__ === 'http_request_duration_seconds' &&
      d.labels.quantile === '0.99' &&
      d.labels.instance === 'api-1:8080'
  )!;
  let hi = -Infinity;
  for (let t = (AT - WINDOW_S) * 1000; t <= AT * 1000; t += 60_000) {
    hi = Math.max(hi, s.at(t));
  }
  expect(upper).toBeLessThan(hi);
  expect(r.body.warnings ?? []).toEqual([]);
});

it('a range query over several series counts the held values among all it returns, and names the series held', async () => {
  const r = await get(companion.url, '/api/v1/query_range', {
    query: `forecast_upper(http_request_duration_seconds{quantile="0.99"}, 7d, "model=seasonal_naive step=1h")`,
    start: String(AT - 6 * 3600),
    end: String(AT),
    step: '3600',
  });
  expect([r.status, r.body.error]).toEqual([200, undefined]);
  const result = r.body.data.result as Array<{ values: unknown[] }>;
  const returned = result.reduce((n, s) => n + s.values.length, 0);
  const said = (r.body.warnings as string[])
    .map((w) =>
      /^forecast_upper: (\d+) of (\d+) values capped at forecast \+ 0\.75 × training max−min, in (\d+) of (\d+) series \((.*)\)$/.exec(
        w
      )
    )
    .find(Boolean);
  // Some fits held their bound and some did not: the count is of every value returned, not of theirs.
  expect(Number(said![2])).toBe(returned);
  expect(Number(said![1])).toBeGreaterThan(0);
  expect(Number(said![1])).toBeLessThan(returned);
  // The series held are named by their labels (the function drops the name), among the query's two.
  expect(said![4]).toBe(String(result.length));
  const named = said![5].split('; ');
  expect(named).toHaveLength(Number(said![3]));
  for (const n of named) {
    expect(n).toMatch(
      /^\{handler="\/api\/orders", instance="api-[12]:8080", job="api", quantile="0\.99"\}$/
    );
  }
});
