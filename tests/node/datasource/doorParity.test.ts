/**
 * One answer behind every door, to the printed digit: for the same series and step, the forecast
 * panel's engine calls (planFor → the worker's fitDetails), the data source's browser path (the
 * worker's evaluate), the companion's HTTP API and the CLI's engine door (engineInput → detailAt)
 * print the same forecast, band, time to exhaustion and trend figures at the series' last point,
 * and the data source's browser path carries the same warnings as the companion's envelope. Series:
 * the demo's disk after its cleanup and its memory leak, and generated series with resets, an
 * interior gap and a trailing gap (one with all three). The trend beside a time to exhaustion covers
 * the segment the time was computed on (after the last reset). engineParity.test.ts compares whole ranges of the companion and
 * the worker; this adds the panel and the CLI at the point they show.
 */
import { engineInput, detailAt } from '../../../cli/engine';
import { type Companion, startCompanion } from '../../../companion/src/app';
import { fromRaw } from '../../../companion/src/config/loadConfig';
import { silentLogger } from '../../../companion/src/log/logger';
import { SIGNATURES } from '../../../companion/src/query/signatures';
import { DemoUpstream } from '../../../companion/src/upstream/demo/demoUpstream';
import type { Upstream } from '../../../companion/src/upstream/types';
import type { PanelSeries } from '../../../src/components/charts/panelSeries';
import { formatValue } from '../../../src/common/promValue';
import type { CallValues } from '../../../src/engine/evaluate';
import type { FitDetail } from '../../../src/engine/functions';
import type { FunctionCall } from '../../../src/engine/query';
import { callToQuery } from '../../../src/datasource/plan';
import { mulberry32 } from '../../../src/ml/core/prng';
import { fromPoint, planFor } from '../../../src/panels/forecast/engineCalls';
import { bandHeldPathWarnings } from '../../../src/engine/bandHold';
import { DEFAULT_OPTIONS, type ForecastOptions } from '../../../src/panels/forecast/types';
import { handle } from '../../../src/worker/handlers';
import { memoryUpstream } from '../../support/memoryUpstream';

// Bounds a hang only: the models are slow on a busy machine, never wrong for it.
jest.setTimeout(10 * 60_000);

async function worker<T>(method: string, args: unknown[]): Promise<T> {
  const r = await handle(method, args);
  if (!r.ok) {
    throw new Error(r.error.message);
  }
  return r.result as T;
}

async function companionOn(upstream: Upstream, now: () => number): Promise<Companion> {
  // Defaults changed, so only the options the doors spell out count.
  return startCompanion(
    fromRaw({
      listen: { port: 0 },
      upstream: { type: 'demo' },
      defaults: { train: '7d', refit: '2h', level: 0.5 },
      limits: { queryTimeout: '1h' },
    }),
    { logger: silentLogger, upstream, now }
  );
}

/** The companion's instant answer at `t` (ms): series key → value text, and the envelope's warnings. */
async function instant(
  c: Companion,
  query: string,
  t: number,
  key: (m: Record<string, string>) => string
): Promise<{ values: Map<string, string>; warnings: string[] }> {
  const r = await fetch(`${c.url}/api/v1/query`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ query, time: String(t / 1000) }).toString(),
  });
  const body = (await r.json()) as {
    status: string;
    error?: string;
    warnings?: string[];
    data: { result: Array<{ metric: Record<string, string>; value: [number, string] }> };
  };
  expect([query, body.status, body.error]).toEqual([query, 'success', undefined]);
  return {
    values: new Map(body.data.result.map((s) => [key(s.metric), s.value[1]])),
    warnings: body.warnings ?? [],
  };
}

/**
 * The panel's call as the data source and a companion user write it: the options the companion's
 * function takes (the panel also passes its field unit and capacity to the engine's physics).
 */
