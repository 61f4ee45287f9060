import { hacSlopeVariance } from './hacSlope';
import { fitLinear } from './linear';

describe('hacSlopeVariance', () => {
  it('at lag 0 is the heteroskedasticity-robust (White) variance with the n / (n - 2) correction', () => {
    // x = 0..4, y = 0, 2, 1, 4, 3: OLS slope 0.8, intercept 0.4, xMean 2, Sxx 10.
    // Residuals -0.4, 0.8, -1, 1.2, -0.6; sum of (x - 2)^2 e^2 = 4(0.16) + 0.64 + 0 + 1.44 + 4(0.36) = 4.16.
    const x = [0, 1, 2, 3, 4];
    const y = [0, 2, 1, 4, 3];
    const fit = fitLinear(x, y);
    expect(fit.slope).toBeCloseTo(0.8, 12);
    expect(hacSlopeVariance(x, y, fit.slope, fit.intercept, fit.xMean, fit.sxx, 0)).toBeCloseTo(
      ((4.16 / 100) * 5) / 3,
      12
    );
  });

  it('is larger than the textbook variance when the residuals hold a slow cycle', () => {
    // Two days of 10-minute points: a line plus a daily cycle, whose residuals last for hours.
    const n = 288;
    const x = Array.from({ length: n }, (_, i) => i);
    const y = x.map((i) => 0.01 * i + Math.sin((2 * Math.PI * (i + 36)) / 144));
    const fit = fitLinear(x, y);
    const textbook = (fit.sigma * fit.sigma) / fit.sxx;
    expect(hacSlopeVariance(x, y, fit.slope, fit.intercept, fit.xMean, fit.sxx, 144)).toBeGreaterThan(3 * textbook);
  });

  it('skips NaN pairs and is 0 with fewer than 3 finite pairs', () => {
    expect(hacSlopeVariance([0, 1, 2], [1, NaN, 3], 1, 1, 1, 2, 1)).toBe(0);
  });
});
