import { type DataFrame, FieldType } from '@grafana/data';

import { framesToMatrix, matrixOnPoints, QueryError } from './frames';

describe('matrixOnPoints', () => {
  it("reads the companion's +Inf, -Inf and NaN as the numbers they spell, NaN where no sample came", () => {
    const [s] = matrixOnPoints(
      [
        {
          metric: { __name__: 'x', job: 'a' },
          values: [
            [60, '+Inf'],
            [120, '-Inf'],
            [180, 'NaN'],
            [240, '0.5'],
          ],
        },
      ],
      [60_000, 120_000, 180_000, 240_000, 300_000]
    );
    expect(s.labels).toEqual({ job: 'a' });
    expect([...s.values]).toEqual([Infinity, -Infinity, NaN, 0.5, NaN]);
  });

  it('refuses a garbled value, naming it', () => {
    const bad = () => matrixOnPoints([{ metric: {}, values: [[60, 'oops']] }], [60_000]);
    expect(bad).toThrow(QueryError);
    expect(bad).toThrow('the companion answered not a Prometheus sample value: "oops"');
  });
});

describe('framesToMatrix', () => {
  const frame = (times: unknown[], values: number[]) =>
    ({
      length: times.length,
      fields: [
        { name: 'Time', type: FieldType.time, values: times, config: {} },
        { name: 'Value', type: FieldType.number, values, labels: { job: 'a' }, config: {} },
      ],
    }) as unknown as DataFrame;

  it('puts samples on the grid, NaN where none came', () => {
    const m = framesToMatrix([frame([60_000, 180_000], [1, 3])], 60_000, 180_000, 60_000, 10);
    expect([...m.series[0].values]).toEqual([1, NaN, 3]);
  });

  it('refuses a sample without a time rather than reading it as 1970 or dropping it unsaid', () => {
    for (const bad of [null, undefined, NaN]) {
      const read = () => framesToMatrix([frame([60_000, bad, 180_000], [1, 2, 3])], 60_000, 180_000, 60_000, 10);
      expect(read).toThrow(QueryError);
      expect(read).toThrow(/a sample without a valid time \((null|undefined|NaN)\) in series \{"job":"a"\}/);
    }
  });

  it('refuses two series equal but for their metric name, as Prometheus and the companion do', () => {
    const named = (name: string) =>
      ({
        length: 1,
        fields: [
          { name: 'Time', type: FieldType.time, values: [60_000], config: {} },
          { name: 'Value', type: FieldType.number, values: [1], labels: { __name__: name, job: 'a' }, config: {} },
        ],
      }) as unknown as DataFrame;
    const read = () => framesToMatrix([named('x'), named('y')], 60_000, 60_000, 60_000, 10);
    expect(read).toThrow(QueryError);
    expect(read).toThrow(/^vector cannot contain metrics with the same labelset: x and y both have \{job="a"\}/);
    expect(framesToMatrix([named('x')], 60_000, 60_000, 60_000, 10).series).toHaveLength(1);
  });
});
