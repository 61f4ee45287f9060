/**
 * Seasonal Kendall slope estimator (Hirsch, Slack & Smith 1982, "Techniques of trend analysis for
 * monthly water quality data", eq. 6): the median of the pairwise slopes (v_j - v_i) / (t_j - t_i)
 * taken only between points of the same season position (index mod `period`, as in
 * `seasonalMannKendall`), so the seasonal cycle does not leak into the slope. It is the slope that goes
 * with the seasonal Mann-Kendall test. The confidence bounds are Gilbert's ranks (see sensSlope.ts) with
 * N' = the number of within-season pairs and Var S summed over seasons. The intercept is the median of
 * v - slope t over all points.
 *
 * Over `maxPairs` within-season pairs (default 200,000) the slopes are a seeded sample: a random point,
 * then a random other point of its season (close to uniform over pairs when seasons are about equal).
 * With `period` < 2 this is the plain Sen's slope.
 */
import { mulberry32 } from '../core/prng';
import { kendallS } from './mannKendall';
import { SensSlopeOptions, SensSlopeResult, sensSlope, summariseSlopes } from './sensSlope';

/**
 * @example seasonalSensSlope([0, 1000, 2000, 3000, 4000, 5000], [1, 10, 3, 11, 8, 13], 2).slope // 0.001 per ms
 */
export function seasonalSensSlope(
  t: ArrayLike<number>,
  v: ArrayLike<number>,
  period: number,
  options: SensSlopeOptions = {}
): SensSlopeResult {
  if (!(period >= 2)) {
    return sensSlope(t, v, options);
  }
  // Finite points grouped by season position.
  const groups: Array<{ t: number[]; v: number[] }> = Array.from({ length: period }, () => ({ t: [], v: [] }));
  const ft: number[] = [];
  const fv: number[] = [];
  for (let i = 0; i < t.length; i++) {
    if (Number.isFinite(t[i]) && Number.isFinite(v[i])) {
      groups[i % period].t.push(t[i]);
      groups[i % period].v.push(v[i]);
      ft.push(t[i]);
      fv.push(v[i]);
    }
  }
  let total = 0;
  let varS = 0;
  for (const g of groups) {
    total += (g.t.length * (g.t.length - 1)) / 2;
    varS += kendallS(g.v).varS;
  }
  const maxPairs = options.maxPairs ?? 200_000;
  const exact = total <= maxPairs;
  const slopes = new Float64Array(exact ? total : maxPairs);
  let m = 0;
  if (exact) {
    for (const g of groups) {
      for (let i = 0; i < g.t.length; i++) {
        for (let j = i + 1; j < g.t.length; j++) {
          const dt = g.t[j] - g.t[i];
          if (dt !== 0) {
            slopes[m++] = (g.v[j] - g.v[i]) / dt;
          }
        }
      }
    }
  } else {
    // Point index -> (season, position in season), to draw a random point and then a partner.
    const owner = new Int32Array(ft.length);
    const pos = new Int32Array(ft.length);
    let k = 0;
    groups.forEach((g, s) => {
      for (let i = 0; i < g.t.length; i++, k++) {
        owner[k] = s;
        pos[k] = i;
      }
    });
    const rand = mulberry32(options.seed ?? 1);
    for (let d = 0; d < 4 * maxPairs && m < maxPairs; d++) {
      const a = Math.floor(rand() * ft.length);
      const g = groups[owner[a]];
      if (g.t.length < 2) {
        continue;
      }
      const i = pos[a];
      let j = Math.floor(rand() * (g.t.length - 1));
      if (j >= i) {
        j++;
      }
      const dt = g.t[j] - g.t[i];
      if (dt !== 0) {
        slopes[m++] = (g.v[j] - g.v[i]) / dt;
      }
    }
  }
  return summariseSlopes(slopes.subarray(0, m), exact ? m : total, varS, ft, fv, exact, options.level);
}
