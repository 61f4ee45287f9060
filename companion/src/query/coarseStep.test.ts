/**
 * A spike between two grid points is not lost at a coarse step: detectors score at the resolution
 * (default 1m) and each step reports the highest score within it, while the band is the fine grid's
 * value at the step's end. In-process, on one-minute data with a daily cycle.
 */
import type { EngineEnv } from '../../../src/engine/context';
import { mulberry32 } from '../../../src/ml/core/prng';
import { companionEnv, memoryUpstream } from '../../../tests/support/memoryUpstream';
import type { DerivedQuery } from './ast';
import { evaluateRange } from './evaluate';
import { parseQuery } from './parser';

const MIN = 60_000;
const HOUR = 60 * MIN;
const T0 = Date.UTC(2024, 0, 1);
const N = 4 * 24 * 60;
// Two minutes of 10x latency at minutes 3 and 4 of a 10-minute step, day 3, 14:00.
const SPIKE = T0 + 3 * 24 * HOUR + 14 * HOUR + 3 * MIN;

const rnd = mulberry32(9);
const values = Float64Array.from({ length: N }, (_, i) => {
  const t = T0 + i * MIN;
  const base = 0.25 + 0.05 * Math.sin((2 * Math.PI * i) / 1440) + 0.01 * (rnd() - 0.5);
  return t === SPIKE || t === SPIKE + MIN ? 2.4 : base;
});

function env(): EngineEnv {
  return companionEnv(
    memoryUpstream([{ labels: { job: 'api' }, values }], T0, MIN),
    { step: MIN, train: 24 * HOUR, refit: HOUR, resolution: MIN, level: 0.95 },
    () => T0 + N * MIN + HOUR
  );
}

async function at(expr: string, step: number): Promise<Map<number, number>> {
  const from = SPIKE - 3 * MIN - 2 * HOUR;
  const to = SPIKE - 3 * MIN + 2 * HOUR;
  const m = await evaluateRange(parseQuery(expr) as DerivedQuery, from, to, step, env());
  return new Map((m.result[0]?.values ?? []).map(([t, v]) => [Math.round(t * 1000), Number(v)]));
}

describe('scoring at the data resolution', () => {
  const stepEnd = SPIKE - 3 * MIN + 10 * MIN;

  test('at a 10-minute step the step holding a 2-minute spike scores above 0.9; scored on the 10-minute grid itself it is lost', async () => {
    const fine = await at('anomaly_score(lat)', 10 * MIN);
    expect(fine.get(stepEnd)!).toBeGreaterThan(0.9);
    // Quiet elsewhere: no other step of the four hours reaches the threshold.
    expect([...fine.entries()].filter(([t, v]) => t !== stepEnd && v > 0.9)).toEqual([]);
    const coarse = await at('anomaly_score(lat, "resolution=10m")', 10 * MIN);
    expect(coarse.get(stepEnd)!).toBeLessThan(0.9);
  });

  test("the band at a coarse step is the fine grid's band at the step end", async () => {
    const coarse = await at('anomaly_upper(lat)', 10 * MIN);
    const fine = await at('anomaly_upper(lat)', MIN);
    expect(coarse.size).toBeGreaterThan(20);
    for (const [t, v] of coarse) {
      expect([t, v]).toEqual([t, fine.get(t)]);
    }
  });
});
