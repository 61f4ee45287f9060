import { matrixOnPoints, QueryError } from './frames';

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
