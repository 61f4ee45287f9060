import { createHoltWinters, fitHoltWinters, forecastHoltWinters, holtWintersFromJSON, holtWintersToJSON, updateHoltWinters } from './holtWinters';
import { deriv, fitLinear, linearInterval, predictLinear } from './linear';
import { fitProphetRidge, predictProphetRidge, prophetRidgeInterval } from './prophetRidge';
import { theilSen } from './theilSen';
import { normalQuantile } from './numeric';

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

describe('holtWinters', () => {
  it('continues a noiseless linear seasonal pattern exactly with zero smoothing', () => {
    const m = 4;
    const pattern = [1, -2, 3, -2];
    const y = Array.from({ length: 24 }, (_, i) => 10 + 0.5 * i + pattern[i % m]);
    const state = createHoltWinters(y, { period: m, alpha: 0, beta: 0, gamma: 0 });
    const f = forecastHoltWinters(state, 6);
    for (let k = 0; k < 6; k++) {
      const i = 24 + k;
      expect(f.yhat[k]).toBeCloseTo(10 + 0.5 * i + pattern[i % m], 9);
    }
  });

  it('applies the error-correction update (hand-worked, no season)', () => {
    const state = createHoltWinters([], { period: 0, alpha: 0.5, beta: 0.1, gamma: 0 });
    state.level = 10;
    state.trend = 1;
    // Prediction 11; error 2; level 10 + 1 + 0.5*2 = 12; trend 1 + 0.1*2 = 1.2.
    const { expected, error } = updateHoltWinters(state, 13);
    expect(expected).toBe(11);
    expect(error).toBe(2);
    expect(state.level).toBeCloseTo(12, 15);
    expect(state.trend).toBeCloseTo(1.2, 15);
  });

  it('widens the interval as ETS(A,A,N) theory says: var_2 = sigma^2 (1 + (alpha + beta)^2)', () => {
    const y = [1, 3, 2, 5, 4, 6, 5, 8, 7, 9, 8, 11];
    const state = createHoltWinters(y, { period: 0, alpha: 0.3, beta: 0.1 });
    const f = forecastHoltWinters(state, 2, 0.95);
    const h1 = f.upper[0] - f.yhat[0];
    const h2 = f.upper[1] - f.yhat[1];
    expect(h2 / h1).toBeCloseTo(Math.sqrt(1 + 0.4 * 0.4), 12);
    expect(h1).toBeCloseTo(normalQuantile(0.975) * Math.sqrt(state.sse / state.nErr), 12);
  });

  it('round-trips its state through JSON and falls back to no season with too little data', () => {
    const y = Array.from({ length: 100 }, (_, i) => Math.sin((2 * Math.PI * i) / 24) + i / 50);
    const state = fitHoltWinters(y, { period: 24 });
    const copy = holtWintersFromJSON(JSON.parse(JSON.stringify(holtWintersToJSON(state))));
    expect(Array.from(forecastHoltWinters(copy, 5).yhat)).toEqual(Array.from(forecastHoltWinters(state, 5).yhat));
    expect(fitHoltWinters(y.slice(0, 30), { period: 24 }).period).toBe(0);
  });
});

describe('prophetRidge', () => {
  it('recovers a linear trend with a daily cycle and extrapolates it', () => {
    const hour = 3_600_000;
    const t0 = Date.UTC(2024, 0, 1);
    const t = Float64Array.from({ length: 24 * 21 }, (_, i) => t0 + i * hour);
    const truth = (ms: number) => 50 + (ms - t0) / (24 * hour) + 5 * Math.sin((2 * Math.PI * (ms % 86_400_000)) / 86_400_000);
    const v = t.map(truth);
    const model = fitProphetRidge(t, v, { changepointPenalty: 1e-6, seasonalityPenalty: 1e-9 });
    const future = Float64Array.from({ length: 48 }, (_, i) => t0 + (24 * 21 + i) * hour);
    const yhat = predictProphetRidge(model, future);
    for (let i = 0; i < future.length; i++) {
      expect(Math.abs(yhat[i] - truth(future[i]))).toBeLessThan(0.05);
    }
    const band = prophetRidgeInterval(model, future, 0.95);
    expect(band.upper[0]).toBeGreaterThanOrEqual(band.yhat[0]);
    expect(band.upper[47] - band.lower[47]).toBeGreaterThanOrEqual(band.upper[0] - band.lower[0]);
  });
});
