import { deriv, fitLinear, linearInterval, predictLinear } from './linear';

describe('linear', () => {
  it('predict_linear extrapolates the least-squares line from the evaluation time', () => {
    // Points (0,1), (60,2), (120,3): slope 1/60 per s; at t=120 the line is 3; 60 s later 4.
    expect(predictLinear([0, 60, 120], [1, 2, 3], 120, 60)).toBeCloseTo(4, 12);
    expect(deriv([0, 60, 120], [1, 2, 3])).toBeCloseTo(1 / 60, 15);
  });

  it('follows Prometheus for constant ranges and fewer than two samples', () => {
    expect(deriv([0, 10, 20], [5, 5, 5])).toBe(0);
    expect(predictLinear([0, 10], [5, 5], 10, 100)).toBe(5);
    expect(deriv([0, 10], [Infinity, Infinity])).toBeNaN();
    expect(deriv([0], [1])).toBeNaN();
  });

  it('fits OLS ignoring NaN pairs, with the textbook prediction interval', () => {
    // y = 1 + 2x with residuals +1, -1, -1, +1 at x = 0..3: slope 2, intercept 1, SSE 4, sigma sqrt(4/2).
    const fit = fitLinear([0, 1, NaN, 2, 3], [2, 2, 7, 4, 8]);
    expect(fit.n).toBe(4);
    expect(fit.slope).toBeCloseTo(2, 12);
    expect(fit.intercept).toBeCloseTo(1, 12);
    expect(fit.sigma).toBeCloseTo(Math.sqrt(2), 12);
    // xMean 1.5, Sxx 5: at x0 = 4 the half-width is z sigma sqrt(1 + 1/4 + 6.25/5).
    expect(linearInterval(fit, 4, 2)).toBeCloseTo(2 * Math.sqrt(2) * Math.sqrt(1 + 0.25 + 1.25), 12);
  });
});
