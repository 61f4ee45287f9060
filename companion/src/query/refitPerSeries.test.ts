/**
 * After a jump only the series that jumped refits at each step: the others keep their regular fit.
 * Before, one series with a restart made every series of the query refit at every step until the next
 * refit (the home's "Running out" over thousands of filesystems, one of which was cleaned up, refitted
 * them all), and a series' answer then depended on which other series its query held.
 */
import type { EngineEnv } from '../../../src/engine/context';
import type { FunctionCall } from '../../../src/engine/query';
import { fitOnGrid, type FitterFamily } from '../../../src/engine/windowedFits';
import { companionEnv, memoryUpstream, type MemorySeries } from '../../../tests/support/memoryUpstream';

const MIN = 60_000;
const HOUR = 60 * MIN;
const T0 = Date.UTC(2024, 0, 1);
const N = 6 * 60;
const RESET = 4 * 60 + 20; // between two hourly refits
const noise = (i: number) => 0.3 * Math.sin(i * 1.7);
// A leak restarted at RESET, and two steady leaks that never jump.
const restarted: MemorySeries = {
  labels: { fs: 'cleaned' },
  values: Float64Array.from({ length: N }, (_, i) => (i < RESET ? 100 + i : 100 + (i - RESET)) + noise(i)),
};
// Each series in its own thousand, so the fitter knows which one it fits.
const steady = (fs: string, base: number, slope: number): MemorySeries => ({
  labels: { fs },
  values: Float64Array.from({ length: N }, (_, i) => base + slope * i + noise(i)),
});

/** A linear fit of the window's last 30 values, counting its fits per series (by its thousand). */
function counting(): { family: FitterFamily; fits: Map<number, number> } {
  const fits = new Map<number, number>();
  const family: FitterFamily = {
    name: 'countingLinear',
    scalar: true,
    fitter: async (w) => {
      const key = Math.floor(w.v[w.v.length - 1] / 1000);
      fits.set(key, (fits.get(key) ?? 0) + 1);
      const n = Math.min(30, w.v.length);
      const last = w.v[w.v.length - 1];
      const slope = (last - w.v[w.v.length - n]) / ((n - 1) * MIN);
      return { outputs: { yhat: (delta: number) => last + slope * delta }, detail: undefined };
    },
  };
  return { family, fits };
}

async function run(series: MemorySeries[]) {
  const env: EngineEnv = companionEnv(
    memoryUpstream(series, T0, MIN),
    { step: MIN, train: 3 * HOUR, refit: HOUR, level: 0.95 },
    () => T0 + 2 * N * MIN
  );
  const q: FunctionCall = { func: 'forecast', inner: 'fs_used', horizon: 0, options: {} };
  const points: number[] = [];
  for (let m = 4 * 60; m < 5 * 60; m += 5) {
    points.push(T0 + m * MIN);
  }
  const { family, fits } = counting();
  const out = await fitOnGrid(q, { step: 5 * MIN, points }, env, family, 'yhat');
  return { out, fits };
}

test('only the series that jumped refits at each step, and the others answer as they do alone', async () => {
  const together = await run([restarted, steady('a', 1000, 0.5), steady('b', 5000, 0.2)]);
  // The regular fit at 04:00 for each series; the restarted one refits from its jump (04:20) at
  // each 5-minute step to 04:55: 8 more.
  expect(Object.fromEntries(together.fits)).toEqual({ 0: 1 + 8, 1: 1, 5: 1 });
  for (const s of [steady('a', 1000, 0.5), steady('b', 5000, 0.2)]) {
    const alone = await run([s]);
    const mine = together.out.find((x) => x.labels.fs === s.labels.fs)!;
    expect(Array.from(mine.values)).toEqual(Array.from(alone.out[0].values));
  }
  const alone = await run([restarted]);
  expect(Array.from(together.out.find((x) => x.labels.fs === 'cleaned')!.values)).toEqual(
    Array.from(alone.out[0].values)
  );
});

test('a range query refits where an instant query at each of its points does, never on later samples', async () => {
  // Drops 10 at 04:20 (a quarter of the range so far), then spikes to 200 at 04:40: judged on the
  // window through 04:55, the spike widened the range and the drop was no jump, so the range query
  // served the fit before the drop at 04:20-04:35 where instant queries refit.
  const JUMP = 4 * 60 + 20;
  const SPIKE = 4 * 60 + 40;
  const s: MemorySeries = {
    labels: { fs: 'x' },
    values: Float64Array.from(
      { length: N },
      (_, i) => (i < JUMP ? 100 + i / 24 : i < SPIKE ? 90 + (i - JUMP) / 24 : 200) + noise(i)
    ),
  };
  const family: FitterFamily = {
    name: 'lastValue',
    scalar: true,
    fitter: async (w) => {
      const last = w.v[w.v.length - 1];
      return { outputs: { yhat: () => last }, detail: undefined };
    },
  };
  const at = async (points: number[]) => {
    const env: EngineEnv = companionEnv(
      memoryUpstream([s], T0, MIN),
      { step: MIN, train: 3 * HOUR, refit: HOUR, level: 0.95 },
      () => T0 + 2 * N * MIN
    );
    const q: FunctionCall = { func: 'forecast', inner: 'fs_used', horizon: 0, options: {} };
    return Array.from((await fitOnGrid(q, { step: 5 * MIN, points }, env, family, 'yhat'))[0].values);
  };
  const points = Array.from({ length: 12 }, (_, k) => T0 + (4 * 60 + 5 * k) * MIN);
  const range = await at(points);
  const instants: number[] = [];
  for (const p of points) {
    instants.push((await at([p]))[0]);
  }
  expect(range).toEqual(instants);
  expect(range[4]).toBeLessThan(95); // 04:20: after the drop, not the fit at 04:00 (~110)
});

test("a series' refits after jumps count against the query's model-fit limit, before any fit", async () => {
  // A sawtooth that drops one minute after every half-hourly refit: each later step's window shows
  // the drop, so the series refits at 29 steps of 30. 12,000 one-minute points need 400 fit times and
  // 11,600 refits for it: over the 11,000 fits a series may need. Before, only the 400 fit times
  // counted, and the 11,600 refits were made. (Short windows keep the jump judgements cheap.)
  const points = Array.from({ length: 12_000 }, (_, k) => T0 + (60 + k) * MIN);
  const length = 60 + 12_000 + 30;
  const saw: MemorySeries = {
    labels: { fs: 'saw' },
    values: Float64Array.from({ length }, (_, i) => 100 + ((i + 29) % 30) + noise(i)),
  };
  const env: EngineEnv = companionEnv(
    memoryUpstream([saw], T0, MIN),
    { step: MIN, train: 30 * MIN, refit: 30 * MIN, level: 0.95 },
    () => T0 + 2 * length * MIN
  );
  const q: FunctionCall = { func: 'forecast', inner: 'fs_used', horizon: 0, options: {} };
  const { family, fits } = counting();
  await expect(fitOnGrid(q, { step: MIN, points }, env, family, 'yhat')).rejects.toThrow(
    'the query needs 12,000 model fits for one series (400 fit times and 11,600 refits after a jump or reset), over the limit of 11,000; use a larger step='
  );
  expect(fits.size).toBe(0);
});