function asQueryCall(call: FunctionCall, func: string): FunctionCall {
  const allowed: readonly string[] = SIGNATURES[func as keyof typeof SIGNATURES].options;
  const options = Object.fromEntries(Object.entries(call.options).filter(([k]) => allowed.includes(k)));
  const { capacity, ...rest } = call;
  return { ...rest, ...(func === 'time_to_exhaustion' ? { capacity } : {}), func, options } as FunctionCall;
}

/** The count of `func`'s values held within the window's range, from a door's warnings ('0' when none says). */
function heldCount(func: string, warnings: string[]): string {
  const said = warnings
    .map((w) => new RegExp(`^${func}: (\\d+) of \\d+ values capped at forecast`).exec(w))
    .find(Boolean);
  return said ? said[1] : '0';
}

/** The warnings on values held within the window's range. */
function heldWarnings(warnings: string[] | undefined): string[] {
  return (warnings ?? []).filter((w) => w.startsWith('Band limited to forecast'));
}

/** A fit detail's figures as the doors print them. */
function figures(d: FitDetail | undefined, at?: number): Record<string, string> {
  if (!d) {
    return {};
  }
  switch (d.family) {
    case 'forecast': {
      const k = d.forecast.t.indexOf(at!);
      // Whether each bound was held within the window's range there (src/ml/forecast/bandLimit.ts): the
      // companion's and the data source's warnings count it among the values they return.
      return {
        forecast: formatValue(d.forecast.yhat[k]),
        forecast_lower: formatValue(d.forecast.lower[k]),
        forecast_upper: formatValue(d.forecast.upper[k]),
        held_lower: String(d.forecast.bandHeld?.lower[k] ?? 0),
        held_upper: String(d.forecast.bandHeld?.upper[k] ?? 0),
      };
    }
    case 'tte':
      return { time_to_exhaustion: formatValue(d.exhaustion.seconds) };
    default:
      return { trend_slope: formatValue(d.trend.slopePerSecond), trend_pvalue: formatValue(d.trend.pValue) };
  }
}

/**
 * Checks the four doors on one series at its last point, for the panel options `o` (and capacity):
 * returns the figures, so callers can check they are the ones expected.
 */
