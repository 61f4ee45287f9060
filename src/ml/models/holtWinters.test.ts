import {
  createHoltWinters,
  fitHoltWinters,
  forecastHoltWinters,
  holtWintersFromJSON,
  holtWintersToJSON,
  holtWintersSigma,
  holtWintersVarianceRatio,
  updateHoltWinters,
} from './holtWinters';
import { normalQuantile } from './numeric';

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

describe('holtWinters with a gap in its first seasons', () => {
  // A daily-like square wave (period 48) with a deterministic wiggle, ten seasons.
  const m = 48;
  const y = Array.from(
    { length: 10 * m },
    (_, i) => (i % m >= 16 && i % m < 36 ? 80 : 20) + 3 * Math.sin(i * 2.399963)
  );
  const withGap = (from: number, len: number) => y.map((x, i) => (i >= from && i < from + len ? NaN : x));

  it.each([
    ['in the busy part of the first season', 18, 12],
    ['across the first quiet-to-busy edge', 10, 20],
  ])('fits the same slow level as without the gap (%s)', (_label, from, len) => {
    const full = fitHoltWinters(y, { period: m, damped: false });
    const gappy = fitHoltWinters(withGap(from, len), { period: m, damped: false });
    // Missing values used to count as a seasonal effect of 0: the search then chose alpha 0.7 to 0.9.
    expect(full.alpha).toBeLessThanOrEqual(0.05);
    expect(gappy.alpha).toBe(full.alpha);
    const f = forecastHoltWinters(gappy, m).yhat;
    for (let k = 0; k < m; k++) {
      expect(Math.abs(f[k] - (k >= 16 && k < 36 ? 80 : 20))).toBeLessThan(6);
    }
  });
});

describe('holtWintersVarianceRatio', () => {
  it("is the square of forecastHoltWinters' interval over the one-step one, horizon by horizon", () => {
    const values = Array.from(
      { length: 96 },
      (_, i) => 10 + 0.1 * i + 3 * Math.sin((2 * Math.PI * i) / 12) + ((i * 7919) % 13) / 13
    );
    const state = createHoltWinters(values, { period: 12, alpha: 0.5, beta: 0.1, gamma: 0.2, phi: 0.9 });
    const f = forecastHoltWinters(state, 30);
    const oneStep = f.upper[0] - f.yhat[0];
    expect(oneStep).toBeGreaterThan(0);
    expect(holtWintersSigma(state)).toBeGreaterThan(0);
    expect(holtWintersVarianceRatio(state, 1)).toBe(1);
    for (const h of [2, 12, 13, 30]) {
      expect(holtWintersVarianceRatio(state, h)).toBeCloseTo(((f.upper[h - 1] - f.yhat[h - 1]) / oneStep) ** 2, 9);
    }
    expect(holtWintersVarianceRatio(state, 30)).toBeGreaterThan(holtWintersVarianceRatio(state, 13));
  });
});
