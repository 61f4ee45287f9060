import { mulberry32 } from '../core/prng';
import { trendSinceReset } from '../trend/sinceReset';
import { forecast } from './index';
import { FOLLOW_SHARE, driftHorizon, followsTrend, forecastDrift, trendTest } from './trendTest';

const DAY = 86_400_000;
const GB = 1e9;

describe('trendTest', () => {
  it('a clean line: significant, binding, Sen slope per second, R-squared 1', () => {
    const t = Float64Array.from({ length: 20 }, (_, i) => i * 1000);
    const v = Float64Array.from({ length: 20 }, (_, i) => 5 - 2 * i);
    const r = trendTest(t, v, 0, 1000);
    expect(r.slopePerSecond).toBeCloseTo(-2, 12);
    expect(r.significant).toBe(true);
    expect(r.explained).toBeCloseTo(1, 12);
    expect(r.binding).toBe(true);
    expect(r.seasonal).toBe(false);
  });

  it('a daily cycle without trend does not bind (seasonal test, little explained)', () => {
    const t = Float64Array.from({ length: 24 * 14 }, (_, i) => i * 3_600_000);
    const v = Float64Array.from(t, (x, i) => 50 + 10 * Math.sin((2 * Math.PI * i) / 24) + Math.sin(i * 1.7));
    const r = trendTest(t, v, 24, 3_600_000);
    expect(r.seasonal).toBe(true);
    expect(r.binding).toBe(false);
    expect(r.explained).toBeLessThan(0.5);
  });
});

describe('a spike does not make a daily cycle a trend', () => {
  /**
   * Three days of a one-minute latency with a daily load cycle, ending four minutes into a spike ten
   * times the level (the demo's api-1 p99 at 1796489220): the spike hides the cycle from the
   * autocorrelation, and the plain test then read the cycle as a rise (p 6e-12 on the demo).
   */
  function latencyWithSpike() {
    const rand = mulberry32(2); // a seed where the spike hides the cycle (period 0 before)
    const n = 3 * 1440 + 1;
    const t = Float64Array.from({ length: n }, (_, i) => Date.UTC(2026, 11, 2, 16, 47) + i * 60_000);
    const v = Float64Array.from(t, (x, i) => {
      const h = (x % DAY) / 3_600_000;
      const load = 0.5 - 0.5 * Math.cos((2 * Math.PI * (h - 3)) / 24);
      return i >= n - 4 ? 1.5 + 1.5 * rand() : 0.2 * (1 + 0.8 * load) * Math.exp(0.08 * (rand() + rand() - 1) * 2.4);
    });
    return { t, v };
  }

  it("forecast()'s trend and the trend readout read it across days: not significant, the same p", () => {
    const s = latencyWithSpike();
    const f = forecast(s, { horizon: 60 });
    expect(f.trend?.significant).toBe(false);
    const readout = trendSinceReset(s, { seasonal: 'auto' });
    expect(readout.pValue).toBeGreaterThan(0.01);
    expect(readout.period).toBe(1440);
    expect(f.trend?.pValue).toBeCloseTo(readout.pValue, 12);
  });
});

describe('forecastDrift and followsTrend', () => {
  it('without a season: the least-squares slope of the forecast, per second', () => {
    // 3, 2, 1 one second apart: slope -1 per second.
    expect(forecastDrift(Float64Array.of(3, 2, 1), 1000, 0)).toBeCloseTo(-1, 12);
    expect(followsTrend(Float64Array.of(3, 2, 1), 1000, 0, -1)).toBe(true);
    // Half the slope is just enough; less, or the other way, is not.
    expect(FOLLOW_SHARE).toBe(0.5);
    expect(followsTrend(Float64Array.of(3, 2, 1), 1000, 0, -2)).toBe(true);
    expect(followsTrend(Float64Array.of(3, 2, 1), 1000, 0, -2.1)).toBe(false);
    expect(followsTrend(Float64Array.of(1, 2, 3), 1000, 0, -1)).toBe(false);
    expect(followsTrend(Float64Array.of(2, 2, 2), 1000, 0, -1)).toBe(false);
  });

  it('with a season: the mean change over one season, so the shape cancels', () => {
    // Period 2, shape (+1, -1) on a line falling 0.5 per step: yhat[k] - yhat[k-2] = -1 over 2 s.
    const y = Float64Array.of(1, -1.5, 0, -2.5, -1, -3.5);
    expect(forecastDrift(y, 1000, 2)).toBeCloseTo(-0.5, 12);
    // A repeated season has no drift at all.
    expect(forecastDrift(Float64Array.of(1, -1, 1, -1), 1000, 2)).toBe(0);
    expect(driftHorizon(48, 24)).toBe(48);
    expect(driftHorizon(12, 24)).toBe(48);
    expect(driftHorizon(1, 0)).toBe(2);
  });
});

describe("forecast 'auto' and the trend beside it", () => {
  /** The demo disk: 500 GB, ~33 GB/day with a daily write pattern, cleaned up every 14 days. */
  function demoDisk(days: number) {
    const size = 500 * GB;
    const perDay = (0.92 * size) / 14;
    const phase = (u: number) => 2 * Math.PI * (u / DAY - 1 / 8);
    const rand = mulberry32(3);
    const at = (x: number, noise = true) => {
      const since = x % (14 * DAY);
      const written =
        perDay * (since / DAY - (1.2 * (Math.sin(phase(x)) - Math.sin(phase(x - since)))) / (4 * Math.PI));
      const g = noise ? Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand()) : 0;
      return Math.max(0, 0.95 * size - written + 0.2 * GB * g);
    };
    const n = Math.round((days * DAY) / 300_000);
    const t = Float64Array.from({ length: n }, (_, i) => i * 300_000);
    return { t, v: Float64Array.from(t, (x) => at(x)), at: (x: number) => at(x, false), size };
  }

  it('follows the tooth after the last clean-up, with the band inside the volume', () => {
    const d = demoDisk(24.5);
    const f = forecast({ t: d.t, v: d.v }, { horizon: 288, bounds: { min: 0, max: d.size } });
    expect(f.segmentStart).toBe(14 * DAY);
    expect(f.trend!.binding).toBe(true);
    expect(f.trend!.slopePerSecond * 86400).toBeLessThan(-30 * GB);
    expect(['naive2', 'seasonal_naive']).not.toContain(f.model);
    const truth = d.at(d.t[d.t.length - 1] + 288 * 300_000);
    expect(Math.abs(f.yhat[287] - truth)).toBeLessThan(2 * GB);
    expect(truth).toBeGreaterThan(f.lower[287]);
    expect(truth).toBeLessThan(f.upper[287]);
    for (let k = 0; k < 288; k++) {
      expect(f.lower[k]).toBeGreaterThanOrEqual(0);
      expect(f.upper[k]).toBeLessThanOrEqual(d.size);
    }
  });

  it('a week ahead the forecast reaches the floor and stays there (bounds)', () => {
    const d = demoDisk(24.5);
    const f = forecast({ t: d.t, v: d.v }, { horizon: 2016, bounds: { min: 0 } });
    // 134.5 GB left at ~33 GB/day: empty after about 4 days, then clamped at 0.
    expect(f.yhat[2015]).toBe(0);
    expect(Math.min(...f.lower)).toBe(0);
  });

  it('resets: false keeps the whole history (no segment)', () => {
    const d = demoDisk(24.5);
    const f = forecast({ t: d.t, v: d.v }, { horizon: 12, resets: false });
    expect(f.segmentStart).toBeUndefined();
  });
});
