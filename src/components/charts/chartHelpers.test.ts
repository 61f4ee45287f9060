import { alignSeries } from './alignSeries';
import { anomalyRegions } from './anomalyRegions';
import { fieldRole, identityKey } from './derivedFields';
import { medianStep, optionDurationMs, toPoints } from './durations';

describe('fieldRole', () => {
  it.each([
    [['cpu:anomaly_upper'], undefined, 'upper'],
    [['latency_expected'], undefined, 'expected'],
    [['requests lower'], undefined, 'lower'],
    [['anomaly_score(rate(http_requests_total[5m]))'], undefined, 'score'],
    [['disk:predicted'], { ml_forecast: 'yhat_upper' }, 'upper'],
    [['Value'], { bw_role: 'anomaly' }, 'anomaly'],
    [['Value'], { __name__: 'node_load1:anomaly_lower' }, 'lower'],
    [['node_load1'], undefined, 'value'],
    // "upper" inside a word is not a role.
    [['superupper'], undefined, 'value'],
  ] as const)('%j %j -> %s', (names, labels, role) => {
    expect(fieldRole([...names], labels as Record<string, string> | undefined)).toBe(role);
  });

  it('matches series by labels without __name__ and role labels', () => {
    expect(identityKey({ __name__: 'x:anomaly_upper', pod: 'a', ml_role: 'upper' })).toBe(
      identityKey({ pod: 'a', __name__: 'x' })
    );
  });
});

describe('anomalyRegions', () => {
  it('joins runs separated by at most two normal points and keeps the peak score', () => {
    const mask = [0, 1, 1, 0, 0, 1, 0, 0, 0, 1];
    const score = [0, 0.5, 0.7, 0, 0, 0.9, 0, 0, 0, 0.6];
    expect(anomalyRegions(mask, score)).toEqual([
      { start: 1, end: 5, peak: 0.9 },
      { start: 9, end: 9, peak: 0.6 },
    ]);
  });
  it('finds nothing in a clean mask', () => {
    expect(anomalyRegions([0, 0, 0])).toEqual([]);
  });
});

describe('alignSeries', () => {
  it('joins different timestamps on their union, NaN as a gap (null) and absent slots as undefined', () => {
    const a = { t: Float64Array.from([1000, 2000, 3000]), columns: [Float64Array.from([1, NaN, 3])] };
    const b = { t: Float64Array.from([2000, 4000]), columns: [Float64Array.from([20, 40])] };
    const { xMs, data } = alignSeries([a, b]);
    expect(Array.from(xMs)).toEqual([1000, 2000, 3000, 4000]);
    expect(data).toEqual([
      [1, 2, 3, 4],
      [1, null, 3, undefined],
      [undefined, 20, undefined, 40],
    ]);
  });
});

describe('durations', () => {
  it('reads option durations in the shared Prometheus grammar, spaces around them ignored', () => {
    expect(optionDurationMs(' 90s ')).toBe(90_000);
    expect(optionDurationMs('1d12h')).toBe(129_600_000);
    expect(optionDurationMs('1.5d')).toBeNaN();
    expect(optionDurationMs('soon')).toBeNaN();
  });
  it('turns points or a duration into points at a step', () => {
    expect(toPoints('1000', 60_000)).toBe(1000);
    expect(toPoints('1d', 300_000)).toBe(288);
    expect(toPoints('x', 300_000)).toBeNaN();
  });
  it('takes the median spacing', () => {
    expect(medianStep(Float64Array.from([0, 10, 20, 50, 60]))).toBe(10);
  });
});