async function expectOneAnswer(
  c: Companion,
  inner: string,
  series: { t: Float64Array; v: Float64Array; unit?: string },
  o: ForecastOptions,
  capacity: number | undefined,
  key: (m: Record<string, string>) => string,
  name: string
): Promise<Record<string, string> & { warnings?: string }> {
  const panelSeries = { name, t: series.t, v: series.v, unit: series.unit } as PanelSeries;
  const plan = planFor(panelSeries, o, capacity);
  if ('problem' in plan) {
    throw new Error(plan.problem);
  }
  expect(plan.shift).toBe(0);
  // This companion's defaults differ from the engine's (companionOn): a call that leaves train= to
  // the defaults fits 3 days in the panel and the browser and 7 in the companion, and a comparison
  // whose figures all sit at a physical bound (the disk's, past its exhaustion) cannot see that.
  const unspelled = Object.entries(plan.calls).filter(([, call]) => call && call.options.train === undefined);
  expect({ name, trainLeftToDefaults: unspelled.map(([k]) => k) }).toEqual({ name, trainLeftToDefaults: [] });
  const point = plan.point;
  expect(point % 3_600_000).toBe(0);
  const horizon = plan.horizonMs;
  const step = plan.matrix.step;
  // The panel: its engine calls through the worker's fitDetails, as useForecasts makes them.
  const panel: Record<string, string> = {};
  const calls: Array<{ call: FunctionCall; funcs: string[] }> = [];
  const detailOf = async (call: FunctionCall, matrix = plan.matrix) =>
    (await worker<Array<Array<{ detail?: FitDetail }>>>('fitDetails', [matrix, [call], point]))[0][0]?.detail;
  const forecastDetail = await detailOf(plan.calls.forecast, plan.forecastMatrix);
  Object.assign(panel, figures(forecastDetail, point + horizon));
  calls.push({ call: plan.calls.forecast, funcs: ['forecast', 'forecast_lower', 'forecast_upper'] });
  const tte = plan.calls.tte ? await detailOf(plan.calls.tte) : undefined;
  if (plan.calls.tte) {
    Object.assign(panel, figures(tte));
    calls.push({ call: plan.calls.tte, funcs: ['time_to_exhaustion'] });
  }
  const trend = plan.calls.trend ? await detailOf(plan.calls.trend) : undefined;
  if (plan.calls.trend) {
    Object.assign(panel, figures(trend));
    calls.push({ call: plan.calls.trend, funcs: ['trend_slope', 'trend_pvalue'] });
  }
  // The trend printed beside a time to exhaustion is the time's own test (its slope and gate), the
  // figures the home page prints from the companion's exhaustion endpoint (trend=false interval=false).
  const printed: Record<string, string> = {};
  if (plan.calls.tte && tte?.family === 'tte') {
    expect(plan.calls.trend).toBeUndefined();
    printed.gate_slope = formatValue(tte.exhaustion.gate.slopePerSecond);
    printed.gate_pvalue = formatValue(tte.exhaustion.gate.pValue);
    const q = callToQuery({ ...asQueryCall(plan.calls.tte, 'time_to_exhaustion'), inner });
    const r = await fetch(`${c.url}/api/v1/bellwether/exhaustion`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ query: q, time: String(point / 1000), trend: 'false', interval: 'false' }).toString(),
    });
    const body = (await r.json()) as {
      data: { result: Array<{ metric: Record<string, string>; gate?: { slope: string; pvalue: string } }> };
    };
    const row = body.data.result.find((x) => key(x.metric) === name);
    expect({ door: 'home', gate_slope: row?.gate?.slope, gate_pvalue: row?.gate?.pvalue }).toEqual({
      door: 'home',
      ...printed,
    });
  }
  // The companion, the data source's browser path and the CLI, with the same options.
  const companion: Record<string, string> = {};
  const browser: Record<string, string> = {};
  const cli: Record<string, string> = {};
  const said: string[] = [];
  const input = engineInput({ t: series.t, v: series.v }, { step, train: plan.calls.forecast.options.train });
  expect(input.point).toBe(point);
  for (const { call, funcs } of calls) {
    for (const func of funcs) {
      const q = { ...asQueryCall(call, func), inner };
      const http = await instant(c, callToQuery(q), point, key);
      companion[func] = http.values.get(name) ?? 'none';
      const [mine] = await worker<CallValues[]>('evaluate', [plan.matrix, [q], [point]]);
      const v = mine.series[0]?.values[0];
      browser[func] = v === undefined || Number.isNaN(v) ? 'none' : formatValue(v);
      if (func === 'forecast_lower' || func === 'forecast_upper') {
        const bound = func === 'forecast_lower' ? 'held_lower' : 'held_upper';
        companion[bound] = heldCount(func, http.warnings);
        browser[bound] = heldCount(func, mine.warnings);
      }
      // The data source's browser path says what the companion's envelope says.
      expect([func, mine.warnings]).toEqual([func, http.warnings]);
      said.push(...http.warnings);
    }
    // The CLI's door: its fit at the point itself (refit = step), on the whole input it read.
    const { detail } = await detailAt(input, { ...call, inner: 'cli', options: { ...call.options, refit: step } });
    Object.assign(cli, figures(detail, point + horizon));
    // The panel and the CLI show the path to the horizon, and say how many of its steps were held.
    if (detail?.family === 'forecast' && forecastDetail?.family === 'forecast' && plan.forecastMatrix.step === step) {
      const shown = (t: number) => t > point && t <= point + horizon;
      expect({ door: 'cli', said: bandHeldPathWarnings(detail.forecast, shown) }).toEqual({
        door: 'cli',
        said: heldWarnings(fromPoint(forecastDetail.forecast, point, horizon, 0).warnings),
      });
    }
  }
  expect({ door: 'companion', ...companion }).toEqual({ door: 'companion', ...panel });
  expect({ door: 'data source (browser)', ...browser }).toEqual({ door: 'data source (browser)', ...panel });
  expect({ door: 'cli', ...cli }).toEqual({ door: 'cli', ...panel });
  return { ...panel, ...printed, warnings: said.join('\n') };
}

