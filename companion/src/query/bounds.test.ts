/**
 * Physical bounds through the companion: `forecast(..., "min=0")` keeps the forecast and its band
 * at or above 0 for a disk whose free space falls toward empty.
 */
import type { EngineEnv } from '../../../src/engine/context';
import { companionEnv, memoryUpstream } from '../../../tests/support/memoryUpstream';
import type { Upstream } from '../upstream/types';
import type { DerivedQuery } from './ast';
import { evaluateRange } from './evaluate';
import { parseQuery } from './parser';

const MIN = 60_000;
const T0 = Date.UTC(2024, 0, 1);
const N = 600;

// Free bytes falling 1 a minute from 300, with noise: empty soon after the data ends.
const values = Float64Array.from({ length: N }, (_, i) => 300 - 0.5 * i + ((i * 7919) % 13) - 6);

const upstream: Upstream = memoryUpstream([{ labels: { job: 'a' }, values }], T0, MIN);

function env(): EngineEnv {
  return companionEnv(
    upstream,
    { step: MIN, train: 8 * 3_600_000, refit: 3_600_000, level: 0.95 },
    () => T0 + 2 * N * MIN
  );
}

async function lowest(expr: string): Promise<number> {
  const end = T0 + (N - 1) * MIN;
  const m = await evaluateRange(parseQuery(expr) as DerivedQuery, end - 60 * MIN, end, MIN, env());
  return Math.min(...m.result.flatMap((s) => s.values.map(([, v]) => Number(v))));
}

describe('forecast bounds', () => {
  test('without bounds the band goes below empty; with min=0 nothing does', async () => {
    expect(await lowest('forecast_lower(disk, 12h, "model=linear")')).toBeLessThan(0);
    expect(await lowest('forecast_lower(disk, 12h, "model=linear min=0")')).toBe(0);
    expect(await lowest('forecast(disk, 12h, "model=linear min=0")')).toBe(0);
  });

  test('a bound that is not a number is refused at its position', () => {
    expect(() => parseQuery('forecast(disk, 1d, "min=zero")')).toThrow(/option min must be a finite number/);
  });
});
