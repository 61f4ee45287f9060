/**
 * Range breaks: a value past the range of every value the ensemble has seen, by more than
 * RANGE_TOLERANCE of it, is reported with score 1; one within the tolerance is left to the members'
 * vote. The range survives a saved state.
 */
import { mulberry32 } from '../core/prng';
import { RANGE_MATURE, RANGE_TOLERANCE } from './ensemble';
import { createDetector } from './registry';

const STEP = 300_000;
const N = 1200;

/** Uniform noise in [0, 10] (no pattern the members could learn), with `last` as the final value. */
function series(last: number): { t: Float64Array; v: Float64Array } {
  const rnd = mulberry32(3);
  const v = Float64Array.from({ length: N }, () => 10 * rnd());
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < N - 1; i++) {
    lo = Math.min(lo, v[i]);
    hi = Math.max(hi, v[i]);
  }
  v[N - 1] = hi + last * (hi - lo);
  return { t: Float64Array.from({ length: N }, (_, i) => i * STEP), v };
}

describe('range breaks', () => {
  test('a value past the seen range by more than the tolerance scores 1; within it the vote decides', () => {
    expect(RANGE_TOLERANCE).toBe(0.02);
    const past = series(0.03);
    const r = createDetector({}).update(past.t, past.v);
    expect(r.score[N - 1]).toBe(1);
    expect(r.isAnomaly[N - 1]).toBe(1);
    const within = series(0.01);
    const w = createDetector({}).update(within.t, within.v);
    expect(w.score[N - 1]).toBeLessThan(0.765);
    expect(w.isAnomaly[N - 1]).toBe(0);
  });

  test('the range is part of the saved state', () => {
    const { t, v } = series(0.03);
    const d = createDetector({});
    d.update(t.subarray(0, N - 1), v.subarray(0, N - 1));
    const resumed = createDetector({}, JSON.parse(JSON.stringify(d.getState())));
    const r = resumed.update(t.subarray(N - 1), v.subarray(N - 1));
    expect(r.score[0]).toBe(1);
  });
});

describe('a young range needs a wider margin', () => {
  /** Uniform noise in [0, 10] at 1 minute (judged from point 130), its last value `past` of the range above it. */
  function young(n: number, past: number): { t: Float64Array; v: Float64Array } {
    const rnd = mulberry32(5);
    const v = Float64Array.from({ length: n }, () => 10 * rnd());
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < n - 1; i++) {
      lo = Math.min(lo, v[i]);
      hi = Math.max(hi, v[i]);
    }
    v[n - 1] = hi + past * (hi - lo);
    return { t: Float64Array.from({ length: n }, (_, i) => i * 60_000), v };
  }

  test('after 200 values a new extreme 4 % past the range is no range break; 12 % past it is', () => {
    // 200 values: the margin is 2 % x 1000 / 199 = 10.1 % of the range (before, 2 %: 4 % broke it).
    expect(RANGE_MATURE).toBe(1000);
    const near = young(200, 0.04);
    const r = createDetector({}).update(near.t, near.v);
    expect(r.score[199]).toBeLessThan(1);
    expect(r.isAnomaly[199]).toBe(0);
    const far = young(200, 0.12);
    expect(createDetector({}).update(far.t, far.v).score[199]).toBe(1);
  });

  test('the count of values behind the range is part of the saved state', () => {
    const { t, v } = young(200, 0.04);
    const d = createDetector({});
    d.update(t.subarray(0, 199), v.subarray(0, 199));
    const resumed = createDetector({}, JSON.parse(JSON.stringify(d.getState())));
    expect(resumed.update(t.subarray(199), v.subarray(199)).isAnomaly[0]).toBe(0);
  });
});
