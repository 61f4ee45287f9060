import type { PanelSeries } from '../../components/charts/panelSeries';
import { fromPoint, type PanelPlan, planFor, trainingShortfall } from './engineCalls';
import { DEFAULT_OPTIONS, type ForecastOptions } from './types';

const MIN = 60_000;
const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 1);

/** A falling disk of `ms` history at `step`. */
function series(ms: number, step: number): PanelSeries {
  const n = Math.round(ms / step) + 1;
  const t = Float64Array.from({ length: n }, (_, i) => T0 + i * step);
  return { name: 'disk', t, v: Float64Array.from(t, (_, i) => 1e12 - i * 1e5), derived: {} };
}

function plan(ms: number, step: number, capacity: number | undefined, o: Partial<ForecastOptions> = {}): PanelPlan {
  const p = planFor(series(ms, step), { ...DEFAULT_OPTIONS, ...o }, capacity);
  if ('problem' in p) {
    throw new Error(p.problem);
  }
  return p;
}

const shortfall = (p: PanelPlan) =>
  trainingShortfall(p.historyMs, p.stepMs, [p.windows.tte, p.windows.trend, p.windows.forecast]);

describe('the training window the panel cannot hold', () => {
  it("a day at 5 min is short of the 14 days time to exhaustion reads, and of the forecast's 3 days", () => {
    const p = plan(DAY, 5 * MIN, 0);
    expect(p.historyMs).toBe(DAY + 5 * MIN);
    expect(p.windows.tte).toEqual({ func: 'time_to_exhaustion', ms: 14 * DAY, explicit: false });
    expect(p.windows.forecast).toEqual({ func: 'forecast', ms: 3 * DAY, explicit: false });
    // The largest window short: time to exhaustion's, whose widening serves the forecast too.
    expect(shortfall(p)).toEqual({ historyMs: DAY + 5 * MIN, stepMs: 5 * MIN, window: p.windows.tte });
  });

  it('without a capacity, the forecast and the trend test read 3 days', () => {
    const p = plan(DAY, MIN, undefined, { showTrend: true });
    expect(p.windows.tte).toBeUndefined();
    expect(p.windows.trend).toEqual({ func: 'trend_slope', ms: 3 * DAY, explicit: false });
    expect(shortfall(p)?.window.ms).toBe(3 * DAY);
    expect(shortfall(plan(3 * DAY, MIN, undefined, { showTrend: true }))).toBeUndefined();
  });

  it('fifteen days hold every window', () => {
    expect(shortfall(plan(8 * DAY, 5 * MIN, 0))?.window.ms).toBe(14 * DAY);
    expect(shortfall(plan(15 * DAY, 5 * MIN, 0))).toBeUndefined();
  });

  it("time to exhaustion's window is 14 days at every step, read coarsely beyond the points limit, as the companion reads it", () => {
    // 2 days at 15 s: the engine reads 14 days every 150 s (src/engine/trainingStep.ts), not the last
    // 10,000 steps (41.7 h): the 2 days are short of it.
    const p = plan(2 * DAY, 15_000, 0);
    expect(p.windows.tte?.ms).toBe(14 * DAY);
    expect(trainingShortfall(p.historyMs, p.stepMs, [p.windows.tte])?.window.ms).toBe(14 * DAY);
    expect(plan(DAY, MIN, 0).windows.tte?.ms).toBe(14 * DAY);
    // The forecast of a week's horizon is fitted on a coarser grid, where its 3 days fit the limit.
    expect(p.windows.forecast.ms).toBe(3 * DAY);
  });

  it('a Training window the range holds is no shortfall; one it does not hold is', () => {
    expect(shortfall(plan(DAY, MIN, 0, { train: '12h' }))).toBeUndefined();
    const p = plan(DAY, MIN, 0, { train: '2d' });
    expect(shortfall(p)?.window).toEqual({ func: 'time_to_exhaustion', ms: 2 * DAY, explicit: true });
  });
});

