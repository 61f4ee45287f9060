import { mulberry32 } from '../core/prng';
import { fillsInEachPiece, minPiece } from './toothGate';

const HOUR = 3_600_000;

/** A tooth of `n` hourly values: `level(i)` plus a 25-unit sawtooth of period 7 (a collector's). */
function tooth(n: number, level: (i: number) => number) {
  const t = Float64Array.from({ length: n }, (_, i) => i * HOUR);
  const v = Float64Array.from({ length: n }, (_, i) => level(i) + 25 * ((i % 7) / 7));
  return { t, v, ix: Array.from({ length: n }, (_, i) => i) };
}

describe('fillsInEachPiece', () => {
  // The demo's api-1 at an hour's step: 6 MB/h under a 25 MB sawtooth, 20 hours of tooth in a day's window.
  const steady = tooth(20, (i) => 6 * i);

  test('Mann-Kendall cannot pass a piece of 5 values at 0.005, however steady the fill', () => {
    expect(minPiece(0)).toBe(5);
    expect(fillsInEachPiece(steady.t, steady.v, steady.ix, 4, 'up', 0.005, 0)).toBe(false);
    const perfect = tooth(20, (i) => 100 * i);
    expect(fillsInEachPiece(perfect.t, perfect.v, perfect.ix, 4, 'up', 0.005, 0)).toBe(false);
  });

  test('the whole tooth test with no piece slower than it passes a steady fill of 5 values a piece', () => {
    expect(minPiece(2)).toBe(3);
    expect(fillsInEachPiece(steady.t, steady.v, steady.ix, 4, 'up', 0.005, 2)).toBe(true);
    expect(fillsInEachPiece(steady.t, steady.v, steady.ix, 4, 'up', 0.005, 3)).toBe(true);
    // and not toward the other limit
    expect(fillsInEachPiece(steady.t, steady.v, steady.ix, 4, 'down', 0.005, 2)).toBe(false);
  });

  test.each([0, 1, 2, 3])(
    'gate %i: a tooth flat for three quarters and then a burst does not fill in each piece',
    (gate) => {
      const burst = tooth(80, (i) => (i < 60 ? 0 : 20 * (i - 60)));
      expect(fillsInEachPiece(burst.t, burst.v, burst.ix, 4, 'up', 0.005, gate)).toBe(false);
    }
  );

  // Pieces of 5-10 values under the 25-unit sawtooth: their slopes say too little to show one slower.
  test.each([
    ['a burst four times the sawtooth after three flat quarters', 40, (i: number) => (i < 30 ? 0 : 10 * (i - 30))],
    ['a burst twice the sawtooth after three flat quarters', 20, (i: number) => (i < 15 ? 0 : 10 * (i - 15))],
    ['a warm-up to a plateau', 20, (i: number) => 100 * (1 - Math.exp(-i / 5))],
    ['a warm-up to a plateau over 48 values', 48, (i: number) => 50 * (1 - Math.exp(-i / 12))],
  ])('gates 2 and 3: %s is not carried', (_, n, level) => {
    const shape = tooth(n, level);
    for (const gate of [2, 3]) {
      expect(fillsInEachPiece(shape.t, shape.v, shape.ix, 4, 'up', 0.005, gate)).toBe(false);
    }
  });

  test.each([20, 24, 33, 44])('gate 3: a steady fill under the sawtooth over %i values is carried', (n) => {
    const fill = tooth(n, (i) => 6 * i);
    expect(fillsInEachPiece(fill.t, fill.v, fill.ix, 4, 'up', 0.005, 3)).toBe(true);
    const falling = tooth(n, (i) => -6 * i);
    expect(fillsInEachPiece(falling.t, falling.v, falling.ix, 4, 'down', 0.005, 3)).toBe(true);
  });

  test.each([0, 1, 2, 3])('gate %i: a long steady fill passes', (gate) => {
    const long = tooth(400, (i) => 6 * i);
    expect(fillsInEachPiece(long.t, long.v, long.ix, 4, 'up', 0.005, gate)).toBe(true);
  });

  // A correlated wander with no fill: each carry is a false alarm after a restart that fixed nothing.
  // With normal tails the whole tooth's Newey-West t (lags up to half the tooth) carried 4.5-7.4 % of
  // these at 0.005 (eval/toothGate.eval.ts); fixed-b critical values hold them near the level.
  test.each([0.5, 0.7])('gate 3: an AR(1) wander (phi %p) of 12-32 values with no fill is rarely carried', (phi) => {
    const gauss = (r: () => number) => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
    let carried = 0;
    let teeth = 0;
    for (const n of [12, 16, 24, 32]) {
      const t = Float64Array.from({ length: n }, (_, i) => i * HOUR);
      const ix = Array.from({ length: n }, (_, i) => i);
      for (let k = 0; k < 500; k++) {
        const r = mulberry32(1_000 * n + k);
        const v = new Float64Array(n);
        let x = gauss(r) / Math.sqrt(1 - phi * phi);
        for (let i = 0; i < n; i++) {
          v[i] = x;
          x = phi * x + gauss(r);
        }
        carried += fillsInEachPiece(t, v, ix, 4, 'up', 0.005, 3) ? 1 : 0;
        teeth++;
      }
    }
    // twice the level: 20 of 2,000
    expect(carried / teeth).toBeLessThanOrEqual(0.01);
  });
});
