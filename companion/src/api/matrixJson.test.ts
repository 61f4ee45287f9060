import { mulberry32 } from '../../../src/ml/core/prng';
import { matrixPairs, type RangeAnswer } from '../query/evaluate';
import { rangeBody } from './matrixJson';

/** Values every way formatValue writes them, and gaps. */
const ODD = [
  0,
  -0,
  1,
  -1,
  0.1,
  1 / 3,
  5e-324,
  1e-7,
  1.5e-6,
  123456789012345680000,
  1e21,
  1.7976931348623157e308,
  Infinity,
  -Infinity,
  NaN,
];

function answer(times: number[], series: number[][], metrics?: Array<Record<string, string>>): RangeAnswer {
  return {
    resultType: 'matrix',
    times,
    result: series.map((v, k) => ({ metric: metrics?.[k] ?? { series: String(k) }, values: Float64Array.from(v) })),
  };
}

describe('rangeBody', () => {
  it('writes exactly what JSON.stringify writes for the pairs', () => {
    const times = ODD.map((_, i) => 1_733_400_000_000 + i * 300_000);
    const cases = [
      answer(times, [ODD, [...ODD].reverse(), ODD.map(() => NaN).fill(0.25, 3, 4)]),
      // A series whose first value is not at the first time, and times with milliseconds.
      answer(
        [1500, 2750, 4001, 5000],
        [
          [NaN, NaN, 2, 3],
          [1, NaN, NaN, 4],
        ]
      ),
      // Labels that need escapes and non-ASCII text.
      answer([0, 1000], [[1, 2]], [{ __name__: 'x', path: 'C:\\temp "a"\n', name: 'größe ✓ \u2028' }]),
      answer([0, 1000], []),
      // Values longer than the writer's first guess, so it grows.
      answer(
        Array.from({ length: 300 }, (_, i) => i * 1000),
        [Array.from({ length: 300 }, (_, i) => -1.2345678901234567e-100 * (i + 1))],
        [{ long: 'é'.repeat(5000) }]
      ),
    ];
    const rnd = mulberry32(7);
    const many = Array.from({ length: 500 }, (_, i) => i * 60_000);
    cases.push(answer(many, [many.map(() => (rnd() < 0.2 ? NaN : rnd() * 10 ** Math.floor(rnd() * 40 - 20)))]));
    for (const a of cases) {
      expect(rangeBody(a).toString('utf8')).toBe(JSON.stringify({ status: 'success', data: matrixPairs(a) }));
    }
  });

  it('wraps the data as sendData does, with warnings only when there are some', () => {
    const a = answer([0, 1000], [[1, NaN]]);
    const data = matrixPairs(a);
    expect(rangeBody(a, []).toString('utf8')).toBe(JSON.stringify({ status: 'success', data }));
    const warnings = ['2 of 3 series "x"', 'ünïcode \\ \n'];
    expect(rangeBody(a, warnings).toString('utf8')).toBe(JSON.stringify({ status: 'success', data, warnings }));
  });
});
