/**
 * Physical bounds through the companion: a disk whose free space falls toward empty and was never
 * negative keeps its forecast and band at or above 0 by default (the engine's physics,
 * src/ml/forecast/bounds.ts), says how many values it held there in the envelope's warnings, and
 * `bounds=none` turns the inferred floor off while `min=` still applies.
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

async function answer(expr: string): Promise<{ lowest: number; count: number; warnings: string[] }> {
  const end = T0 + (N - 1) * MIN;
  const e = env();
  const m = await evaluateRange(parseQuery(expr) as DerivedQuery, end - 60 * MIN, end, MIN, e);
  const values = m.result.flatMap((s) => s.values.map(([, v]) => Number(v)));
  return { lowest: Math.min(...values), count: values.length, warnings: e.warnings?.list() ?? [] };
}

describe('forecast bounds', () => {
  test('by default the band stops at empty and the warning counts the values held there', async () => {
    const r = await answer('forecast_lower(disk, 12h, "model=linear")');
    expect(r.lowest).toBe(0);
    expect(r.count).toBe(61);
    expect(r.warnings).toEqual([
      'forecast_lower: 61 of 61 values held at the physical bounds, floor 0 (the series was never negative); option bounds=none turns inferred bounds off',
    ]);
    expect((await answer('forecast(disk, 12h, "model=linear")')).lowest).toBe(0);
  });

  test('bounds=none turns the inferred floor off; min= still applies', async () => {
    const free = await answer('forecast_lower(disk, 12h, "model=linear bounds=none")');
    expect(free.lowest).toBeLessThan(0);
    expect(free.warnings).toEqual([]);
    expect((await answer('forecast_lower(disk, 12h, "model=linear bounds=none min=0")')).lowest).toBe(0);
    expect((await answer('forecast_lower(disk, 12h, "model=linear min=-50")')).lowest).toBe(-50);
  });

  test('min at or above max is refused', async () => {
    await expect(answer('forecast(disk, 12h, "min=5 max=5")')).rejects.toThrow(/min must be below max/);
    expect(() => parseQuery('forecast(disk, 1d, "bounds=some")')).toThrow(/option bounds must be auto or none/);
  });

  test('a bound that is not a number is refused at its position', () => {
    expect(() => parseQuery('forecast(disk, 1d, "min=zero")')).toThrow(/option min must be a finite number/);
  });
});

describe("a share named as node-mixin names it: the companion caps it at 1 as the panel's unit does", () => {
  // CPU busy share rising 0.3 → 0.9 over the window: a line continued 12 h reaches past 1.
  const busy = Float64Array.from({ length: N }, (_, i) => 0.3 + (0.6 * i) / N + 0.02 * (((i * 7919) % 13) / 13 - 0.5));
  const cpu: Upstream = memoryUpstream(
    [{ labels: { __name__: 'instance:node_cpu_utilisation:rate5m', instance: 'web-1' }, values: busy }],
    T0,
    MIN
  );

  test('forecast_upper stops at 1 and the warning names the ceiling; bounds=none gives the line back', async () => {
    const end = T0 + (N - 1) * MIN;
    const run = async (expr: string) => {
      const e = companionEnv(cpu, { step: MIN, train: 8 * 3_600_000, refit: 3_600_000, level: 0.95 }, () => end + MIN);
      const m = await evaluateRange(parseQuery(expr) as DerivedQuery, end - 60 * MIN, end, MIN, e);
      return {
        values: m.result.flatMap((s) => s.values.map(([, v]) => Number(v))),
        warnings: e.warnings?.list() ?? [],
      };
    };
    const capped = await run('forecast_upper(instance:node_cpu_utilisation:rate5m, 12h, "model=linear")');
    expect(Math.max(...capped.values)).toBe(1);
    expect(capped.warnings).toEqual([
      'forecast_upper: 61 of 61 values held at the physical bounds, floor 0 (the series was never negative) and ceiling 1 (a ratio never exceeds 1); option bounds=none turns inferred bounds off',
    ]);
    const free = await run('forecast_upper(instance:node_cpu_utilisation:rate5m, 12h, "model=linear bounds=none")');
    expect(Math.min(...free.values)).toBeGreaterThan(1);
  });
});
