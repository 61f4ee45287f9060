import { fitProphetRidge, predictProphetRidge, prophetRidgeInterval } from './prophetRidge';

describe('prophetRidge', () => {
  it('recovers a linear trend with a daily cycle and extrapolates it', () => {
    const hour = 3_600_000;
    const t0 = Date.UTC(2024, 0, 1);
    const t = Float64Array.from({ length: 24 * 21 }, (_, i) => t0 + i * hour);
    const truth = (ms: number) =>
      50 + (ms - t0) / (24 * hour) + 5 * Math.sin((2 * Math.PI * (ms % 86_400_000)) / 86_400_000);
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