describe('a long horizon at a fine step', () => {
  it("is forecast on the companion's coarser grid, and the note says it in the companion's words", () => {
    // 14 days ahead at 1 minute: 20,220 steps with the hourly refit. The panel's own rule took 3
    // minutes (20,220 / 10,000, rounded up) and said nothing; the engine's takes 2 (within 11,000).
    const p = plan(DAY, MIN, undefined, { horizon: '14d' });
    expect(p.forecastStep).toBe(2 * MIN);
    expect(p.calls.forecast.options.step).toBe(2 * MIN);
    expect(p.coarseNote).toBe(
      'forecast fitted on a 2m grid (one sample in 2), not step 1m: its horizon of 2w plus the 1h refit interval is 20,220 steps at 1m, more than the limit of 11,000; values between its steps are interpolated'
    );
    // Within the limit: the series' own step, no note.
    const week = plan(DAY, MIN, undefined, { horizon: '7d' });
    expect([week.forecastStep, week.coarseNote]).toEqual([MIN, undefined]);
  });
});

describe("the physics the panel's calls carry", () => {
  it("the series' metric name and field unit, as the companion reads the name from its query", () => {
    const cpu: PanelSeries = {
      ...series(DAY, 5 * MIN),
      unit: 'percentunit',
      labels: { __name__: 'instance:node_cpu_utilisation:rate5m', instance: 'web-1:9100' },
    };
    const p = planFor(cpu, DEFAULT_OPTIONS, 1);
    if ('problem' in p) {
      throw new Error(p.problem);
    }
    for (const call of [p.calls.forecast, p.calls.tte!]) {
      expect([call.func, call.options.metric, call.options.unit]).toEqual([
        call.func,
        'instance:node_cpu_utilisation:rate5m',
        'percentunit',
      ]);
    }
    // Without a name label (a series built by a transformation), only the unit.
    const bare = planFor(series(DAY, 5 * MIN), DEFAULT_OPTIONS, undefined);
    expect('problem' in bare ? bare : bare.calls.forecast.options.metric).toBeUndefined();
  });
});

describe('the band held within the window range, as the panel says it', () => {
  it('counts the held bounds of the steps drawn (after the point, to the horizon), not of the whole fit', () => {
    const t = Float64Array.from({ length: 6 }, (_, k) => 1000 * (k + 1));
    const band = new Float64Array(6);
    const r = {
      t,
      yhat: band,
      lower: band,
      upper: band,
      model: 'seasonal_naive',
      level: 0.95,
      // The fit's path starts before the point (2000): its first held step is not drawn.
      bandHeld: { lower: Uint8Array.of(1, 0, 0, 0, 0, 0), upper: Uint8Array.of(1, 1, 0, 1, 1, 1), ranges: 0.75 },
    };
    const shown = fromPoint(r, 2000, 3000, 0);
    expect(Array.from(shown.t)).toEqual([3000, 4000, 5000]);
    // One line for both bounds; the lower bound's held step (at 1000) is before the point.
    expect(shown.warnings).toEqual(["Band limited to forecast ± 0.75 × the data's range: upper 2 of 3 steps"]);
  });

  it('says both bounds in one short line that fits the panel', () => {
    const t = Float64Array.from({ length: 1007 }, (_, k) => 1000 * (k + 1));
    const band = new Float64Array(1007);
    const lower = Uint8Array.from(t, (_, k) => (k < 12 ? 1 : 0));
    const upper = Uint8Array.from(t, (_, k) => (k < 244 ? 1 : 0));
    const r = { t, yhat: band, lower: band, upper: band, model: 'combination', level: 0.95 };
    const shown = fromPoint({ ...r, bandHeld: { lower, upper, ranges: 0.75 } }, 0, 1007 * 1000, 0);
    expect(shown.warnings).toEqual([
      "Band limited to forecast ± 0.75 × the data's range: upper 244, lower 12 of 1,007 steps",
    ]);
    // The panel's note is one line, cut with an ellipsis (ForecastReadouts): about 105 characters fit
    // a panel two thirds of a 1,280-pixel dashboard wide.
    expect(shown.warnings![0].length).toBeLessThanOrEqual(105);
  });
});
