/**
 * Direction, floors and the valid range act after scoring, the same way on every door: one point at
 * a time (applyRules), and through a detector run over a series (detectionsOnMatrix).
 */
import { applyRules, rulesOf } from './detectRules';
import { detectionsOnMatrix } from './evaluate';
import { judgeSeries } from './judgeSeries';
import type { FunctionOptions } from './query';

const hit = { score: 0.95, isAnomaly: 1, fired: 3 };

describe('applyRules', () => {
  it.each([
    ['above keeps a deviation above', { side: 'above' }, 12, 10, 1],
    ['above drops a deviation below', { side: 'above' }, 8, 10, 0],
    ['below keeps a deviation below', { side: 'below' }, 8, 10, 1],
    ['below drops a deviation above', { side: 'below' }, 12, 10, 0],
    ['min_abs drops a deviation smaller than it', { minAbs: 0.5 }, 10.4, 10, 0],
    ['min_abs keeps a deviation at least as large', { minAbs: 0.5 }, 10.5, 10, 1],
    ['min_rel drops a deviation under the fraction of |expected|', { minRel: 0.1 }, -10.9, -10, 0],
    ['min_rel keeps a larger one', { minRel: 0.1 }, -11.5, -10, 1],
  ] as Array<[string, FunctionOptions, number, number, number]>)('%s', (_, options, value, expected, anomalous) => {
    const v = applyRules(value, expected, hit, rulesOf(options));
    expect(v.isAnomaly).toBe(anomalous);
    expect(v.score).toBe(anomalous ? hit.score : 0);
    expect(v.fired).toBe(anomalous ? hit.fired : 0);
  });

  it('flags a value outside the valid range with score 1, even where the model has no verdict', () => {
    const rules = rulesOf({ validMin: 0, validMax: 100 });
    const quiet = { score: 0.1, isAnomaly: 0, fired: 0 };
    expect(applyRules(101, 50, quiet, rules)).toEqual({ score: 1, isAnomaly: 1, fired: 0, outOfRange: true });
    expect(applyRules(-1, NaN, { score: NaN, isAnomaly: 0, fired: 0 }, rules)).toMatchObject({
      score: 1,
      isAnomaly: 1,
    });
    expect(applyRules(100, 50, quiet, rules)).toEqual({ ...quiet, outOfRange: false });
  });

  it('leaves the verdict alone without rules, with direction=both, and on a missing value', () => {
    expect(rulesOf({ side: 'both', model: 'mad' })).toBeUndefined();
    expect(applyRules(8, 10, hit, undefined)).toEqual({ ...hit, outOfRange: false });
    expect(applyRules(NaN, 10, hit, rulesOf({ minAbs: 5 }))).toEqual({ ...hit, outOfRange: false });
  });
});

describe('rules through a detector run', () => {
  const STEP = 60_000;
  const N = 400;
  // A flat noisy series with one dip (index 300) and one jump (index 350), both 0.3 from the level.
  const values = Float64Array.from({ length: N }, (_, i) => {
    const noise = 0.01 * Math.sin(i * 1.7) + 0.01 * Math.cos(i * 0.37);
    return 1 + noise + (i === 300 ? -0.3 : i === 350 ? 0.3 : 0);
  });
  const matrix = { from: 0, step: STEP, series: [{ labels: { job: 'a' }, values }] };
  const points = Array.from({ length: N }, (_, i) => i * STEP);
  const run = async (options: FunctionOptions) => {
    const [d] = await detectionsOnMatrix(
      matrix,
      { func: 'anomaly_score', inner: 'x', options: { model: 'mad', train: 200 * STEP, step: STEP, ...options } },
      points
    );
    return d.outputs;
  };

  it('flags both excursions by default, only the jump with direction=above, neither under min_abs', async () => {
    const both = await run({});
    expect([both.isAnomaly[300], both.isAnomaly[350]]).toEqual([1, 1]);
    const above = await run({ side: 'above' });
    expect([above.isAnomaly[300], above.isAnomaly[350]]).toEqual([0, 1]);
    expect(above.score[300]).toBe(0);
    const floored = await run({ minAbs: 0.5 });
    expect([floored.isAnomaly[300], floored.isAnomaly[350]]).toEqual([0, 0]);
    // The floor acts after scoring: the band is the detector's, unchanged.
    expect(floored.upper[350]).toBe(both.upper[350]);
  });

  it('flags every value outside the valid range, including during warm-up', async () => {
    const o = await run({ validMin: 0.8 });
    expect(o.isAnomaly[300]).toBe(1);
    expect(o.score[300]).toBe(1);
    expect(o.isAnomaly[350]).toBe(1);
    const early = await run({ validMax: 0.5 });
    expect(early.isAnomaly[0]).toBe(1);
    expect(early.score[0]).toBe(1);
  });
});

describe('judgeSeries (batch detections)', () => {
  it('gives the same verdicts and kinds as a detector run', async () => {
    const STEP = 60_000;
    const values = Float64Array.from({ length: 300 }, (_, i) => 1 + 0.01 * Math.sin(i * 1.7) + (i >= 250 ? 0.5 : 0));
    const options: FunctionOptions = { side: 'above', minAbs: 0.1, validMax: 1.4 };
    const points = Array.from({ length: 300 }, (_, i) => i * STEP);
    const call = {
      func: 'anomaly_score' as const,
      inner: 'x',
      options: { model: 'mad', train: 100 * STEP, step: STEP },
    };
    const matrix = { from: 0, step: STEP, series: [{ labels: {}, values }] };
    const [raw] = await detectionsOnMatrix(matrix, call, points);
    const [ruled] = await detectionsOnMatrix(matrix, { ...call, options: { ...call.options, ...options } }, points);
    const judged = judgeSeries(values, raw.outputs, rulesOf(options), STEP);
    expect(Array.from(judged.isAnomaly)).toEqual(Array.from(ruled.outputs.isAnomaly));
    expect(Array.from(judged.kind)).toEqual(Array.from(ruled.outputs.kind));
    expect(Array.from(judged.score)).toEqual(Array.from(ruled.outputs.score));
    expect(judged.isAnomaly.some((x) => x === 1)).toBe(true);
  });
});
