import { MlError } from '../types';
import { checkBounds, clampMarking, clampToBounds, describeBounds, physicalBounds, unreachableLimit } from './bounds';
import { forecast } from './index';

describe('bounds', () => {
  it('clamps every array into [min, max]', () => {
    const a = Float64Array.of(-2, 0.5, 3);
    const b = Float64Array.of(-1, 2);
    clampToBounds([a, b], { min: 0, max: 1 });
    expect([...a]).toEqual([0, 0.5, 1]);
    expect([...b]).toEqual([0, 1]);
    const c = Float64Array.of(-5, 5);
    clampToBounds([c], { max: 2 });
    expect([...c]).toEqual([-5, 2]);
    clampToBounds([c], undefined);
    expect([...c]).toEqual([-5, 2]);
  });

  it('a falling line stops at the floor: 10 - i continued from 3 is 2, 1, 0, 0, 0', () => {
    const t = Float64Array.from({ length: 8 }, (_, i) => i * 1000);
    const v = Float64Array.from({ length: 8 }, (_, i) => 10 - i);
    const f = forecast({ t, v }, { model: 'linear', horizon: 5, bounds: { min: 0 } });
    expect([...f.yhat].map((x) => Math.round(x * 1e9) / 1e9)).toEqual([2, 1, 0, 0, 0]);
    expect(Math.min(...f.lower)).toBeGreaterThanOrEqual(0);
    const free = forecast({ t, v }, { model: 'linear', horizon: 5 });
    expect(free.yhat[4]).toBeCloseTo(-2, 9);
  });

  it('rejects non-finite bounds and min >= max with bad_input', () => {
    for (const b of [{ min: NaN }, { max: Infinity }, { min: 1, max: 1 }, { min: 2, max: 1 }]) {
      expect(() => checkBounds(b)).toThrow(MlError);
    }
    expect(() => checkBounds({ min: 0, max: 1 })).not.toThrow();
    const t = Float64Array.of(0, 1000, 2000);
    expect(() => forecast({ t, v: Float64Array.of(1, 2, 3) }, { horizon: 2, bounds: { min: 3, max: 0 } })).toThrow(
      /bounds.min must be below bounds.max/
    );
  });

  describe('physicalBounds (the rule every door applies)', () => {
    const plain = (b: ReturnType<typeof physicalBounds>) => ({ min: b.min, max: b.max });
    const positive = Float64Array.of(5, 3, NaN, 0.5);

    it('a series never negative gets a floor of 0; one value below 0 and it does not', () => {
      expect(plain(physicalBounds(positive))).toEqual({ min: 0, max: undefined });
      expect(plain(physicalBounds(Float64Array.of(5, -0.1, 3)))).toEqual({ min: undefined, max: undefined });
    });

    it('a ratio or percentage by name or unit gets its ceiling unless the data exceed it', () => {
      const r = Float64Array.of(0.2, 0.9);
      expect(plain(physicalBounds(r, { name: 'node_memory_used_ratio' }))).toEqual({ min: 0, max: 1 });
      expect(plain(physicalBounds(r, { unit: 'percentunit' }))).toEqual({ min: 0, max: 1 });
      expect(plain(physicalBounds(Float64Array.of(0.2, 1.5), { name: 'compression_ratio' }))).toEqual({
        min: 0,
        max: undefined,
      });
      expect(plain(physicalBounds(Float64Array.of(20, 90), { unit: 'percent' }))).toEqual({ min: 0, max: 100 });
      expect(plain(physicalBounds(Float64Array.of(20, 90), { name: 'cpu_busy_percent' }))).toEqual({
        min: 0,
        max: 100,
      });
    });

    it('a recording rule named level:metric:ratio (kube-prometheus) is a ratio, as a name ending in _ratio', () => {
      // The home page's default memory selector: its name ends in :ratio, not _ratio.
      expect(
        plain(physicalBounds(Float64Array.of(0.2, 0.9), { name: 'instance:node_memory_utilisation:ratio' }))
      ).toEqual({
        min: 0,
        max: 1,
      });
      expect(plain(physicalBounds(Float64Array.of(20, 90), { name: 'instance:cpu_busy:percent' }))).toEqual({
        min: 0,
        max: 100,
      });
      // Its sibling in the same kube-prometheus rule group, load per CPU, routinely exceeds 1: a
      // quantity per something is not a share of a whole, whatever its suffix.
      for (const name of [
        'instance:node_load1_per_cpu:ratio',
        'node_load1_per_cpu_ratio',
        'x:requests_per_core:percent',
      ]) {
        expect(plain(physicalBounds(Float64Array.of(0.2, 0.9), { name }))).toEqual({ min: 0, max: undefined });
      }
      // A unit the user set still says it.
      expect(
        plain(
          physicalBounds(Float64Array.of(0.2, 0.9), { name: 'instance:node_load1_per_cpu:ratio', unit: 'percentunit' })
        )
      ).toEqual({ min: 0, max: 1 });
      // Only the last part of the name counts: a rate of a ratio metric is not itself bounded by 1.
      expect(plain(physicalBounds(Float64Array.of(0.2, 0.9), { name: 'job:ratio_errors:rate5m' }))).toEqual({
        min: 0,
        max: undefined,
      });
    });

    it("a recording rule of a utilisation (node-mixin's CPU busy share) is a ratio; a sum of one, or a bare name, is not", () => {
      // The demo's CPU series: the companion (by this name) and the panel (unit percentunit) both cap it at 1.
      const busy = Float64Array.of(0.2, 0.9);
      for (const name of [
        'instance:node_cpu_utilisation:rate5m',
        'node:node_disk_utilisation:avg_irate',
        ':node_cpu_utilisation:avg1m',
        'cluster:node_cpu:ratio_rate5m',
      ]) {
        expect([name, plain(physicalBounds(busy, { name }))]).toEqual([name, { min: 0, max: 1 }]);
      }
      for (const name of [
        // kubernetes-mixin's network "utilisation" is bytes per second summed over devices.
        'node:node_net_utilisation:sum_irate',
        // An exporter's utilization may be a percentage (DCGM's GPU utilization is 0-100).
        'nvidia_gpu_utilization',
        // ... and so is a recording rule of it: by Prometheus' convention its metric part is the source's name.
        'instance:nvidia_gpu_utilization:avg5m',
        'job:ratio_errors:rate5m',
      ]) {
        expect([name, plain(physicalBounds(busy, { name }))]).toEqual([name, { min: 0, max: undefined }]);
      }
      // The data above 1 still win over the name.
      expect(
        plain(physicalBounds(Float64Array.of(0.2, 1.4), { name: 'instance:node_cpu_utilisation:rate5m' }))
      ).toEqual({
        min: 0,
        max: undefined,
      });
    });

    it('a capacity is a ceiling for usage rising to it and a floor for a value falling to it', () => {
      expect(plain(physicalBounds(Float64Array.of(10, 80), { capacity: 100, direction: 'up' }))).toEqual({
        min: 0,
        max: 100,
      });
      expect(plain(physicalBounds(Float64Array.of(10, 80), { capacity: 5, direction: 'down' }))).toEqual({
        min: 5,
        max: undefined,
      });
      // The data already crossed it: not a physical bound.
      expect(plain(physicalBounds(Float64Array.of(10, 120), { capacity: 100, direction: 'up' }))).toEqual({
        min: 0,
        max: undefined,
      });
    });

    it('given bounds win over the inferred side they name; mode none keeps only them', () => {
      expect(plain(physicalBounds(positive, {}, { min: -10 }))).toEqual({ min: -10, max: undefined });
      expect(plain(physicalBounds(positive, { unit: 'percent' }, { max: 50 }))).toEqual({ min: 0, max: 50 });
      expect(plain(physicalBounds(positive, { unit: 'percent' }, {}, 'none'))).toEqual({
        min: undefined,
        max: undefined,
      });
      expect(plain(physicalBounds(positive, {}, { max: 7 }, 'none'))).toEqual({ min: undefined, max: 7 });
      // A given ceiling below the inferred floor: the given side stays, the inferred one goes.
      expect(plain(physicalBounds(positive, {}, { max: -1 }))).toEqual({ min: undefined, max: -1 });
    });

    it('says why, and marks what it clamps', () => {
      const b = physicalBounds(Float64Array.of(0.2, 0.4), { unit: 'percentunit' });
      expect(describeBounds(b)).toBe('floor 0 (the series was never negative) and ceiling 1 (a ratio never exceeds 1)');
      const a = Float64Array.of(-1, 0.5, 2);
      expect([...clampMarking(a, b)!]).toEqual([1, 0, 1]);
      expect([...a]).toEqual([0, 0.5, 1]);
      expect(clampMarking(Float64Array.of(0.5), b)).toBeUndefined();
    });

    it('names a large capacity in a few digits, not every byte', () => {
      const b = physicalBounds(Float64Array.of(200e9, 300e9), { capacity: 500e9, direction: 'up' });
      expect(describeBounds(b)).toBe(
        'floor 0 (the series was never negative) and ceiling 500 G (usage cannot exceed its capacity 500 G)'
      );
    });

    it('says amounts in the unit of the values: 500 GB, not 500 G (the unit, or the metric name)', () => {
      const v = Float64Array.of(200e9, 300e9);
      const words =
        'floor 0 B (the series was never negative) and ceiling 500 GB (usage cannot exceed its capacity 500 GB)';
      expect(describeBounds(physicalBounds(v, { unit: 'bytes', capacity: 500e9, direction: 'up' }))).toBe(words);
      expect(
        describeBounds(physicalBounds(v, { name: 'node_filesystem_size_bytes', capacity: 500e9, direction: 'up' }))
      ).toBe(words);
      expect(describeBounds(physicalBounds(Float64Array.of(0.2, 0.9), { name: 'http_request_duration_seconds' }))).toBe(
        'floor 0 s (the series was never negative)'
      );
      // min= and max= are the user's own words.
      expect(describeBounds(physicalBounds(v, { unit: 'bytes' }, { max: 1e12 }))).toBe(
        'floor 0 B (the series was never negative) and ceiling 1 TB (max=1000000000000)'
      );
    });
  });
});

