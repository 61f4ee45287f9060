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

  it.each([
    [24, 0, 3],
    [24, 168, 21],
  ])(
    'on a falling seasonal series that ends where its longest season (%i, %i) wraps, starts from the last level',
    (m1, m2, days) => {
      // Hourly, falling 0.5 an hour under a daily swing of 20 (plus a little deterministic noise). Its
      // seasonal profile was learnt around each season's own mean, so it held half a season of the fall at
      // either end and jumped by a whole season's fall where the season wraps, here at the first forecast
      // step (old code: 12.4 above with the day alone, 78.7 above with the week).
      const n = days * 24;
      const truth = (t: number) => 1000 - 0.5 * t + 20 * Math.sin((2 * Math.PI * t) / 24);
      const y = Float64Array.from({ length: n }, (_, t) => truth(t) + 3 * Math.sin(t * 7.3));
      const out = doubleSeasonalForecast(y, m1, m2, 24, 0.95);
      expect(Math.abs(out.yhat[0] - truth(n))).toBeLessThan(4);
    }
  );
});
