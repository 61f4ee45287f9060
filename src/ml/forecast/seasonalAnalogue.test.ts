import { mulberry32 } from '../core/prng';
import { seasonalAnalogue } from './seasonalAnalogue';

describe('seasonalAnalogue', () => {
  it('repeats what followed the same point a season ago, from the current level (hand-worked, ratio)', () => {
    // Season 4, window 2. A season ago the point 4 before the end had 2 and 2 before it (mean 2), then
    // 4 and 6: ratios 2 and 3. Now the last two are 10 and 10: 20 and 30.
    const y = Float64Array.from([1, 2, 2, 2, 4, 6, 10, 10]);
    const f = seasonalAnalogue(y, 4, 1, 2, 2, 0.95);
    expect(Array.from(f.yhat)).toEqual([20, 30]);
  });

  it('uses differences when a value is not positive, and averages the seasons (hand-worked)', () => {
    // Season 2, window 1, two seasons. Origin n-2 = 5: y[4] = 0 before it, then y[5] = 1 (+1).
    // Origin n-4 = 3: y[2] = 2 before it, then y[3] = 5 (+3). Mean +2 on the last value 7: 9.
    const y = Float64Array.from([-1, 0, 2, 5, 0, 1, 7]);
    const f = seasonalAnalogue(y, 2, 2, 1, 1, 0.95);
    expect(f.yhat[0]).toBeCloseTo(9, 12);
    expect(f.lower[0]).toBeLessThan(9);
    expect(f.upper[0]).toBeGreaterThan(9);
  });

  it('beyond the seasons it holds, repeats its own forecast a season earlier', () => {
    const y = Float64Array.from({ length: 40 }, (_, i) => 10 + (i % 4));
    const f = seasonalAnalogue(y, 4, 1, 4, 12, 0.95);
    for (let h = 4; h < 12; h++) {
      expect(f.yhat[h]).toBeCloseTo(f.yhat[h - 4], 12);
    }
    expect(Array.from(f.yhat.slice(0, 4)).map((x) => +x.toFixed(9))).toEqual([10, 11, 12, 13]);
  });

  it('uses differences on positive values when asked (hand-worked)', () => {
    // The first case's series: a season ago 4 and 6 followed a mean of 2 (+2, +4); now the mean is 10.
    const y = Float64Array.from([1, 2, 2, 2, 4, 6, 10, 10]);
    const f = seasonalAnalogue(y, 4, 1, 2, 2, 0.95, true);
    expect(Array.from(f.yhat)).toEqual([12, 14]);
  });
});

describe('seasonalAnalogue: its band is its own error at each horizon', () => {
  // A disk falling 30 GB a day on a 30-minute grid with a daily write pattern and 0.2 GB of noise (the
  // demo's db-1 volume): three days, differences (the combination's rule when a trend binds).
  const m = 48;
  const rand = mulberry32(20261207);
  const y = Float64Array.from(
    { length: 3 * m },
    (_, i) => 400 - (30 * i) / m + 2 * Math.sin((2 * Math.PI * i) / m) + 0.2 * (rand() + rand() + rand() - 1.5)
  );
  const f = seasonalAnalogue(y, m, 3, m, 2 * m, 0.95, true);
  const half = (h: number) => (f.upper[h] - f.lower[h]) / 2;

  it('is a few noise widths an hour ahead, not a day of trend (the lag-m difference, 30 GB)', () => {
    expect(half(1)).toBeLessThan(2);
    expect(half(1)).toBeGreaterThan(0.1);
  });

  it('never narrows with the horizon, and widens past a season', () => {
    for (let h = 1; h < 2 * m; h++) {
      expect(half(h)).toBeGreaterThanOrEqual(half(h - 1) - 1e-9);
    }
    expect(half(2 * m - 1)).toBeGreaterThan(half(m - 1));
  });
});
