import labels from './testdata/labels.json';
import queryRange from './testdata/query_range.json';
import types from './testdata/types.json';
import values from './testdata/values_comm.json';
import {
  labelList,
  type ParcaQueryRangeResponse,
  profileQuery,
  profileTypeIds,
  queryRangeParams,
  queryRangeToMatrix,
} from './parca';

const T = Date.UTC(2024, 4, 1, 10, 0, 0);
const STEP = 60_000;

describe('Parca REST gateway', () => {
  test('profile type ids are name:sampleType:sampleUnit:periodType:periodUnit[:delta]', () => {
    expect(profileTypeIds(types)).toEqual([
      'parca_agent:samples:count:cpu:nanoseconds:delta',
      'memory:alloc_space:bytes:space:bytes',
    ]);
    expect(
      profileTypeIds({ types: [{ name: 'x', sample_type: 'a', sample_unit: 'b', period_type: 'c', period_unit: 'd' }] })
    ).toEqual(['x:a:b:c:d']);
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
    const { matrix: m, warnings } = queryRangeToMatrix(queryRange, T, T + 4 * STEP, STEP);
    expect(warnings).toEqual([]);
    expect(m.series.map((s) => s.labels)).toEqual([
      { comm: 'api', node: 'n1' },
      { comm: 'worker', node: 'n1' },
    ]);
    // valuePerSecond as sent; the third sample has none: 600 samples over 30 s = 20/s, in the 10:03 slot.
    expect(Array.from(m.series[0].values)).toEqual([20, 30, NaN, 20, NaN]);
    expect(Array.from(m.series[1].values)).toEqual([NaN, NaN, 5, NaN, NaN]);
  });

  test('samples without a time are dropped and counted; a sample without a finite value is a gap', () => {
    const [api, worker] = queryRange.series;
    const resp = {
      series: [
        // proto3 JSON omits an unset Timestamp, or a gateway may send null: no time, not the epoch.
        { ...api, samples: [...api.samples, { value: '900', valuePerSecond: 15, duration: '60000000000' }] },
        {
          ...worker,
          samples: [
            ...worker.samples,
            { timestamp: null, value: '60', valuePerSecond: 1, duration: '60000000000' },
            { timestamp: '2024-05-01T10:02:30Z', value: 'n/a', duration: '60000000000' },
          ],
        },
      ],
    } as unknown as ParcaQueryRangeResponse;
    const { matrix, warnings } = queryRangeToMatrix(resp, T, T + 4 * STEP, STEP);
    expect(Array.from(matrix.series[0].values)).toEqual([20, 30, NaN, 20, NaN]);
    // The valueless sample at 10:02:30 does not blank the 5/s read in the same slot.
    expect(Array.from(matrix.series[1].values)).toEqual([NaN, NaN, 5, NaN, NaN]);
    expect(warnings).toEqual(['Parca: Dropped 2 rows without a timestamp.']);
  });

  test('empty response gives no series; label lists in both JSON spellings', () => {
    expect(queryRangeToMatrix({}, T, T + STEP, STEP).matrix.series).toEqual([]);
    expect(labelList(labels)).toEqual(['comm', 'job', 'node', 'pid']);
    expect(labelList(values)).toEqual(['api', 'worker']);
    expect(labelList({ label_names: ['a'] })).toEqual(['a']);
  });
});
