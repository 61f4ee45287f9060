import { mulberry32 } from '../core/prng';
import { Series } from '../types';
import { BacktestScore } from './auto';
import { CURVE_MARGIN, admitCurve, quadraticForecaster } from './curvedTrend';
import { forecast, prepareForecastInput } from './index';
import { chooseTrendModel } from './trendCandidates';

const HOUR = 3_600_000;

function hourly(n: number, f: (i: number) => number): Series {
  return {
    t: Float64Array.from({ length: n }, (_, i) => i * HOUR),
    v: Float64Array.from({ length: n }, (_, i) => f(i)),
  };
}

function noisy(seed: number, sd: number, f: (i: number) => number): (i: number) => number {
  const rand = mulberry32(seed);
  return (i) => f(i) + sd * Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

const scores = (...s: Array<[string, number]>): BacktestScore[] =>
  s.map(([model, score]) => ({ model, score, origins: 3 }));

describe('curved trend (quadratic) for exhaustion', () => {
  it('continues a parabola and holds its value past a future vertex', () => {
    // y = 100 - (i - 20)^2 at i = 0..10 rises toward its vertex at i = 20 (y = 100), then would fall.
    const input = prepareForecastInput(
      hourly(11, (i) => 100 - (i - 20) ** 2),
      { horizon: 20, season: 0 }
    );
    const out = quadraticForecaster(input);
    expect(out.yhat[0]).toBeCloseTo(100 - 81, 8); // i = 11
    expect(out.yhat[8]).toBeCloseTo(100 - 1, 8); // i = 19
    expect(out.yhat[9]).toBeCloseTo(100, 8); // i = 20, the vertex
    expect(out.yhat[19]).toBeCloseTo(100, 8); // i = 30: held, not 0
  });

  it('is admitted only as the best score, CURVE_MARGIN ahead, with significant curvature', () => {
    const curved = prepareForecastInput(
      hourly(
        60,
        noisy(1, 1, (i) => 0.05 * i * i)
      ),
      { horizon: 10, season: 0 }
    );
    const straight = prepareForecastInput(
      hourly(
        60,
        noisy(2, 1, (i) => 2 * i)
      ),
      { horizon: 10, season: 0 }
    );
    const clear = 1 - CURVE_MARGIN - 0.01;
    expect(admitCurve(curved, scores(['quadratic', clear], ['linear', 1]))).toBe(true);
    expect(chooseTrendModel(curved, scores(['quadratic', clear], ['linear', 1]))).toBe('quadratic');
    // Best, but not by the margin: the straight runner-up is used.
    expect(chooseTrendModel(curved, scores(['quadratic', 1 - CURVE_MARGIN / 2], ['holt', 1], ['linear', 2]))).toBe(
      'holt'
    );
    // By the margin, but the whole series shows no significant curvature.
    expect(admitCurve(straight, scores(['quadratic', 0.1], ['linear', 1]))).toBe(false);
    expect(chooseTrendModel(straight, scores(['quadratic', 0.1], ['linear', 1]))).toBe('linear');
    // Not the best at all; nothing scored.
    expect(chooseTrendModel(curved, scores(['linear', 1], ['quadratic', 2]))).toBe('linear');
    expect(chooseTrendModel(curved, scores(['quadratic', Infinity], ['linear', Infinity]))).toBeUndefined();
  });

  it('is not admitted for a hump: a parabola that turns around inside the data is a cycle, not a fill', () => {
    // Rises for 30 hours, then falls (a weekday hump): strongly curved, vertex at 30 of 0..59.
    const hump = prepareForecastInput(
      hourly(
        60,
        noisy(5, 1, (i) => 100 - 0.05 * (i - 30) ** 2)
      ),
      { horizon: 10, season: 0 }
    );
    expect(admitCurve(hump, scores(['quadratic', 0.1], ['linear', 1]))).toBe(false);
    // The same curvature with its vertex before the data (an accelerating fall) is admitted.
    const falling = prepareForecastInput(
      hourly(
        60,
        noisy(5, 1, (i) => 100 - 0.05 * (i + 5) ** 2)
      ),
      { horizon: 10, season: 0 }
    );
    expect(admitCurve(falling, scores(['quadratic', 0.1], ['linear', 1]))).toBe(true);
  });

  it('auto for exhaustion keeps straight fills straight and bends accelerating ones', () => {
    const opts = { horizon: 48, season: 0, purpose: 'exhaustion' } as const;
    expect(
      forecast(
        hourly(
          300,
          noisy(3, 3, (i) => 500 - i)
        ),
        opts
      ).model
    ).not.toBe('quadratic');
    // 500 - i^2 / 300: the fill rate grows from 0 to 2 per step over the window.
    const f = forecast(
      hourly(
        300,
        noisy(4, 3, (i) => 500 - (i * i) / 300)
      ),
      opts
    );
    expect(f.model).toBe('quadratic');
    // 48 steps on: 500 - 347^2 / 300 = 98.6.
    expect(Math.abs(f.yhat[47] - (500 - 347 ** 2 / 300))).toBeLessThan(5);
    expect(f.lower[47]).toBeLessThan(f.yhat[47]);
    expect(f.upper[47]).toBeGreaterThan(f.yhat[47]);
  });
});
