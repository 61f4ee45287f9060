import { erf, erfc, normalCdf, normalQuantile, normalTwoSidedTail, normalUpperTail } from './normal';

// Reference values: Abramowitz & Stegun table 7.1 / R (pnorm, qnorm, 2*pnorm(-x*sqrt(2)) for erfc).
describe('normal distribution', () => {
  it('erf matches reference values to 1.2e-7', () => {
    expect(Math.abs(erf(0.5) - 0.5204998778130465)).toBeLessThan(1.2e-7);
    expect(Math.abs(erf(1) - 0.8427007929497149)).toBeLessThan(1.2e-7);
    expect(Math.abs(erf(2) - 0.9953222650189527)).toBeLessThan(1.2e-7);
    expect(Math.abs(erf(-1) + 0.8427007929497149)).toBeLessThan(1.2e-7);
    expect(Math.abs(erf(0))).toBeLessThan(1.2e-7);
  });

  it('erfc keeps relative accuracy far in the tail', () => {
    // erfc(5) = 1.5374597944280349e-12
    expect(Math.abs(erfc(5) / 1.5374597944280349e-12 - 1)).toBeLessThan(1.2e-7);
    expect(erfc(-3)).toBeCloseTo(2 - 2.209049699858544e-5, 9);
  });

  it('cdf and tails agree with pnorm', () => {
    expect(normalCdf(1.96)).toBeCloseTo(0.9750021048517795, 7);
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalTwoSidedTail(1.96)).toBeCloseTo(0.04999579029644097, 7);
    // pnorm(-5) = 2.866515718791939e-07
    expect(Math.abs(normalUpperTail(5) / 2.866515718791939e-7 - 1)).toBeLessThan(1e-6);
  });

  it('keeps probabilities within [0, 1] where erfc overshoots (erfc(0) = 1.00000003)', () => {
    expect(erfc(0)).toBeGreaterThan(1);
    expect(normalTwoSidedTail(0)).toBe(1);
    expect(normalCdf(-40)).toBeGreaterThanOrEqual(0);
    expect(normalCdf(-1e-9)).toBeLessThanOrEqual(1);
    expect(normalUpperTail(-40)).toBeLessThanOrEqual(1);
  });

  it('quantile inverts the cdf (qnorm)', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 8);
    expect(normalQuantile(0.5)).toBeCloseTo(0, 12);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232306167813, 8);
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1.5)).toBeNaN();
  });
});
