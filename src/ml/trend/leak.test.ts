import { mulberry32 } from '../core/prng';
import { MlError } from '../types';
import { detectLeak } from './leak';

function series(n: number, f: (i: number, r: () => number) => number) {
  const rand = mulberry32(7);
  const t = Float64Array.from({ length: n }, (_, i) => i * 5 * 60_000);
  return { t, v: Float64Array.from({ length: n }, (_, i) => f(i, rand)) };
}

describe('detectLeak', () => {
  it('flags a slow noisy rise above the minimum slope', () => {
    // 40 MB/h growth (5-minute samples, 12 per hour) under noise of +-50 MB.
    const s = series(288, (i, r) => 1e9 + (40e6 * i) / 12 + (r() - 0.5) * 100e6);
    const out = detectLeak(s, { minSlopePerHour: 10e6 });
    expect(out.leak).toBe(true);
    expect(out.slopePerHour).toBeGreaterThan(30e6);
    expect(out.slopePerHour).toBeLessThan(50e6);
    expect(out.slopePerSecond).toBeCloseTo(out.slopePerHour / 3600, 6);
  });

  it('does not flag a significant rise below the minimum slope, nor pure noise', () => {
    const rising = series(288, (i) => i);
    expect(detectLeak(rising, { minSlopePerHour: 100 }).leak).toBe(false);
    const noise = series(288, (_, r) => r());
    expect(detectLeak(noise).leak).toBe(false);
  });

  it('does not call a decline or a flat series a leak', () => {
    expect(detectLeak(series(100, (i) => -i)).leak).toBe(false);
    expect(detectLeak(series(100, () => 3)).leak).toBe(false);
  });

  it('refuses fewer than 10 finite points with not_enough_data', () => {
    const s = series(20, (i) => (i < 15 ? NaN : i));
    expect(() => detectLeak(s)).toThrow(MlError);
    expect(() => detectLeak(s)).toThrow(/at least 10/);
  });

  it('uses the seasonal test when asked, so a daily cycle alone is not a trend', () => {
    const s = series(288 * 3, (i) => Math.sin((2 * Math.PI * i) / 288));
    const out = detectLeak(s, { seasonal: 288 });
    expect(out.period).toBe(288);
    expect(out.leak).toBe(false);
  });

  it('reports a zero slope with the seasonal test on a cycle without trend', () => {
    // 2.5 days of an exact daily cycle: each time of day repeats its value, so every within-season
    // slope is 0 (the plain Sen slope over 2.5 cycles is pulled by the unfinished half cycle).
    const day = Array.from({ length: 288 }, (_, k) => Math.sin((2 * Math.PI * k) / 288));
    const s = series(720, (i) => day[i % 288]);
    const out = detectLeak(s, { seasonal: 288 });
    expect(out.slopePerSecond).toBe(0);
    expect(out.leak).toBe(false);
  });
});
