import { evaluateMatrix } from './evaluate';
import type { GridMatrix } from './history';
import type { FunctionCall } from './query';

const STEP = 60_000;
const N = 180;

/** Members of group `g`, flat at `level` with a little alternating noise. */
function member(g: string, pod: string, level: number) {
  return {
    labels: { g, pod },
    values: Float64Array.from({ length: N }, (_, i) => level + (i % 2 === 0 ? 0.01 : -0.01) * (1 + (pod.length % 3))),
  };
}

function matrix(series: GridMatrix['series']): GridMatrix {
  return { from: 0, step: STEP, series };
}

const call = (by: string[]): FunctionCall => ({ func: 'outliers', inner: 'pods', options: { by } });
const points = Array.from({ length: 30 }, (_, i) => (N - 30 + i) * STEP);

describe('outliers() on groups too small to judge', () => {
  it('warns with a count of the series left without samples, and judges the large group', async () => {
    const m = matrix([
      member('big', 'a', 1),
      member('big', 'bb', 1.02),
      member('big', 'ccc', 0.98),
      member('big', 'dd', 1.01),
      member('pair', 'e', 5),
      member('pair', 'ff', 5.1),
      member('alone', 'g', 9),
    ]);
    const [r] = await evaluateMatrix(m, [call(['g'])], points);
    expect(r.warnings).toEqual([
      'outliers(): 3 of 7 series are in groups of fewer than 3 members and were not judged (no samples)',
    ]);
    for (const s of r.series) {
      const sampled = Array.from(s.values).filter(Number.isFinite).length;
      expect([s.labels.pod, sampled]).toEqual([s.labels.pod, s.labels.g === 'big' ? points.length : 0]);
    }
  });

  it('says nothing when every group has three members or more', async () => {
    const m = matrix([member('x', 'a', 1), member('x', 'bb', 1.02), member('x', 'ccc', 0.98)]);
    const [r] = await evaluateMatrix(m, [call(['g'])], points);
    expect(r.warnings).toEqual([]);
  });

  it('fails with a one-line error naming the labels when no group has three members', async () => {
    const m = matrix([member('p', 'a', 1), member('p', 'bb', 1.02), member('q', 'ccc', 0.98)]);
    await expect(evaluateMatrix(m, [call(['g'])], points)).rejects.toThrow(
      'outliers() compares the members of a group and needs at least 3 series per group; by=g gave no group that large'
    );
  });
});
