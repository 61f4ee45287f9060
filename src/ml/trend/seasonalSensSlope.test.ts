import { seasonalMannKendall } from './mannKendall';
import { seasonalSensSlope } from './seasonalSensSlope';
import { perSecond, sensSlope } from './sensSlope';

describe('seasonalSensSlope', () => {
  it('takes the median of within-season slopes only (hand-worked, period 2)', () => {
    // Season 0 (t = 0, 2, 4 s): 1, 3, 8 -> slopes 1, 1.75, 2.5 per s.
    // Season 1 (t = 1, 3, 5 s): 10, 11, 13 -> slopes 0.5, 0.75, 1.
    // Pooled and sorted: 0.5 0.75 1 1 1.75 2.5 -> median 1.
    const t = [0, 1000, 2000, 3000, 4000, 5000];
    const v = [1, 10, 3, 11, 8, 13];
    const r = seasonalSensSlope(t, v, 2);
    expect(perSecond(r.slope)).toBeCloseTo(1, 12);
    expect(r.exact).toBe(true);
    // Intercept: median of v - t/1000 = [1, 9, 1, 8, 4, 8] -> (4 + 8) / 2 = 6.
    expect(r.intercept).toBeCloseTo(6, 12);
    // Var S per season = 3*2*11/18 = 11/3, summed 22/3; C = 1.96 sqrt(22/3) = 5.31 > N' - 2 = 4: no bounds.
    expect(r.lower).toBeNaN();
  });

  it('gives 0 on a cycle without trend where the plain Sen slope does not (hand-worked)', () => {
    // Period 3, pattern 0, 6, 3 and one more 0: 1.33 cycles, no trend.
    const t = [0, 1000, 2000, 3000];
    const v = [0, 6, 3, 0];
    // Seasonal: the only within-season pair is (0 s, 0) -> (3 s, 0): slope 0.
    expect(seasonalSensSlope(t, v, 3).slope).toBe(0);
    expect(seasonalMannKendall(v, 3).s).toBe(0);
    // Plain: slopes 6, 1.5, 0, -3, -3, -3 per s; sorted -3 -3 -3 0 1.5 6 -> median -1.5.
    expect(perSecond(sensSlope(t, v).slope)).toBeCloseTo(-1.5, 12);
  });

  it('recovers a trend under a strong cycle, sampling pairs on long series', () => {
    const t = Array.from({ length: 10000 }, (_, i) => i * 60_000);
    const v = t.map((ms, i) => ms / 3_600_000 + 50 * Math.sin((2 * Math.PI * i) / 144));
    v[7] = NaN;
    const r = seasonalSensSlope(t, v, 144);
    expect(r.exact).toBe(false);
    expect(r.slope * 3_600_000).toBeCloseTo(1, 9);
    expect(r.lower).toBeLessThanOrEqual(r.slope);
    expect(r.upper).toBeGreaterThanOrEqual(r.slope);
  });

  it('is the plain Sen slope without a period', () => {
    const t = [0, 1000, 2000, 3000];
    const v = [0, 2, 1, 3];
    expect(seasonalSensSlope(t, v, 0).slope).toBe(sensSlope(t, v).slope);
  });
});
