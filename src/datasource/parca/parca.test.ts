import labels from './testdata/labels.json';
import queryRange from './testdata/query_range.json';
import types from './testdata/types.json';
import values from './testdata/values_comm.json';
import { labelList, profileQuery, profileTypeIds, queryRangeParams, queryRangeToMatrix } from './parca';

const T = Date.UTC(2024, 4, 1, 10, 0, 0);
const STEP = 60_000;

describe('Parca REST gateway', () => {
  test('profile type ids are name:sampleType:sampleUnit:periodType:periodUnit[:delta]', () => {
    expect(profileTypeIds(types)).toEqual(['parca_agent:samples:count:cpu:nanoseconds:delta', 'memory:alloc_space:bytes:space:bytes']);
    expect(profileTypeIds({ types: [{ name: 'x', sample_type: 'a', sample_unit: 'b', period_type: 'c', period_unit: 'd' }] })).toEqual(['x:a:b:c:d']);
  });

  test('query string and range parameters (RFC 3339 timestamps, Duration step)', () => {
    expect(profileQuery('parca_agent:samples:count:cpu:nanoseconds:delta', '{comm="api"}')).toBe(
      'parca_agent:samples:count:cpu:nanoseconds:delta{comm="api"}'
    );
    const p = queryRangeParams('q{}', T, T + 4 * STEP, STEP);
    expect(p.get('start')).toBe('2024-05-01T10:00:00.000Z');
    expect(p.get('end')).toBe('2024-05-01T10:04:00.000Z');
    expect(p.get('step')).toBe('60s');
  });

  test('samples become samples per second per label set on the grid', () => {
    const m = queryRangeToMatrix(queryRange, T, T + 4 * STEP, STEP);
    expect(m.series.map((s) => s.labels)).toEqual([
      { comm: 'api', node: 'n1' },
      { comm: 'worker', node: 'n1' },
    ]);
    // valuePerSecond as sent; the third sample has none: 600 samples over 30 s = 20/s, in the 10:03 slot.
    expect(Array.from(m.series[0].values)).toEqual([20, 30, NaN, 20, NaN]);
    expect(Array.from(m.series[1].values)).toEqual([NaN, NaN, 5, NaN, NaN]);
  });

  test('empty response gives no series; label lists in both JSON spellings', () => {
    expect(queryRangeToMatrix({}, T, T + STEP, STEP).series).toEqual([]);
    expect(labelList(labels)).toEqual(['comm', 'job', 'node', 'pid']);
    expect(labelList(values)).toEqual(['api', 'worker']);
    expect(labelList({ label_names: ['a'] })).toEqual(['a']);
  });
});
