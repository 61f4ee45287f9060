import { MlError, Series } from '../types';
import { FORECAST_MODELS, backtest, forecast, initForecasting, isMstlReady, prepareForecastInput } from './index';
import { Forecaster } from './model';
import { multiplicativeIndices } from './naive';

const HOUR = 3_600_000;
const T0 = Date.UTC(2024, 0, 1);

function hourly(n: number, f: (i: number) => number): Series {
  return {
    t: Float64Array.from({ length: n }, (_, i) => T0 + i * HOUR),
    v: Float64Array.from({ length: n }, (_, i) => f(i)),
  };
}

const seasonal = (i: number) => 100 + 0.1 * i + 10 * Math.sin((2 * Math.PI * i) / 24) + 3 * Math.sin(i * 1.7);

function expectMlError(fn: () => unknown, code: string, message: RegExp) {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(MlError);
    expect((e as MlError).code).toBe(code);
    expect((e as MlError).message).toMatch(message);
    return;
  }
  throw new Error('expected an MlError');
}

describe('forecast: bands of models chosen by name, far ahead', () => {
  // A latency around 0.3 s with a 3 s spike every few hours (the demo's p99): no season, so seasonal
  // naive and naive2 are the naive random walk, whose band grows with the square root of the steps.
  const n = 4320;
  const spiky: Series = {
    t: Float64Array.from({ length: n }, (_, i) => i * 60_000),
    v: Float64Array.from({ length: n }, (_, i) => 0.3 + 0.02 * Math.sin(i * 1.7) + (i % 337 < 4 ? 2.7 : 0)),
  };
  const range = 2.7 + 0.04;

  it.each(['seasonal_naive', 'naive2'] as const)('%s: each bound held within 0.75 ranges, and marked', (model) => {
    const f = forecast(spiky, { model, horizon: 10_080, season: 0 });
    for (let k = 0; k < f.yhat.length; k++) {
      expect(f.upper[k] - f.yhat[k]).toBeLessThanOrEqual(0.75 * range + 1e-9);
      expect(f.yhat[k] - f.lower[k]).toBeLessThanOrEqual(0.75 * range + 1e-9);
    }
    expect(f.bandHeld?.ranges).toBe(0.75);
    expect(f.bandHeld!.upper[f.yhat.length - 1]).toBe(1);
    expect(f.bandHeld!.upper[0]).toBe(0);
  });

  it('seasonal naive: the 7-day upper bound below the largest value seen (5 times it before the hold); linear and a time to exhaustion keep their own', () => {
    const f = forecast(spiky, { model: 'seasonal_naive', horizon: 10_080, season: 0 });
    expect(f.upper[10_079]).toBeLessThan(Math.max(...spiky.v));
    // The eval chose no hold for linear; time to exhaustion's band is its own matter.
    expect(forecast(spiky, { model: 'linear', horizon: 10_080, season: 0 }).bandHeld).toBeUndefined();
    expect(
      forecast(spiky, { model: 'seasonal_naive', horizon: 10_080, season: 0, purpose: 'exhaustion' }).bandHeld
    ).toBeUndefined();
  });
});

