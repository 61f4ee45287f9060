/**
 * The forecast panel draws, beside a time to exhaustion, the forecast that time was searched on: its
 * dashed line reaches the limit at the readout's time and its band's edges at the readout's interval
 * (each within one forecast step), inside the physical bounds, and the legend names that model.
 * Before: the demo disk's readout came from the Prophet-style model (11.5 d, "7.0 d or later") while
 * the chart drew "combination", reaching the limit at 12.3 d with a band edge at 11.0 d.
 */
import { DemoUpstream } from '../../../companion/src/upstream/demo/demoUpstream';
import type { PanelSeries } from '../../../src/components/charts/panelSeries';
import type { FitDetail } from '../../../src/engine/functions';
import type { FunctionCall } from '../../../src/engine/query';
import type { TimeToExhaustion } from '../../../src/ml/tte';
import { deniedCrossing, exhaustionForecast, fromPoint, planFor } from '../../../src/panels/forecast/engineCalls';
import { DEFAULT_OPTIONS, type ForecastOptions } from '../../../src/panels/forecast/types';
import { mulberry32 } from '../../../src/ml/core/prng';
import { handle } from '../../../src/worker/handlers';

// Bounds a hang only: the models are slow on a busy machine, never wrong for it.
jest.setTimeout(10 * 60_000);

async function detail(matrix: unknown, call: FunctionCall, point: number): Promise<FitDetail | undefined> {
  const r = await handle('fitDetails', [matrix, [call], point]);
  if (!r.ok) {
    throw new Error(r.error.message);
  }
  return (r.result as Array<Array<{ detail?: FitDetail }>>)[0][0]?.detail;
}

/** First time the drawn line (from the last sample through the path) reaches `limit`; Infinity if never. */
function crossing(t0: number, y0: number, t: Float64Array, y: Float64Array, limit: number, up: boolean): number {
  let [pt, py] = [t0, y0];
  for (let k = 0; k < t.length; k++) {
    if (up ? y[k] >= limit : y[k] <= limit) {
      return y[k] === py ? t[k] : pt + ((limit - py) / (y[k] - py)) * (t[k] - pt);
    }
    [pt, py] = [t[k], y[k]];
  }
  return Infinity;
}

const NOW = Date.UTC(2025, 5, 2, 12);
const demo = new DemoUpstream(() => NOW);

async function demoSeries(inner: string, step: number): Promise<PanelSeries> {
  const end = Math.floor(NOW / 3_600_000) * 3_600_000;
  const params = { query: inner, start: String((end - 7 * 86_400_000) / 1000), end: String(end / 1000) };
  const r = await demo.call('/api/v1/query_range', new URLSearchParams({ ...params, step: String(step / 1000) }));
  const [s] = (r.body.data as { result: Array<{ values: Array<[number, string]> }> }).result;
  return {
    name: 'demo',
    unit: 'bytes',
    t: Float64Array.from(s.values, ([t]) => t * 1000),
    v: Float64Array.from(s.values, ([, v]) => Number(v)),
  } as PanelSeries;
}

/** What the panel draws and reads out for one series (useForecasts' choice, through the worker). */
async function panelOf(s: PanelSeries, o: ForecastOptions, capacity: number) {
  const plan = planFor(s, o, capacity);
  if ('problem' in plan) {
    throw new Error(plan.problem);
  }
  const tte = await detail(plan.matrix, plan.calls.tte!, plan.point);
  const e = (tte as Extract<FitDetail, { family: 'tte' }>).exhaustion as TimeToExhaustion;
  const searched = exhaustionForecast(e, o.level, plan.point + plan.horizonMs);
  expect(searched).toBeDefined();
  return { plan, e, drawn: fromPoint(searched!, plan.point, plan.horizonMs, plan.shift) };
}

