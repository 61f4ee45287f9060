import { normalQuantile } from '../core/normal';
import { fixedBTrendCritical, studentQuantile } from './fixedB';

describe('studentQuantile', () => {
  test.each([
    [0.995, 10, 3.1693],
    [0.975, 10, 2.2281],
    [0.999, 10, 4.1437],
    [0.9, 10, 1.3722],
    [0.995, 30, 2.75],
  ])('t(%p, %i df) = %p (tables)', (p, df, exact) => {
    expect(Math.abs(studentQuantile(p, df) - exact)).toBeLessThan(0.001);
  });
});

describe('fixedBTrendCritical', () => {
  test('with few lags and many values it is the normal quantile', () => {
    expect(fixedBTrendCritical(0.005, 0, 1e6)).toBeCloseTo(normalQuantile(0.995), 3);
    expect(fixedBTrendCritical(0.05, 0, 1e6)).toBeCloseTo(normalQuantile(0.95), 3);
  });

  test('it grows with the share of lags and shrinks with the level and the values', () => {
    expect(fixedBTrendCritical(0.005, 0.5, 24)).toBeGreaterThan(fixedBTrendCritical(0.005, 0.2, 24));
    expect(fixedBTrendCritical(0.005, 0.5, 24)).toBeGreaterThan(fixedBTrendCritical(0.02, 0.5, 24));
    expect(fixedBTrendCritical(0.005, 0.5, 12)).toBeGreaterThan(fixedBTrendCritical(0.005, 0.5, 48));
    // between tabulated levels: between their values
    const [a, b, c] = [0.005, 0.007, 0.01].map((alpha) => fixedBTrendCritical(alpha, 0.3, 40));
    expect(b).toBeLessThan(a);
    expect(b).toBeGreaterThan(c);
  });

  test('half the values in lags: the 0.005 point is far above the normal 2.58', () => {
    // simulated limit 6.33 (n = 200, 100,000 draws); the exact law at 12 values 6.99
    expect(fixedBTrendCritical(0.005, 0.5, 1e6)).toBeCloseTo(6.33, 1);
    expect(fixedBTrendCritical(0.005, 0.5, 12)).toBeGreaterThan(6.8);
  });

  test('outside the tabulated levels or with too few values it throws', () => {
    expect(() => fixedBTrendCritical(0.2, 0.1, 50)).toThrow(RangeError);
    expect(() => fixedBTrendCritical(0.0001, 0.1, 50)).toThrow(RangeError);
    expect(() => fixedBTrendCritical(0.005, 0.1, 5)).toThrow(RangeError);
  });
});
