import { mulberry32 } from '../core/prng';
import { forecast } from './index';

const MIN = 60_000;
const T0 = Date.UTC(2024, 0, 1);

/**
 * Two days of one-minute latency, 0.32 s plus noise, whose last `tail` samples are `level` (a spike,
 * or a level shift). No trend before the jump, so resetSegment.ts takes it for no reset.
 */
function latency(tail: number, level: number, n = 2880): { t: Float64Array; v: Float64Array } {
  const rnd = mulberry32(7);
  const t = Float64Array.from({ length: n }, (_, i) => T0 + i * MIN);
  const v = Float64Array.from({ length: n }, (_, i) =>
    i >= n - tail ? level + 0.02 * (rnd() - 0.5) : 0.32 + 0.04 * (rnd() - 0.5)
  );
  return { t, v };
}

const max = (a: Float64Array) => a.reduce((m, x) => Math.max(m, x), -Infinity);

describe('forecast() and a trailing excursion (anomaly detection adaptAfter, default 1 h)', () => {
  it('does not carry a 3-sample spike forward, keeps the last value in the band and says so', () => {
    const s = latency(3, 2.9);
    // Before: a model that follows the last level (naive2, Holt-Winters) carried it, near 2.9.
    for (const model of ['naive2', 'holtwinters'] as const) {
      expect(max(forecast(s, { horizon: 120, model }).yhat)).toBeLessThan(0.5);
    }
    const r = forecast(s, { horizon: 120 });
    expect(max(r.yhat)).toBeLessThan(0.5);
    expect(r.upper.every((u) => u >= 2.9 - 0.01)).toBe(true);
    expect(r.excursion).toEqual({
      since: s.t[s.t.length - 3],
      count: 3,
      direction: 'above',
      warning: r.warnings?.[0],
    });
    // Whole in the forecast panel's one-line note: about 100 characters (it was 190, cut there).
    expect(r.warnings).toEqual([
      expect.stringMatching(
        /^last 3 samples \(3 min\) above the anomaly band, carried after 1 h: forecast from 0\.3\d*, band to 2\.9\d*$/
      ),
    ]);
    expect(r.warnings![0].length).toBeLessThanOrEqual(100);
  });

  it('carries the spike with adaptAfter 0, and never for time to exhaustion', () => {
    const s = latency(3, 2.9);
    expect(max(forecast(s, { horizon: 120, model: 'naive2', adaptAfter: 0 }).yhat)).toBeGreaterThan(2.8);
    expect(forecast(s, { horizon: 120, purpose: 'exhaustion' }).excursion).toBeUndefined();
  });

  it('carries a level shift once it is older than adaptAfter', () => {
    const r = forecast(latency(90, 2.9), { horizon: 120 });
    expect(r.excursion).toBeUndefined();
    expect(Math.abs(r.yhat[0] - 2.9)).toBeLessThan(0.2);
    expect(Math.abs(r.yhat[119] - 2.9)).toBeLessThan(0.5);
  });

  it('leaves an ordinary series alone', () => {
    const r = forecast(latency(0, 0), { horizon: 60 });
    expect(r.excursion).toBeUndefined();
    expect(r.warnings).toBeUndefined();
  });
});
