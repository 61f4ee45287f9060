import { doubleSeasonalForecast } from './doubleSeasonal';

describe('doubleSeasonalForecast', () => {
  it('reproduces an exact day-plus-week pattern', () => {
    // Hourly: a daily sine and a weekend dip, no noise; four weeks of history.
    const f = (i: number) => 50 + 10 * Math.sin((2 * Math.PI * i) / 24) + (Math.floor(i / 24) % 7 >= 5 ? -8 : 0);
    const n = 24 * 28;
    const y = Float64Array.from({ length: n }, (_, i) => f(i));
    const out = doubleSeasonalForecast(y, 24, 168, 48, 0.95);
    for (let h = 0; h < 48; h++) {
      expect(out.yhat[h]).toBeCloseTo(f(n + h), 6);
      expect(out.lower[h]).toBeLessThanOrEqual(out.yhat[h]);
      expect(out.upper[h]).toBeGreaterThanOrEqual(out.yhat[h]);
    }
  });

  it('with one period is a seasonal level model that follows a level shift', () => {
    const n = 24 * 10;
    const y = Float64Array.from({ length: n }, (_, i) => (i < n - 48 ? 20 : 30) + 5 * Math.sin((2 * Math.PI * i) / 24));
    const out = doubleSeasonalForecast(y, 24, 0, 24, 0.95);
    let mean = 0;
    for (let h = 0; h < 24; h++) {
      mean += out.yhat[h] / 24;
    }
    // The last two days sit at 30: the forecast's daily mean is far nearer 30 than 20.
    expect(mean).toBeGreaterThan(27);
  });
});
