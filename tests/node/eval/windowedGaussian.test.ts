/**
 * NAB's windowed-Gaussian baseline (eval/nab/windowedGaussian.ts): a two-sided score 1 - Q(|z|), a
 * window that grows value by value, then slides by whole steps with its mean and sd frozen between.
 */
import { nabGaussianScore, nabWindowedGaussian, nabWindowedZ } from '../../../eval/nab/windowedGaussian';

/** Alternating 9, 11: mean 10, population sd 1 once the window holds an even count. */
function alternating(n: number): number[] {
  return Array.from({ length: n }, (_, i) => (i % 2 === 0 ? 9 : 11));
}

describe('nabWindowedGaussian', () => {
  it('scores 1 - Q(|z|) on either side of the mean', () => {
    expect(nabGaussianScore(10, 10, 1)).toBeCloseTo(0.5, 6);
    // Q(1.96) = 0.025.
    expect(nabGaussianScore(11.96, 10, 1)).toBeCloseTo(0.975, 3);
    expect(nabGaussianScore(8.04, 10, 1)).toBeCloseTo(0.975, 3);
  });

  it('scores a spike near 1 whether it is above or below the mean, and the first value 0', () => {
    const up = nabWindowedGaussian(Float64Array.from([...alternating(200), 30]));
    const down = nabWindowedGaussian(Float64Array.from([...alternating(200), -10]));
    expect(up[0]).toBe(0);
    expect(up[200]).toBeGreaterThan(0.999999);
    expect(down[200]).toBeCloseTo(up[200], 12);
    // A value at the mean is as unremarkable as the Gaussian allows.
    expect(nabWindowedGaussian(Float64Array.from([...alternating(200), 10]))[200]).toBeCloseTo(0.5, 6);
  });

  it('grows the window value by value, then slides it by whole steps only', () => {
    // Window 4, step 2: after 9, 11, 9, 11 (mean 10, sd 1) the next values are buffered.
    const v = [9, 11, 9, 11, 100, 100, 10, 10];
    const s = nabWindowedGaussian(Float64Array.from(v), 4, 2);
    expect(s[1]).toBeCloseTo(nabGaussianScore(11, 9, 1e-6), 12); // one value: sd 0 -> 1e-6
    expect(s[4]).toBeCloseTo(nabGaussianScore(100, 10, 1), 12);
    // The first 100 is buffered, not learned: the second is judged against the same window.
    expect(s[5]).toBeCloseTo(nabGaussianScore(100, 10, 1), 12);
    // The step slid the window to 9, 11, 100, 100: mean 55, population sd over the four values.
    const sd = Math.sqrt((46 ** 2 + 44 ** 2 + 45 ** 2 + 45 ** 2) / 4);
    expect(s[6]).toBeCloseTo(nabGaussianScore(10, 55, sd), 12);
    expect(s[7]).toBeCloseTo(nabGaussianScore(10, 55, sd), 12);
  });

  it('skips a NaN value without adding it to the window', () => {
    const s = nabWindowedGaussian(Float64Array.from([9, 11, NaN, 9, 11, 12]));
    expect(Number.isNaN(s[2])).toBe(true);
    expect(s[5]).toBeCloseTo(nabGaussianScore(12, 10, 1), 12);
  });
});

describe('nabWindowedZ', () => {
  it('keeps the order of far outliers that the Gaussian score rounds to 1', () => {
    const v = Float64Array.from([...Array.from({ length: 200 }, (_, i) => (i % 2 ? 9 : 11)), 30, 60]);
    const g = nabWindowedGaussian(v);
    expect(g[200]).toBe(1);
    const z = nabWindowedZ(v);
    expect(z[200]).toBeCloseTo(20, 10); // (30 - mean 10) / sd 1
    expect(z[201]).toBeGreaterThan(z[200]);
    expect(z[0]).toBe(0);
  });
});