describe('the forecast panel draws the forecast its time to exhaustion searched', () => {
  test.each([
    {
      name: 'disk (free bytes falling to 0)',
      inner: 'node_filesystem_avail_bytes{instance="db-1:9100",mountpoint="/var/lib/postgresql"}',
      step: 30 * 60_000,
      o: { ...DEFAULT_OPTIONS, horizon: '30d', direction: 'down' as const },
      capacity: 0,
    },
    {
      name: 'memory (rising to 4 GB)',
      inner: 'process_resident_memory_bytes{instance="api-1:8080"}',
      step: 15 * 60_000,
      o: { ...DEFAULT_OPTIONS, horizon: '30d', train: '3d' },
      capacity: 4e9,
    },
  ])('$name', async ({ inner, step, o, capacity }) => {
    const s = await demoSeries(inner, step);
    const { plan, e, drawn } = await panelOf(s, o, capacity);
    const up = o.direction === 'up';
    const lastT = s.t[s.t.length - 1];
    const lastV = s.v[s.v.length - 1];
    const fstep = e.forecastStepSeconds * 1000;
    // The readout's time is a crossing within the drawn horizon (else the check below is empty).
    expect(e.verdict).toBe('within');
    expect(e.seconds * 1000).toBeLessThan(plan.horizonMs);
    expect(drawn.model).toBe(e.model);
    // Only a call that asks for the path keeps it (the companion's and the home page's fits do not).
    const plain = await detail(plan.matrix, { ...plan.calls.tte!, path: undefined }, plan.point);
    const other = (plain as Extract<FitDetail, { family: 'tte' }>).exhaustion;
    expect([other.seconds, 'path' in other]).toEqual([e.seconds, false]);
    const at = (ms: number) => lastT + ms;
    // The dashed line reaches the limit at the readout's time.
    const line = crossing(lastT, lastV, drawn.t, drawn.yhat, capacity, up);
    expect(Math.abs(line - at(e.seconds * 1000))).toBeLessThanOrEqual(fstep);
    // The band's pessimistic edge reaches it at the interval's near end, the optimistic one at its far
    // end (or not within the drawn horizon when that end lies beyond it or the interval is open-ended).
    const [pess, opt] = up ? [drawn.upper, drawn.lower] : [drawn.lower, drawn.upper];
    expect(Math.abs(crossing(lastT, lastV, drawn.t, pess, capacity, up) - at(e.lower * 1000))).toBeLessThanOrEqual(
      fstep
    );
    const far = crossing(lastT, lastV, drawn.t, opt, capacity, up);
    if (e.upper * 1000 <= plan.horizonMs) {
      expect(Math.abs(far - at(e.upper * 1000))).toBeLessThanOrEqual(fstep);
    } else {
      expect(far).toBe(Infinity);
    }
    // Physics: the band never goes below empty nor above the capacity it rises to.
    const [lo, hi] = up ? [0, capacity] : [capacity, Infinity];
    for (const a of [drawn.yhat, drawn.lower, drawn.upper]) {
      expect(Math.min(...a)).toBeGreaterThanOrEqual(lo);
      expect(Math.max(...a)).toBeLessThanOrEqual(hi);
    }
  });
});

describe("the forecast panel draws no crossing beside a 'no_trend' verdict", () => {
  test('demo api-1 memory against 1 GB: restarts recur clear of the limit, so no line reaching it', async () => {
    // The home page's leak pair. Before: "no trend toward the limit" beside a linear line reaching 1 GB
    // in 36 h (the segment's own crossing, which the verdict denies).
    const s = await demoSeries('process_resident_memory_bytes{instance="api-1:8080"}', 15 * 60_000);
    const plan = planFor(s, { ...DEFAULT_OPTIONS, horizon: '7d' }, 1e9);
    if ('problem' in plan) {
      throw new Error(plan.problem);
    }
    const tte = await detail(plan.matrix, plan.calls.tte!, plan.point);
    const e = (tte as Extract<FitDetail, { family: 'tte' }>).exhaustion as TimeToExhaustion;
    expect([e.verdict, e.seconds]).toEqual(['no_trend', Infinity]);
    // 24 h after a restart, within the two days a young segment carries the tooth before it's rate
    // (DAY_SEASON_MS), so the denied crossing is worded at that rate.
    expect(e.warnings.join()).toMatch(/the segment since the last reset at the rate of the tooth before it would reach it in/);
    const end = plan.point + plan.horizonMs;
    expect(exhaustionForecast(e, 0.95, end)).toBeUndefined();
    // And the panel does not fall back to its own forecast call, which reaches the limit too.
    expect(deniedCrossing(e, end)).toBe(true);
    // A panel whose horizon ends before that crossing draws the line up to its horizon: it does not
    // reach the limit there (before, the default 7-day panel drew nothing for a crossing time to
    // exhaustion's 30-day search found on day 8 to 30).
    const day = planFor(s, { ...DEFAULT_OPTIONS, horizon: '1d' }, 1e9);
    if ('problem' in day) {
      throw new Error(day.problem);
    }
    const dayEnd = day.point + day.horizonMs;
    expect(deniedCrossing(e, dayEnd)).toBe(false);
    const drawn = fromPoint(exhaustionForecast(e, 0.95, dayEnd)!, day.point, day.horizonMs, day.shift);
    expect(drawn.t[drawn.t.length - 1]).toBe(dayEnd + day.shift);
    expect(Math.max(...drawn.yhat)).toBeLessThan(1e9);
  });
});

test("the drawn forecast keeps within the field unit's bounds: a percentage never above 100", async () => {
  // A percentage (free space) at 93-95 %, creeping up 0.3 points a day, a floor at 0: no trend toward
  // it. The panel drew time to exhaustion's straight line to 103.8 % and its band to 110.8 % over 30
  // days (the forecast call it replaced, with the unit, stayed at or below 100).
  const rnd = mulberry32(5);
  const step = 10 * 60_000;
  const n = 7 * 144;
  const s = {
    name: 'free',
    unit: 'percent',
    t: Float64Array.from({ length: n }, (_, i) => NOW - (n - i) * step),
    v: Float64Array.from({ length: n }, (_, i) => 93 + (0.3 * i) / 144 + 2 * (rnd() - 0.5)),
  } as PanelSeries;
  const { drawn } = await panelOf(s, { ...DEFAULT_OPTIONS, horizon: '30d', direction: 'down' }, 0);
  expect(drawn.t.length).toBeGreaterThan(0);
  for (const a of [drawn.yhat, drawn.lower, drawn.upper]) {
    expect(Math.max(...a)).toBeLessThanOrEqual(100);
  }
});
