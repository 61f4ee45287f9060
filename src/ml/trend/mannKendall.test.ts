import { kendallS, mannKendall, seasonalMannKendall } from './mannKendall';

describe('mannKendall', () => {
  it('matches the hand-worked strictly increasing example', () => {
    // S = 10 (all 10 pairs rise); Var S = 5*4*15/18 = 50/3; Z = 9/sqrt(50/3) = 2.20454;
    // p = erfc(Z/sqrt 2) = 0.027486 (Python math.erfc).
    const r = mannKendall([1, 2, 3, 4, 5]);
    expect(r.s).toBe(10);
    expect(r.varS).toBeCloseTo(50 / 3, 12);
    expect(r.z).toBeCloseTo(2.2045407685, 9);
    expect(r.pValue).toBeCloseTo(0.0274863361, 6);
    expect(r.trend).toBe('increasing');
  });

  it('corrects the variance for ties (hand-worked)', () => {
    // Pairs of [1, 2, 2, 3]: five rise, one tie -> S = 5. One tie group of 2:
    // Var S = (4*3*13 - 2*1*9)/18 = 138/18; Z = 4/sqrt(138/18) = 1.44463; p = 0.148562.
    const r = mannKendall([1, 2, 2, 3]);
    expect(r.s).toBe(5);
    expect(r.varS).toBeCloseTo(138 / 18, 12);
    expect(r.z).toBeCloseTo(1.444630237, 9);
    expect(r.pValue).toBeCloseTo(0.1485617749, 6);
    expect(r.trend).toBe('none');
  });

  it('counts a decrease with the continuity correction and skips NaN', () => {
    const r = mannKendall([5, NaN, 4, 3, 2, 1]);
    expect(r.n).toBe(5);
    expect(r.s).toBe(-10);
    expect(r.z).toBeCloseTo(-9 / Math.sqrt(50 / 3), 12);
    expect(r.trend).toBe('decreasing');
  });

  it('gives S = 0, p = 1 for a constant series instead of dividing by zero', () => {
    const r = mannKendall([7, 7, 7, 7]);
    expect(r).toMatchObject({ s: 0, varS: 0, z: 0, pValue: 1, trend: 'none' });
  });

  it('computes S like the O(n^2) definition on a longer series', () => {
    const xs = Array.from({ length: 300 }, (_, i) => Math.round(10 * Math.sin(i * 0.37) + i * 0.05));
    let s = 0;
    for (let i = 0; i < xs.length; i++) {
      for (let j = i + 1; j < xs.length; j++) {
        s += Math.sign(xs[j] - xs[i]);
      }
    }
    expect(kendallS(xs).s).toBe(s);
  });

  it('sums S and Var S over seasons in the seasonal variant (hand-worked)', () => {
    // Period 2: season 0 = [1, 2, 3] (S 3, Var 3*2*11/18), season 1 = [10, 9, 11] (S 1, Var 66/18).
    const r = seasonalMannKendall([1, 10, 2, 9, 3, 11], 2);
    expect(r.s).toBe(4);
    expect(r.varS).toBeCloseTo(132 / 18, 12);
    expect(r.z).toBeCloseTo(3 / Math.sqrt(132 / 18), 12);
  });
});
