import { theilSen } from './theilSen';

describe('theilSen', () => {
  it('takes the median of pairwise slopes and the median intercept (hand-worked)', () => {
    // Slopes: 2, 0.5, 1, -1, 0.5, 2 -> median (0.5 + 1) / 2 = 0.75; y - 0.75x = 0, 1.25, -0.5, 0.75 -> 0.375.
    const fit = theilSen([0, 1, 2, 3], [0, 2, 1, 3]);
    expect(fit.slope).toBeCloseTo(0.75, 15);
    expect(fit.intercept).toBeCloseTo(0.375, 15);
    expect(fit.exact).toBe(true);
  });

  it('ignores an outlier and still finds the slope when pairs are subsampled', () => {
    const x = Array.from({ length: 2000 }, (_, i) => i);
    const y = x.map((xi) => 3 * xi + 7);
    y[100] = 1e9;
    const fit = theilSen(x, y, { maxPairs: 5000 });
    expect(fit.exact).toBe(false);
    expect(fit.slope).toBe(3);
    expect(fit.intercept).toBe(7);
  });
});
