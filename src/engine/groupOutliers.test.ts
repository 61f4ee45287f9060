import { matrixEnv } from './context';
import { evaluate, evaluateMatrix } from './evaluate';
import { OUTLIER_BLOCK_POINTS, outlierLeadIn } from './groupOutliers';
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

  it('warns naming a by= label no series has, the nearest label and the labels there are', async () => {
    // Before: grouped by g alone, silently (the typo grouped nothing).
    const m = matrix([member('x', 'a', 1), member('x', 'bb', 1.02), member('x', 'ccc', 0.98)]);
    const [r] = await evaluateMatrix(m, [call(['g', 'podd'])], points);
    expect(r.warnings).toEqual([
      "outliers(): by= label on none of the input series: podd (did you mean pod?); grouped as if it were not given (the series' labels: g, pod)",
    ]);
    expect(r.series.every((s) => Array.from(s.values).every(Number.isFinite))).toBe(true);
  });

  it('fails with a one-line error naming the labels when no group has three members', async () => {
    const m = matrix([member('p', 'a', 1), member('p', 'bb', 1.02), member('q', 'ccc', 0.98)]);
    await expect(evaluateMatrix(m, [call(['g'])], points)).rejects.toThrow(
      'outliers() compares the members of a group and needs at least 3 series per group; by=g gave no group that large'
    );
  });
});

describe('outliers() over a long range', () => {
  it('reads history one block of grid points at a time (memory: series times one block), with the same values as short ranges', async () => {
    const n = 3 * OUTLIER_BLOCK_POINTS + 200;
    const pods = ['a', 'bb', 'ccc', 'dd', 'eeeee'];
    const m = matrix(
      pods.map((pod, p) => ({
        labels: { g: 'x', pod },
        values: Float64Array.from(
          { length: n },
          (_, i) => 1 + 0.01 * Math.sin(i / 7 + p) + (p === 4 && i > n / 2 ? 0.001 * (i - n / 2) : 0)
        ),
      }))
    );
    const c = call(['g']);
    const lead = outlierLeadIn(c, STEP);
    const first = lead + STEP;
    const all = Array.from({ length: n - first / STEP }, (_, i) => first + i * STEP);
    const env = matrixEnv(m);
    const reads: number[] = [];
    const history = env.history;
    env.history = {
      get: (q, step, from, to, signal) => (
        reads.push(Math.round((to - from) / step) + 1),
        history.get(q, step, from, to, signal)
      ),
    };
    const long = await evaluate(c, { step: STEP, points: all }, env);
    expect(reads.length).toBe(Math.ceil(all.length / OUTLIER_BLOCK_POINTS));
    expect(Math.max(...reads)).toBe(OUTLIER_BLOCK_POINTS + lead / STEP);
    // Each point's value depends on the point alone: the same as from a range of a few points.
    for (const at of [0, OUTLIER_BLOCK_POINTS - 1, OUTLIER_BLOCK_POINTS, all.length - 1]) {
      const [short] = await evaluateMatrix(m, [c], [all[at]]);
      for (const s of short.series) {
        expect(long.find((l) => l.labels.pod === s.labels.pod)!.values[at]).toBe(s.values[0]);
      }
    }
    expect(Math.max(...Array.from(long.find((l) => l.labels.pod === 'eeeee')!.values))).toBeGreaterThanOrEqual(0.5);
  });
});
