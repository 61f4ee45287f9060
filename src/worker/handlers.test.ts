import { callLstmWorker, callWorker } from './client';
import { handle, handlers } from './handlers';

const t = (n: number) => Float64Array.from({ length: n }, (_, i) => i * 60_000);

describe('worker handlers', () => {
  it('answers ping', async () => {
    expect(await handle('ping', [])).toEqual({ ok: true, result: 'pong' });
  });

  it('returns the engine error code for a series too short to judge, instead of throwing', async () => {
    const res = await handle('detect', [t(5), Float64Array.from([1, 2, 3, 4, 5]), { model: 'mad' }]);
    expect(res.ok).toBe(false);
    expect(!res.ok && res.error.code).toBe('not_enough_data');
  });

  it('forecasts a straight line: y = 2 + 3i continues as 2 + 3i', async () => {
    const v = Float64Array.from({ length: 20 }, (_, i) => 2 + 3 * i);
    const res = await handle('forecast', [t(20), v, { model: 'linear', horizon: 2 }]);
    expect(res.ok).toBe(true);
    const f = (res as { result: { yhat: Float64Array; t: Float64Array } }).result;
    expect(Array.from(f.t)).toEqual([20 * 60_000, 21 * 60_000]);
    expect(f.yhat[0]).toBeCloseTo(62, 6);
    expect(f.yhat[1]).toBeCloseTo(65, 6);
  });

  it('time to exhaustion of y = i per minute against capacity 100: from 19 at the last point, 81 minutes', async () => {
    const v = Float64Array.from({ length: 20 }, (_, i) => i);
    const res = await handle('tte', [
      t(20),
      v,
      { capacity: 100, direction: 'up', model: 'linear', horizon: 86_400_000 },
    ]);
    expect(res.ok).toBe(true);
    expect((res as { result: { seconds: number } }).result.seconds).toBeCloseTo(81 * 60, 3);
  });

  it('names an unknown method', async () => {
    expect(await handle('nope', [])).toEqual({
      ok: false,
      error: { name: 'Error', message: 'unknown worker method "nope"' },
    });
  });
});

describe('typed worker protocol', () => {
  it('derives method names, arguments and results from the handler table', () => {
    // Type-level checks: each @ts-expect-error fails `npx tsc --noEmit` if the call becomes accepted.
    const typed = (_f: () => unknown) => undefined;
    typed(() => callWorker('forecast', [t(3), t(3), { horizon: 2 }]).then((f) => f.yhat));
    // @ts-expect-error: no such method
    typed(() => callWorker('forcast', []));
    // @ts-expect-error: forecast needs (t, v, options)
    typed(() => callWorker('forecast', [t(3)]));
    // @ts-expect-error: a forecast result has no `score`
    typed(() => callWorker('forecast', [t(3), t(3), { horizon: 2 }]).then((f) => f.score));
    // @ts-expect-error: the LSTM worker has no `forecast`
    typed(() => callLstmWorker('forecast', []));
    expect(Object.keys(handlers)).toEqual(expect.arrayContaining(['detect', 'forecast', 'tte', 'trend', 'minPoints']));
  });
});
