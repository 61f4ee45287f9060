/**
 * Skyline's consensus of simple tests (eval/nab/skyline.ts): the score is the fraction of its 7 tests
 * that flag a point, over the history so far (or a window of it).
 */
import { skyline } from '../../../eval/nab/skyline';

const MINUTE = 60_000;

/** 1-minute series: 100 + sin(0.7 i) (values spread over 99..101), with `spikeAt` set to `spike`. */
function series(n: number, spikeAt = -1, spike = 0): { t: Float64Array; v: Float64Array } {
  const t = Float64Array.from({ length: n }, (_, i) => i * MINUTE);
  const v = Float64Array.from({ length: n }, (_, i) => (i === spikeAt ? spike : 100 + Math.sin(0.7 * i)));
  return { t, v };
}

describe('skyline', () => {
  it('flags a far spike by most of its tests, and a normal value by none', () => {
    const n = 2 * 1440;
    const { t, v } = series(n, n - 1, 200);
    const s = skyline(t, v);
    // MAD, stddev from average, moving average, mean subtraction, least squares, histogram and the
    // hour a day ago all see the spike: 7 of 7.
    expect(s[n - 1]).toBeCloseTo(1, 12);
    expect(s[n - 2]).toBe(0);
    expect(s[n - 3]).toBe(0);
  });

  it('scores a missing value NaN and skips it', () => {
    const { t, v } = series(300, 200, 130);
    v[150] = NaN;
    const s = skyline(t, v);
    const keep = (a: Float64Array) => a.filter((_, i) => i !== 150);
    const without = skyline(keep(t), keep(v));
    expect(s[150]).toBeNaN();
    expect(Array.from(keep(s))).toEqual(Array.from(without));
  });

  it('forgets values outside its window', () => {
    // The first half of the history sits at 200: normal for all history, far off for the last 300 values.
    const n = 1000;
    const { t, v } = series(n);
    v.fill(200, 0, 500);
    v.fill(200, n - 3);
    const all = skyline(t, v);
    const recent = skyline(t, v, { window: 300 });
    expect(all[n - 1]).toBeLessThanOrEqual(2 / 7);
    expect(recent[n - 1]).toBeGreaterThanOrEqual(5 / 7);
  });
});
