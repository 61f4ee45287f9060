import { autocorrelation, detectSeasonality, dominantPeriod } from './seasonality';
import { Mulberry32 } from './prng';

describe('seasonality', () => {
  it('computes the biased sample autocorrelation (hand-worked)', () => {
    // x = 1,-1,-1,1 has mean 0 and no linear trend (sum i*x = 0), so detrending leaves it as is.
    // sum x^2 = 4; r1 = (-1 + 1 - 1)/4, r2 = (-1 - 1)/4, r3 = 1/4.
    const r = autocorrelation([1, -1, -1, 1], 3);
    expect(r[0]).toBeCloseTo(1, 12);
    expect(r[1]).toBeCloseTo(-0.25, 12);
    expect(r[2]).toBeCloseTo(-0.5, 12);
    expect(r[3]).toBeCloseTo(0.25, 12);
  });

  it('finds the period of a noisy sine with a trend, and both periods of a double cycle', () => {
    const g = new Mulberry32(3);
    const n = 2000;
    const v = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      v[i] = 0.01 * i + Math.sin((2 * Math.PI * i) / 24) + 0.3 * (g.next() - 0.5);
    }
    expect(dominantPeriod(v)).toBe(24);
    const w = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      w[i] = Math.sin((2 * Math.PI * i) / 24) + (i % 168 < 120 ? 2 : 0);
    }
    const periods = detectSeasonality(w, { maxPeriod: 400 }).map((p) => p.period);
    expect(periods).toContain(168);
  });

  it('finds the exact period of a clean cycle over three cycles, whatever its phase and trend', () => {
    // The ACF's own peak sits off the period here (its (n - k) / n weighting and the detrending of a
    // whole number of cycles): 282 to 287 for a daily cycle at 5 minutes over three days.
    for (const phase of [0, 0.3, 1.1, 2.5, 4]) {
      for (const slope of [0, 0.002, -0.01]) {
        const v = Float64Array.from({ length: 864 }, (_, i) => Math.sin((2 * Math.PI * i) / 288 + phase) + slope * i);
        expect(dominantPeriod(v, { maxPeriod: 432, minProminence: 0.1 })).toBe(288);
      }
    }
  });

  it('is unbiased on a noisy cycle: the periods found centre on the true one', () => {
    const found: number[] = [];
    for (let seed = 1; seed <= 40; seed++) {
      const g = new Mulberry32(seed);
      const phase = 6.28 * g.next();
      const v = Float64Array.from(
        { length: 864 },
        (_, i) => Math.sin((2 * Math.PI * i) / 288 + phase) + 0.3 * (g.next() + g.next() + g.next() - 1.5)
      );
      found.push(dominantPeriod(v, { maxPeriod: 432, minProminence: 0.1 }));
    }
    const mean = found.reduce((a, b) => a + b, 0) / found.length;
    expect(Math.abs(mean - 288)).toBeLessThan(1);
    expect(found.every((p) => Math.abs(p - 288) <= 4)).toBe(true);
  });

  it('returns nothing for white noise, constant and too-short series, and treats NaN as missing', () => {
    const g = new Mulberry32(5);
    const noise = Float64Array.from({ length: 1000 }, () => g.next());
    expect(detectSeasonality(noise)).toEqual([]);
    expect(detectSeasonality(new Float64Array(500).fill(3))).toEqual([]);
    expect(detectSeasonality([1, 2, 3])).toEqual([]);
    const gappy = Float64Array.from({ length: 600 }, (_, i) => (i % 50 === 7 ? NaN : Math.sin((2 * Math.PI * i) / 30)));
    expect(dominantPeriod(gappy)).toBe(30);
  });

  it('with minProminence, skips noise ripples on the slow decay of a long smooth cycle', () => {
    // 10,000 minutes of a daily cycle (1,440 points) with 10 % noise: the ACF falls slowly from lag 0,
    // and a ripple there is a local maximum near 1 with no dip before it.
    const g = new Mulberry32(7);
    const v = Float64Array.from(
      { length: 10_000 },
      (_, i) => Math.sin((2 * Math.PI * i) / 1440) + 0.2 * (g.next() - 0.5)
    );
    expect(dominantPeriod(v, { maxPeriod: 2000, minProminence: 0.1 })).toBeGreaterThanOrEqual(1437);
    expect(dominantPeriod(v, { maxPeriod: 2000, minProminence: 0.1 })).toBeLessThanOrEqual(1443);
    // A true cycle passes: its ACF dips to about -1 at half the period before the peak.
    const daily = Float64Array.from({ length: 500 }, (_, i) => Math.sin((2 * Math.PI * i) / 24));
    expect(dominantPeriod(daily, { minProminence: 0.1 })).toBe(24);
  });
});