describe('unreachableLimit: a limit outside what the quantity can take', () => {
  const ratio = Float64Array.of(0.2, 0.5, 0.7);
  it.each([
    [
      'a ceiling above a ratio (unit)',
      ratio,
      { unit: 'percentunit' },
      {},
      1.05,
      'up',
      'limit 1.05 is above the largest possible value 1 (a ratio never exceeds 1): it can never be reached',
    ],
    [
      'a floor below a percentage (name)',
      Float64Array.of(20, 50),
      { name: 'disk_used_percent' },
      {},
      -5,
      'down',
      'limit -5 is below the smallest possible value 0 (a percentage is never negative): it can never be reached',
    ],
    [
      'a ceiling above max=',
      ratio,
      {},
      { max: 0.9 },
      0.95,
      'up',
      'limit 0.95 is above the largest possible value 0.9 (max=0.9): it can never be reached',
    ],
    [
      'bytes below min=, in the unit',
      Float64Array.of(4e10, 6e10),
      { name: 'node_filesystem_avail_bytes' },
      { min: 1e9 },
      0,
      'down',
      'limit 0 B is below the smallest possible value 1 GB (min=1000000000): it can never be reached',
    ],
    [
      'free bytes below 0 (name): free space is never negative',
      Float64Array.of(4e10, 3e10),
      { name: 'node_filesystem_avail_bytes' },
      {},
      -5,
      'down',
      'limit -5 B is below the smallest possible value 0 B (an amount of bytes is never negative): it can never be reached',
    ],
    [
      'bytes below 0 (unit)',
      Float64Array.of(4e10, 3e10),
      { unit: 'bytes' },
      {},
      -1e9,
      'down',
      'limit -1 GB is below the smallest possible value 0 B (an amount of bytes is never negative): it can never be reached',
    ],
  ] as const)('%s', (_, values, evidence, given, capacity, direction, message) => {
    expect(unreachableLimit(values, evidence, given, 'auto', capacity, direction)).toBe(message);
  });

  it.each([
    ['a ratio reaching 1 itself', ratio, { unit: 'ratio' }, {}, 1, 'up'],
    [
      'a ceiling below the values (already past it: exhausted, not unreachable)',
      ratio,
      { unit: 'ratio' },
      {},
      0.1,
      'up',
    ],
    ['no unit or name saying what the value is', ratio, {}, {}, 1.05, 'up'],
    [
      'a floor below 0 on values only seen positive: a temperature may fall below 0',
      Float64Array.of(3, 8),
      {},
      {},
      -5,
      'down',
    ],
    [
      'free bytes reaching 0 itself',
      Float64Array.of(4e10, 3e10),
      { name: 'node_filesystem_avail_bytes' },
      {},
      0,
      'down',
    ],
    [
      '"bytes" whose values go below 0 (a delta): no floor from the name',
      Float64Array.of(-2e9, 3e9),
      { name: 'disk_growth_bytes' },
      {},
      -5e9,
      'down',
    ],
    [
      'a "ratio" whose values exceed 1: the unit is wrong, no bound from it',
      Float64Array.of(0.5, 1.4),
      { unit: 'ratio' },
      {},
      1.5,
      'up',
    ],
  ] as const)('reachable: %s', (_, values, evidence, given, capacity, direction) => {
    expect(unreachableLimit(values, evidence, given, 'auto', capacity, direction)).toBeUndefined();
  });

  it("bounds=none keeps only the user's min= and max=", () => {
    expect(unreachableLimit(ratio, { unit: 'ratio' }, {}, 'none', 1.05, 'up')).toBeUndefined();
    expect(unreachableLimit(ratio, { unit: 'bytes' }, {}, 'none', -5, 'down')).toBeUndefined();
    expect(unreachableLimit(ratio, { unit: 'ratio' }, { max: 1 }, 'none', 1.05, 'up')).toMatch(
      /^limit 1\.05 is above .* \(max=1\)/
    );
  });
});
