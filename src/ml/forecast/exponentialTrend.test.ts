import { mulberry32 } from '../core/prng';
import { exponentialForecaster } from './exponentialTrend';
import { forecast, prepareForecastInput } from './index';

const HOUR = 3_600_000;

describe('exponential trend for exhaustion', () => {
  it('continues multiplicative growth with an offset (free space = size - doubling usage)', () => {
    // Used space doubles every 100 hours: free = 100 - 2^(i / 100); 300 hours seen, 100 ahead.
    const f = (i: number) => 100 - 2 ** (i / 100);
    const input = prepareForecastInput(
      {
        t: Float64Array.from({ length: 300 }, (_, i) => i * HOUR),
        v: Float64Array.from({ length: 300 }, (_, i) => f(i)),
      },
      { horizon: 100, season: 0 }
    );
    const out = exponentialForecaster(input);
    expect(out.yhat[99]).toBeCloseTo(f(399), 3);
    expect(out.lower[99]).toBeLessThanOrEqual(out.yhat[99]);
    expect(out.upper[99]).toBeGreaterThanOrEqual(out.yhat[99]);
  });

  it('is what auto uses for exhaustion on noisy exponential growth, and its interval holds the truth', () => {
    const rand = mulberry32(9);
    const f = (i: number) => 80 - 2 * (2 ** (i / 144) - 1); // 10-minute steps, doubling daily
    const n = 6 * 144;
    const v = Float64Array.from(
      { length: n },
      (_, i) => f(i) + 0.3 * Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand())
    );
    const t = Float64Array.from({ length: n }, (_, i) => i * 600_000);
    const r = forecast({ t, v }, { horizon: 144, purpose: 'exhaustion', season: 0 });
    expect(r.model).toBe('exponential');
    const truth = f(n - 1 + 144);
    expect(r.lower[143]).toBeLessThanOrEqual(truth);
    expect(r.upper[143]).toBeGreaterThanOrEqual(truth);
  });

  it('stays finite far ahead (the exponent is capped)', () => {
    const input = prepareForecastInput(
      {
        t: Float64Array.from({ length: 50 }, (_, i) => i * HOUR),
        v: Float64Array.from({ length: 50 }, (_, i) => 2 ** (i / 5)),
      },
      { horizon: 10_000, season: 0 }
    );
    const out = exponentialForecaster(input);
    expect(out.yhat.every(Number.isFinite)).toBe(true);
  });
});