describe('forecast', () => {
  it('continues an exact line with linear and Theil-Sen, timestamps one step apart', () => {
    const s = hourly(50, (i) => 2 * i + 1);
    for (const model of ['linear', 'theilsen'] as const) {
      const f = forecast(s, { model, horizon: 3 });
      expect(Array.from(f.t)).toEqual([T0 + 50 * HOUR, T0 + 51 * HOUR, T0 + 52 * HOUR]);
      expect(f.yhat[0]).toBeCloseTo(101, 6);
      expect(f.yhat[2]).toBeCloseTo(105, 6);
      expect(f.model).toBe(model);
    }
  });

  it('seasonal naive repeats the last season', () => {
    const s = hourly(8, (i) => [1, 5, 2, 7][i % 4] + (i >= 4 ? 10 : 0));
    const f = forecast(s, { model: 'seasonal_naive', horizon: 6, season: 4 });
    expect(Array.from(f.yhat)).toEqual([11, 15, 12, 17, 11, 15]);
  });

  it('derives classical multiplicative seasonal indices (hand-worked)', () => {
    // y = 1,3,1,3,1,3 with m = 2: every centred 2x2 MA is 2, ratios 0.5 and 1.5.
    expect(Array.from(multiplicativeIndices(Float64Array.from([1, 3, 1, 3, 1, 3]), 2))).toEqual([0.5, 1.5]);
  });

  it('gives every model a finite forecast with lower <= yhat <= upper on a seasonal series', () => {
    const s = hourly(24 * 14, seasonal);
    for (const model of FORECAST_MODELS.filter((m) => m !== 'mstl')) {
      const f = forecast(s, { model, horizon: 48, season: 24 });
      for (let k = 0; k < 48; k++) {
        expect(Number.isFinite(f.yhat[k])).toBe(true);
        expect(f.lower[k]).toBeLessThanOrEqual(f.yhat[k]);
        expect(f.upper[k]).toBeGreaterThanOrEqual(f.yhat[k]);
      }
      expect(f.level).toBe(0.95);
    }
  });

  it('auto picks a seasonal model over a straight line for a strong daily cycle', () => {
    const f = forecast(hourly(24 * 14, seasonal), { horizon: 24 });
    expect(['linear', 'theilsen']).not.toContain(f.model);
    // Truth 24 h ahead of the end is within the interval.
    const truth = seasonal(24 * 14 + 23);
    expect(truth).toBeGreaterThan(f.lower[23]);
    expect(truth).toBeLessThan(f.upper[23]);
  });

  it("purpose 'exhaustion' makes auto choose among trend-following models only", () => {
    // A random walk: naive models usually win its backtest, but they never reach a limit.
    let x = 0;
    const rand = (i: number) => Math.sin(i * 12.9898) * 43758.5453 - Math.floor(Math.sin(i * 12.9898) * 43758.5453);
    const s = hourly(200, (i) => (x += rand(i) - 0.5));
    const f = forecast(s, { horizon: 24, purpose: 'exhaustion' });
    expect(['linear', 'theilsen', 'prophet', 'holt', 'quadratic']).toContain(f.model);
    expectMlError(() => forecast(s, { horizon: 24, purpose: 'x' as never }), 'bad_input', /purpose/);
  });

  it('backtest: a costly candidate far behind at the first origin skips the others; cheap ones never do', () => {
    // v = i (a line). 'exact' continues it; 'off' is 10 units off. MASE scale = mean |diff| = 1.
    const input = prepareForecastInput(
      hourly(100, (i) => i),
      { horizon: 10, season: 0 }
    );
    const calls: Record<string, number> = { exact: 0, off: 0, offCheap: 0 };
    const make =
      (name: string, bias: number): Forecaster =>
      (x) => {
        calls[name]++;
        const last = x.filled[x.filled.length - 1];
        const yhat = Float64Array.from({ length: x.horizon }, (_, k) => last + k + 1 + bias);
        return { yhat, lower: yhat, upper: yhat };
      };
    const scores = backtest(
      input,
      { exact: make('exact', 0), off: make('off', 10), offCheap: make('offCheap', 10) },
      { costly: ['off'] }
    );
    expect(calls).toEqual({ exact: 3, off: 1, offCheap: 3 });
    expect(scores.map((s) => [s.model, s.score, s.origins])).toEqual([
      ['exact', 0, 3],
      ['offCheap', 10, 3],
      ['off', 10, 1],
    ]);
  });

  it('backtest: per-model screening margins (a costly model missing from the record gets 0.5)', () => {
    // v = i; every candidate continues the line with a constant bias, so its MASE (scale 1) is |bias|.
    const input = prepareForecastInput(
      hourly(100, (i) => i),
      { horizon: 10, season: 0 }
    );
    const calls: Record<string, number> = { lead: 0, tight: 0, loose: 0 };
    const make =
      (name: string, bias: number): Forecaster =>
      (x) => {
        calls[name]++;
        const last = x.filled[x.filled.length - 1];
        const yhat = Float64Array.from({ length: x.horizon }, (_, k) => last + k + 1 + bias);
        return { yhat, lower: yhat, upper: yhat };
      };
    // Best first score 1; 1.3 is 30 % behind: out with a 10 % margin, in with the default 50 %.
    const scores = backtest(
      input,
      { lead: make('lead', 1), tight: make('tight', 1.3), loose: make('loose', 1.3) },
      { costly: ['tight', 'loose'], screen: { tight: 0.1 } }
    );
    expect(calls).toEqual({ lead: 3, tight: 1, loose: 3 });
    expect(scores.map((s) => [s.model, s.origins])).toEqual([
      ['lead', 3],
      ['loose', 3],
      ['tight', 1],
    ]);
  });

  it('refuses mstl before initForecasting with a clear message, and runs it after', async () => {
    if (!isMstlReady()) {
      expectMlError(
        () => forecast(hourly(100, seasonal), { model: 'mstl', horizon: 5, season: 24 }),
        'bad_input',
        /initForecasting/
      );
    }
    await initForecasting();
    const f = forecast(hourly(24 * 10, seasonal), { model: 'mstl', horizon: 24, season: 24 });
    expect(f.model).toBe('mstl');
    expect(Math.abs(f.yhat[0] - seasonal(240))).toBeLessThan(10);
    // Without a season MSTL cannot run; the fallback is named.
    expect(
      forecast(
        hourly(50, (i) => i + Math.sin(i)),
        { model: 'mstl', horizon: 2, season: 0 }
      ).model
    ).toBe('holtwinters');
  });

  describe('bad input', () => {
    it('rejects empty and too short series with not_enough_data', () => {
      expectMlError(
        () => forecast({ t: new Float64Array(0), v: new Float64Array(0) }, { horizon: 1 }),
        'not_enough_data',
        /at least 3/
      );
      expectMlError(
        () =>
          forecast(
            hourly(2, (i) => i),
            { horizon: 1 }
          ),
        'not_enough_data',
        /got 2/
      );
      expectMlError(
        () =>
          forecast(
            hourly(10, (i) => (i < 8 ? NaN : i)),
            { horizon: 1 }
          ),
        'not_enough_data',
        /got 2/
      );
    });

    it('rejects bad options, mismatched lengths and huge values with bad_input', () => {
      const s = hourly(30, (i) => i);
      expectMlError(() => forecast(s, { horizon: 0 }), 'bad_input', /horizon/);
      expectMlError(() => forecast(s, { horizon: 2.5 }), 'bad_input', /horizon/);
      expectMlError(() => forecast(s, { horizon: 2, level: 95 }), 'bad_input', /level/);
      expectMlError(() => forecast(s, { horizon: 2, season: -1 }), 'bad_input', /season/);
      expectMlError(() => forecast(s, { horizon: 2, step: 0 }), 'bad_input', /step/);
      expectMlError(() => forecast({ t: s.t, v: s.v.subarray(1) }, { horizon: 2 }), 'bad_input', /length/);
      expectMlError(
        () =>
          forecast(
            hourly(30, (i) => (i === 3 ? 1e200 : i)),
            { horizon: 2 }
          ),
        'bad_input',
        /too large/
      );
      expectMlError(() => forecast(s, { horizon: 2, step: 1 }), 'bad_input', /spans/);
      expectMlError(
        () => forecast(s, { horizon: 2, model: 'lstm' as never }),
        'unknown_model',
        /unknown forecast model "lstm"; use one of auto, linear/
      );
    });

    it('gives a flat forecast with a zero-width interval for a constant series', () => {
      const f = forecast(
        hourly(30, () => 4),
        { horizon: 3, model: 'holtwinters' }
      );
      expect(Array.from(f.yhat)).toEqual([4, 4, 4]);
      expect(Array.from(f.lower)).toEqual([4, 4, 4]);
      expect(Array.from(f.upper)).toEqual([4, 4, 4]);
    });

    it('treats unsorted rows and duplicate timestamps like the sorted, merged series', () => {
      const s = hourly(48, (i) => 3 * i);
      const order = Array.from({ length: 48 }, (_, i) => (i * 7) % 48);
      const shuffled: Series = {
        t: Float64Array.from(order, (i) => s.t[i]),
        v: Float64Array.from(order, (i) => s.v[i]),
      };
      const dup: Series = { t: Float64Array.from([...s.t, s.t[5]]), v: Float64Array.from([...s.v, s.v[5]]) };
      const ref = forecast(s, { model: 'linear', horizon: 2 });
      expect(Array.from(forecast(shuffled, { model: 'linear', horizon: 2 }).yhat)).toEqual(Array.from(ref.yhat));
      expect(forecast(dup, { model: 'linear', horizon: 2 }).yhat[1]).toBeCloseTo(ref.yhat[1], 9);
    });

    it('forecasts through NaN values, missing timestamps and +-Infinity', () => {
      const s = hourly(24 * 7, seasonal);
      s.v[10] = NaN;
      s.v[11] = Infinity;
      const keep = Array.from({ length: s.t.length }, (_, i) => i).filter((i) => i < 50 || i > 60);
      const gappy: Series = { t: Float64Array.from(keep, (i) => s.t[i]), v: Float64Array.from(keep, (i) => s.v[i]) };
      for (const model of ['holtwinters', 'prophet', 'naive2', 'seasonal_naive', 'theilsen'] as const) {
        const f = forecast(gappy, { model, horizon: 5, season: 24 });
        expect(f.yhat.every(Number.isFinite)).toBe(true);
        expect(f.t[0]).toBe(s.t[s.t.length - 1] + HOUR);
      }
    });

    it('puts irregular timestamps on the grid of the given step', () => {
      const t = Float64Array.from({ length: 40 }, (_, i) => T0 + i * HOUR + (i % 3) * 60_000);
      const v = Float64Array.from({ length: 40 }, (_, i) => i);
      const f = forecast({ t, v }, { model: 'linear', horizon: 1, step: HOUR });
      expect(f.t[0]).toBe(T0 + 40 * HOUR);
      expect(f.yhat[0]).toBeCloseTo(40, 6);
    });
  });
});

describe('forecast auto: a falling disk with a daily write pattern, an hour ahead', () => {
  // The demo's db-1 volume as the companion reads it at step=30m: three days falling 30 GB a day with a
  // daily pattern and 0.2 GB of noise. forecast_lower/upper(..., 1h) fits 4 steps (horizon and refit).
  const m = 48;
  const at = (i: number) => 400 - (30 * i) / m + 2 * Math.sin((2 * Math.PI * i) / m) + 0.2 * Math.sin(i * 1.7);
  const series: Series = {
    t: Float64Array.from({ length: 3 * m }, (_, i) => T0 + i * 1_800_000),
    v: Float64Array.from({ length: 3 * m }, (_, i) => at(i)),
  };

  beforeAll(async () => {
    await initForecasting();
  });

  it('gives a band a few GB wide that holds the next hour, not one a day of trend wide', () => {
    const r = forecast(series, { horizon: 4, step: 1_800_000 });
    const truth = at(3 * m + 1);
    expect(r.upper[1] - r.lower[1]).toBeLessThan(5);
    expect(r.lower[1]).toBeLessThanOrEqual(truth);
    expect(r.upper[1]).toBeGreaterThanOrEqual(truth);
  });
});
