/**
 * The Prophet-style fit's speed-ups must leave its answer the same to the bit: X'X is summed four
 * columns at a time, skipping the zeros before each changepoint, with every sum still added in row
 * order. Checked against a plain fit written out here: each sum a row-order loop over every row, each
 * feature read back from the model itself (a prediction with one coefficient 1 and the rest 0 is
 * that feature). A faster fit that adds in another order fails it.
 */
import { solveSymmetric } from './numeric';
import { fitProphetRidge, predictProphetRidgeAt, type ProphetRidgeModel } from './prophetRidge';

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 10, 2, 5, 35);

/** Coefficients of the plain fit on the finite points, with the model's changepoints and orders. */
function plainCoefficients(t: Float64Array, v: Float64Array, shape: ProphetRidgeModel): Float64Array {
  const p = shape.coef.length;
  const idx = [...t.keys()].filter((i) => Number.isFinite(v[i]));
  const n = idx.length;
  const mean = idx.reduce((a, i) => a + v[i], 0) / n;
  const scale = Math.sqrt(idx.reduce((a, i) => a + (v[i] - mean) * (v[i] - mean), 0) / n) || 1;
  const unit: ProphetRidgeModel = { ...shape, coef: new Float64Array(p) };
  const row = new Float64Array(p);
  const x = idx.map((i) =>
    Float64Array.from({ length: p }, (_, j) => {
      unit.coef.fill(0);
      unit.coef[j] = 1;
      return predictProphetRidgeAt(unit, t[i], row);
    })
  );
  const xtx = new Float64Array(p * p);
  const xty = new Float64Array(p);
  for (let a = 0; a < p; a++) {
    for (let k = 0; k < n; k++) {
      xty[a] += x[k][a] * ((v[idx[k]] - mean) / scale);
    }
    for (let b = 0; b < p; b++) {
      let s = 0;
      for (let k = 0; k < n; k++) {
        s += x[k][a] * x[k][b];
      }
      xtx[a * p + b] = s;
    }
  }
  const nCp = shape.changepoints.length;
  xtx[0] += 1e-9 * n;
  xtx[p + 1] += 1e-9 * n;
  for (let k = 0; k < nCp; k++) {
    xtx[(2 + k) * (p + 1)] += n * 0.05;
  }
  for (let j = 2 + nCp; j < p; j++) {
    xtx[j * (p + 1)] += n * 0.001;
  }
  const beta = solveSymmetric(xtx, xty, p)!;
  const coef = beta.map((b) => b * scale);
  coef[0] += mean;
  return coef;
}

/** A window at `stepMs`: a trend, a daily and a weekly cycle, noise, and missing values. */
function window(n: number, stepMs: number, seed: number): { t: Float64Array; v: Float64Array } {
  let s = seed;
  const rnd = () => (s = (s * 16807) % 2147483647) / 2147483647;
  const t = Float64Array.from({ length: n }, (_, i) => T0 + i * stepMs);
  const v = t.map((ms, i) =>
    i % 41 === 7 ? NaN : 30 + ms / 1e11 + 6 * Math.sin(ms / 13_750_987) + 2 * Math.cos(ms / 96_256_910) + rnd()
  );
  return { t, v };
}

const bits = (a: ArrayLike<number>) => Array.from(a, (x) => (Object.is(x, -0) ? '-0' : String(x)));

describe.each([
  ['1,000 points at 5 min (daily terms)', 1000, 5 * 60_000],
  ['288 points at 5 min (no Fourier terms)', 288, 5 * 60_000],
  ['600 points hourly (daily and weekly terms)', 600, HOUR],
  ['23 points hourly (odd feature count)', 23, HOUR],
])('fitProphetRidge on %s', (_, n, step) => {
  const { t, v } = window(n, step, n);
  const model = fitProphetRidge(t, v);

  it('gives the coefficients of the plain row-order fit, to the bit', () => {
    expect(bits(model.coef)).toEqual(bits(plainCoefficients(t, v, model)));
  });
});