/** The panel's series for `inner`: a week of the demo at `step`, ending on the hour before `now`. */
async function demoWeek(
  demo: DemoUpstream,
  now: number,
  inner: string,
  step: number
): Promise<{ t: Float64Array; v: Float64Array }> {
  const end = Math.floor(now / 3_600_000) * 3_600_000;
  const from = end - 7 * 86_400_000;
  const r = await demo.call(
    '/api/v1/query_range',
    new URLSearchParams({
      query: inner,
      start: String(from / 1000),
      end: String(end / 1000),
      step: String(step / 1000),
    })
  );
  const [s] = (r.body.data as { result: Array<{ values: Array<[number, string]> }> }).result;
  return {
    t: Float64Array.from(s.values, ([t]) => t * 1000),
    v: Float64Array.from(s.values, ([, v]) => Number(v)),
  };
}

describe('one answer behind every door (demo disk and memory)', () => {
  const NOW = Date.UTC(2025, 5, 2, 12);
  const demo = new DemoUpstream(() => NOW);
  let c: Companion;
  beforeAll(async () => {
    c = await companionOn(demo, () => NOW);
  });
  afterAll(() => c.close());

  const demoSeries = (inner: string, step: number) => demoWeek(demo, NOW, inner, step);
  const only = () => 'demo';

  test('disk after its cleanup: full in X d everywhere, and the band stays at or above empty', async () => {
    const DISK = 'node_filesystem_avail_bytes{instance="db-1:9100",mountpoint="/var/lib/postgresql"}';
    const s = await demoSeries(DISK, 30 * 60_000);
    const o = { ...DEFAULT_OPTIONS, horizon: '20d', direction: 'down' as const, train: '7d' };
    const f = await expectOneAnswer(c, DISK, { ...s, unit: 'bytes' }, o, 0, only, 'demo');
    // A fill within the horizon, and a band that does not go below 0 free bytes.
    expect(Number(f.time_to_exhaustion)).toBeGreaterThan(86_400);
    expect(Number(f.time_to_exhaustion)).toBeLessThan(20 * 86_400);
    expect(Number(f.forecast_lower)).toBe(0);
    expect(f.warnings).toContain(
      'forecast_lower: 1 of 1 values held at the physical bounds, floor 0 B (the series was never negative)'
    );
  });

  test('memory leak: the same slope and p-value everywhere, and a significant one', async () => {
    const MEMORY = 'process_resident_memory_bytes{instance="api-1:8080"}';
    const s = await demoSeries(MEMORY, 15 * 60_000);
    const o = { ...DEFAULT_OPTIONS, horizon: '1d', train: '1d' };
    const f = await expectOneAnswer(c, MEMORY, { ...s, unit: 'bytes' }, o, 4e9, only, 'demo');
    expect(Number(f.gate_slope)).toBeGreaterThan(0);
    expect(Number(f.gate_pvalue)).toBeLessThan(0.005);
  });
});

/**
 * Far ahead of a short window the band is held within the window's range (src/ml/forecast/bandLimit.ts):
 * every door says so for the value it returns at the point (1 of 1), `auto`'s combination and a model
 * chosen by name alike; the panel and the CLI say how many steps of the path they show. At these times
 * the checkout errors' upper bound 7 days ahead of 3 is the combination's, held (the companion read
 * 15,243 errors/s before the hold, the window at most 2.07), and the p99 latency's with
 * model=seasonal_naive is held too (its 7-day bound read 12.8 s on the demo, the window at most 3 s).
 */
