/**
 * Detector runs on a short training window: the run for each block starts early enough for the
 * model's warm-up, so an alert on `anomaly_score(...)` never sees periodic "no data" at block
 * boundaries, and instant queries there equal the range query's points. In-process, with an
 * upstream answering from fixed series (as tests/node/datasource/engineParity.test.ts does).
 */
import { mulberry32 } from '../../../src/ml/core/prng';
import type { DerivedQuery } from './ast';
import { parseQuery } from './parser';
import { companionEnv, memoryUpstream } from '../../../tests/support/memoryUpstream';
import type { Upstream } from '../upstream/types';
import type { EngineEnv } from '../../../src/engine/context';
import { evaluateInstant, evaluateRange } from './evaluate';

const MIN = 60_000;
const HOUR = 60 * MIN;
// 12 h of 1-minute data from midnight (a multiple of every block length used here).
const T0 = Date.UTC(2024, 0, 1);
const N = 12 * 60;
const END = T0 + (N - 1) * MIN;

function makeValues(): Float64Array {
  const rnd = mulberry32(11);
  const v = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    v[i] = 50 + 5 * Math.sin((2 * Math.PI * i) / 90) + rnd() - 0.5;
  }
  v[500] += 40;
  return v;
}

function upstreamOf(values: Float64Array): Upstream {
  return memoryUpstream([{ labels: { __name__: 'x', job: 'a' }, values }], T0, MIN);
}

/** A fresh evaluation environment (own caches); the default model is the engine's (ensemble). */
function env(values: Float64Array): EngineEnv {
  return companionEnv(
    upstreamOf(values),
    { step: MIN, train: 86_400_000, refit: HOUR, sensitivity: 0.5, level: 0.95 },
    () => END + HOUR
  );
}

const query = (opts: string) => parseQuery(`anomaly_score(x, "${opts}")`) as DerivedQuery;

describe('detector runs on a short training window', () => {
  test.each([
    // The default ensemble on a 60-point window judges from point 90 (Holt-Winters buffers 60, then 30
    // calibration points): each run must start 90 min before its block, not 60.
    'train=1h step=1m',
    // Holt-Winters without a season buffers 30 points, less than the window: the window is the lead-in.
    'model=holtwinters train=1h step=1m season=none',
  ])('%s: a value at every grid point after the first warm-up, and instant == range', async (opts) => {
    const values = makeValues();
    const q = query(opts);
    const range = await evaluateRange(q, T0, END, MIN, env(values));
    expect(range.result).toHaveLength(1);
    const got = new Map(range.result[0].values.map(([t, v]) => [Math.round(t * 1000), v]));
    // The first block has no data before T0, so it is judged once the model has warmed up on it
    // (within the first block of at most 6 h); from then on, no grid point is missing.
    const times = Array.from({ length: N }, (_, i) => T0 + i * MIN);
    const first = times.findIndex((t) => got.has(t));
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThan(6 * 60);
    const missing = times
      .slice(first)
      .filter((t) => !got.has(t))
      .map((t) => (t - T0) / MIN);
    expect(missing).toEqual([]);

    // Instant queries around every block boundary of the range (fresh caches and a shared one).
    const shared = env(values);
    for (const b of [4, 6, 8, 12]) {
      for (const t of [T0 + b * HOUR - MIN, T0 + b * HOUR, T0 + b * HOUR + MIN].filter((x) => x <= END)) {
        for (const e of [env(values), shared]) {
          const inst = await evaluateInstant(q, t, e);
          expect([t, inst.result.map((r) => r.value[1])]).toEqual([t, [got.get(t)]]);
        }
      }
    }
  });
});
