import { perHour, perSecond, sensSlope } from './sensSlope';

describe('sensSlope', () => {
  it('takes the median pairwise slope with the Gilbert confidence bounds (hand-worked)', () => {
    // v = [0, 2, 1, 3, 5, 4, 6] one second apart. The 21 sorted pairwise slopes (per s) are
    // -1 -1 .5 .5 .5 .5 .5 .8 .8 1 1 1 1 1 1.25 1.25 2 2 2 2 2; the 11th is the median, 1.
    // Var S = 7*6*19/18; C = 1.96 sqrt(Var S) = 13.05; M1 = 3.97 -> 4th slope 0.5; M2+1 = 18.03 -> 18th, 2.
    const t = [0, 1000, 2000, 3000, 4000, 5000, 6000];
    const r = sensSlope(t, [0, 2, 1, 3, 5, 4, 6]);
    expect(perSecond(r.slope)).toBeCloseTo(1, 12);
    expect(perSecond(r.lower)).toBeCloseTo(0.5, 12);
    expect(perSecond(r.upper)).toBeCloseTo(2, 12);
    expect(r.exact).toBe(true);
    // Intercept: median of v - t/1000 = [0, 1, -1, 0, 1, -1, 0] -> 0.
    expect(r.intercept).toBeCloseTo(0, 12);
  });

  it('converts units and survives NaN and sampling on long series', () => {
    const t = Array.from({ length: 3000 }, (_, i) => i * 60_000);
    const v = t.map((ms) => 5 + ms / 3_600_000);
    v[10] = NaN;
    const r = sensSlope(t, v);
    expect(r.exact).toBe(false);
    expect(perHour(r.slope)).toBeCloseTo(1, 9);
  });

  it('returns NaN for fewer than two points', () => {
    expect(sensSlope([0], [1]).slope).toBeNaN();
  });
});