describe('one answer behind every door (a band held far ahead)', () => {
  test.each([
    ['shop_checkout_errors_per_second', 'auto', Date.UTC(2026, 11, 6, 16)],
    [
      'http_request_duration_seconds{quantile="0.99",instance="api-1:8080"}',
      'seasonal_naive',
      Date.UTC(2025, 5, 2, 12),
    ],
  ])('%s (%s) 7 days ahead of 3: the upper bound held, and said so everywhere', async (inner, model, now) => {
    const demo = new DemoUpstream(() => now);
    const c = await companionOn(demo, () => now);
    try {
      const s = await demoWeek(demo, now, inner, 5 * 60_000);
      const o = {
        ...DEFAULT_OPTIONS,
        horizon: '7d',
        train: '3d',
        showTrend: false,
        model: model as ForecastOptions['model'],
      };
      const f = await expectOneAnswer(c, inner, s, o, undefined, () => 'demo', 'demo');
      expect(f.held_upper).toBe('1');
      expect(f.warnings).toContain('forecast_upper: 1 of 1 values capped at forecast + 0.75 × training max−min');
    } finally {
      await c.close();
    }
  });
});

describe('one answer behind every door (resets, gaps, trailing gaps)', () => {
  const STEP = 60_000;
  const T0 = Date.UTC(2024, 0, 1);
  // The last point lies on the hour, where the panel's and the companion's hourly refit fits, as the
  // CLI always fits at its last point (refit = step).
  const N = 2401;
  const rnd = mulberry32(11);
  const make = (f: (i: number) => number) => Float64Array.from({ length: N }, (_, i) => f(i));
  const cycle = (i: number) => 10 * Math.sin((2 * Math.PI * i) / 120);
  // A leak that restarts every 900 minutes; a filling disk with interior gaps; one whose last 20 samples are missing.
  const leak = make((i) => 200 + 0.2 * (i % 900) + rnd());
  const gapped = make((i) => 100 + 0.05 * i + cycle(i) + rnd());
  gapped.fill(NaN, 1500, 1530);
  gapped.fill(NaN, N - 150, N - 140);
  const trailing = make((i) => 80 + 0.03 * i + cycle(i) + rnd());
  trailing.fill(NaN, N - 20);
  // A disk filling 0.25 a minute, cleaned up 600 minutes before the end, with a gap after the clean-up
  // and its last 15 samples missing: over the day's window the teeth cancel out (no significant trend).
  const cleaned = make((i) => (i < N - 600 ? 300 + 0.25 * i : 350 + 0.25 * (i - N + 600)) + cycle(i) + rnd());
  cleaned.fill(NaN, N - 300, N - 280);
  cleaned.fill(NaN, N - 15);
  const series = { leak, gapped, trailing, cleaned };
  const upstream = memoryUpstream(
    Object.entries(series).map(([instance, values]) => ({ labels: { __name__: 'demo', instance }, values })),
    T0,
    STEP,
    // Each query selects its one series, so the companion's envelope holds that series' warnings
    // alone (they name per series what cut the rate spread's span), as the data source's does.
    { matchLabels: true }
  );
  let c: Companion;
  beforeAll(async () => {
    c = await companionOn(upstream, () => T0 + 10 * N * STEP);
  });
  afterAll(() => c.close());
  const t = Float64Array.from({ length: N }, (_, i) => T0 + i * STEP);

  test.each(Object.keys(series))('%s', async (name) => {
    const o = { ...DEFAULT_OPTIONS, horizon: '12h', train: '1d' };
    const f = await expectOneAnswer(
      c,
      `demo{instance="${name}"}`,
      { t, v: series[name as keyof typeof series] },
      o,
      1000,
      (m) => m.instance,
      name
    );
    // Every door gave a forecast and a trend test (not an empty answer compared with an empty one).
    expect(Object.values(f).filter((x) => x !== 'none').length).toBeGreaterThanOrEqual(6);
    if (name === 'cleaned' || name === 'leak') {
      // Since the last clean-up or restart the series rises steadily: so does the trend beside it.
      expect(Number(f.gate_slope)).toBeGreaterThan(0);
      expect(Number(f.gate_pvalue)).toBeLessThan(0.005);
    }
  });
});
