import { mulberry32 } from '../core/prng';
import { Series } from '../types';
import { BacktestScore } from './auto';
import { CURVE_MARGIN, admitCurve, quadraticForecaster } from './curvedTrend';
import { exponentialForecaster } from './exponentialTrend';
import { forecast, prepareForecastInput } from './index';
import { chooseTrendModel } from './trendCandidates';
import { withTteSettings } from '../tte/settings';

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

  it('is not admitted when it slows toward a vertex after the data, even with its lead (curveNeedsAcceleration)', () => {
    // Falls 2 per hour, slowing to a vertex at i = 100, after the data (0..59): strongly curved and
    // ahead by the margin, but held flat past its vertex it says the fill stops there. On fills whose
    // daily rate varies it answered "not within 90 days" for 10-45 d (18 evaluations, eval tte).
    const slowing = prepareForecastInput(
      hourly(
        60,
        noisy(6, 1, (i) => 100 - 2 * i + 0.01 * i * i)
      ),
      { horizon: 10, season: 0 }
    );
    const lead = scores(['quadratic', 0.1], ['linear', 1]);
    expect(admitCurve(slowing, lead, 'quadratic', 3, true)).toBe(false);
    expect(chooseTrendModel(slowing, lead, 0.25, 3, true)).toBe('linear');
    // Without it (any forecast but time to exhaustion), only a turn within the data is refused.
    expect(admitCurve(slowing, lead)).toBe(true);
    // An accelerating parabola (vertex before the data) is still admitted with it.
    const speeding = prepareForecastInput(
      hourly(
        60,
        noisy(6, 1, (i) => 100 - 0.02 * (i + 10) ** 2)
      ),
      { horizon: 10, season: 0 }
    );
    expect(admitCurve(speeding, lead, 'quadratic', 3, true)).toBe(true);
  });

  it("widens an admitted curve's interval to the other curve's (curveUnion)", async () => {
    // Doubling every 100 hours: the parabola and the exponential both follow 300 hours of it, and
    // far ahead their intervals part.
    const series = hourly(
      300,
      noisy(8, 2, (i) => 500 - 20 * (2 ** (i / 100) - 1))
    );
    const opts = { horizon: 200, season: 0, purpose: 'exhaustion' } as const;
    const joined = forecast(series, opts);
    const alone = await withTteSettings({ curveUnion: 0 }, async () => forecast(series, opts));
    expect(['quadratic', 'exponential']).toContain(joined.model);
    expect(joined.model).toBe(alone.model);
    expect(joined.yhat).toEqual(alone.yhat);
    const input = prepareForecastInput(series, opts);
    const other = (joined.model === 'quadratic' ? exponentialForecaster : quadraticForecaster)(input);
    for (let k = 0; k < 200; k++) {
      expect(joined.lower[k]).toBeCloseTo(Math.min(alone.lower[k], other.lower[k]), 6);
      expect(joined.upper[k]).toBeCloseTo(Math.max(alone.upper[k], other.upper[k]), 6);
    }
    // Not the same interval: the other curve's reaches past the chosen one's somewhere ahead.
    expect(
      joined.lower.some((x, k) => x < alone.lower[k] - 1e-9) || joined.upper.some((x, k) => x > alone.upper[k] + 1e-9)
    ).toBe(true);
  });

  describe('without its backtest lead, by the Newey-West curvature test (hacT, time to exhaustion: curveHacT)', () => {
    const DAY = 86_400_000;
    /** Every 10 minutes for `days`: f(days) plus normal noise of sd `sd`. */
    const tenMinutes = (seed: number, days: number, sd: number, f: (d: number) => number) => {
      const rand = mulberry32(seed);
      const n = days * 144;
      return prepareForecastInput(
        {
          t: Float64Array.from({ length: n }, (_, i) => i * 600_000),
          v: Float64Array.from(
            { length: n },
            (_, i) =>
              f((i * 600_000) / DAY) + sd * Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand())
          ),
        },
        { horizon: 144, season: 0 }
      );
    };
    // The Prophet-style trend's last slope followed the bend over the short hold-outs: the parabola is
    // the best curve but not ahead of the straight candidates.
    const behind = scores(['prophet', 0.22], ['quadratic', 0.3], ['linear', 0.31], ['exponential', 0.5]);
    // Free space 60 (1 - (d / 10)^2) % with noise of sd 2 %, 3.5 days: the curvature's |t| is about 5.
    const accelerating = tenMinutes(22, 3.5, 2, (d) => 60 * (1 - (d / 10) ** 2));
    // A steady fill of 1.5 %/day under a 2 % daily cycle, 2.5 days: the half cycle left over has a
    // textbook |t| of 7.5 and its vertex where an acceleration's would be; over a day's lags, 2.1.
    const cycle = tenMinutes(7, 2.5, 0.3, (d) => 60 - 1.5 * d + 2 * Math.sin(2 * Math.PI * (d + 0.5)));

    it('admits a fill that accelerates, and not an unfinished daily cycle', () => {
      expect(admitCurve(accelerating, behind, 'quadratic', 3)).toBe(true);
      expect(chooseTrendModel(accelerating, behind, 0.25, 3)).toBe('quadratic');
      expect(admitCurve(cycle, behind, 'quadratic', 3)).toBe(false);
      // Its Newey-West |t| (2.1) clears the shipped bar (1.5); the rest of the admission still refuses it.
      expect(admitCurve(cycle, behind, 'quadratic', 1.5)).toBe(false);
      expect(chooseTrendModel(cycle, behind, 0.25, 3)).toBe('prophet');
    });

    it('does not admit a curve that decelerates, nor one that is not the best curve', () => {
      const slowing = tenMinutes(23, 3.5, 0.3, (d) => 60 - 6 * d + 0.5 * d * d);
      expect(admitCurve(slowing, behind, 'quadratic', 3)).toBe(false);
      const exponentialAhead = scores(['prophet', 0.22], ['exponential', 0.28], ['quadratic', 0.3]);
      expect(admitCurve(accelerating, exponentialAhead, 'quadratic', 3)).toBe(false);
    });

    it('does not admit a fill whose rate stepped up: two straight pieces fit it as well as the parabola', () => {
      // 1 %/day, then 3 %/day from 18 hours in (a workload that started), 3 days: the parabola's
      // vertex lies near the bend and its Newey-West |t| is far above 3; admitted, it read 7.7-8.3 d
      // for 17.5 d at the later rate (the straight candidates 15.3-18.6 d).
      const steppedUp = tenMinutes(3, 3, 0.3, (d) => (d < 0.75 ? 60 - d : 59.25 - 3 * (d - 0.75)));
      expect(admitCurve(steppedUp, behind, 'quadratic', 3)).toBe(false);
      // Flat, then 3 %/day from 18 hours in, under a daily wave of 1 %.
      const started = tenMinutes(5, 3, 0.3, (d) => (d < 0.75 ? 60 : 60 - 3 * (d - 0.75)) + Math.sin(2 * Math.PI * d));
      expect(admitCurve(started, behind, 'quadratic', 3)).toBe(false);
    });

    it('is off at 0 (the default, and any forecast but time to exhaustion): the parabola needs its lead', () => {
      expect(admitCurve(accelerating, behind)).toBe(false);
      expect(chooseTrendModel(accelerating, behind, 0.25)).toBe('prophet');
    });
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
