/**
 * A curved-trend candidate for time to exhaustion: a parabola fitted by least squares to the whole
 * segment, for fills that accelerate (a straight line, even a perfect tangent, is late on those by
 * (T - t) / 2t on a quadratic fill). Its interval is the OLS prediction interval of the parabola.
 *
 * A parabola extrapolated far ahead turns around at its vertex; a slowing fill does not reverse, so past
 * a vertex that lies in the future the forecast holds the vertex value (the interval keeps widening).
 *
 * `auto` admits it only when it clearly wins (see {@link admitCurve}), so that straight and seasonal
 * fills keep their straight-line or Holt-Winters forecasts.
 */
import { solveSymmetric, zForLevel } from '../models/numeric';
import { DEFAULT_TTE_SETTINGS, tteSettings } from '../tte/settings';
import { hacMaxLag } from '../models/hacSlope';
import { QuadraticFit, fitQuadratic, hacCurvatureT, quadraticAt, quadraticInterval } from '../models/quadratic';
import { BacktestScore } from './auto';
import { Forecaster, ModelInput } from './model';

/** Least-squares parabola over every point, held flat after a future vertex. */
export const quadraticForecaster: Forecaster = (input) => {
  const fit = fitQuadratic(input.t, input.v);
  const z = zForLevel(input.level);
  const h = input.horizon;
  const yhat = new Float64Array(h);
  const lower = new Float64Array(h);
  const upper = new Float64Array(h);
  // Vertex in x units; only a vertex after the last observation caps the forecast.
  const last = input.t[input.t.length - 1];
  const vertex = fit.b[2] !== 0 ? fit.xMean - (fit.b[1] / (2 * fit.b[2])) * fit.xScale : Infinity;
  const cap = vertex > last ? vertex : Infinity;
  for (let k = 0; k < h; k++) {
    const x = input.futureT[k];
    yhat[k] = quadraticAt(fit, Math.min(x, cap));
    const half = quadraticInterval(fit, x, z);
    lower[k] = yhat[k] - half;
    upper[k] = yhat[k] + half;
  }
  return { yhat, lower, upper };
};

/** The curved candidates (the parabola, and exponentialTrend.ts's multiplicative growth). */
export const CURVES: readonly string[] = ['quadratic', 'exponential'];

/** Backtest score the parabola must beat the best other candidate by (0.1 = 10 % lower). */
export const CURVE_MARGIN = 0.1;
/** Smallest |t| of the curvature on the whole segment for the parabola to be admitted. */
export const CURVE_T = 3;

/**
 * Shortest segment (ms) the parabola may be fitted on by default: one day, or two seasons when a
 * period is known (the setting in force is `tteSettings().curveMinSpanMs`, tte/settings.ts).
 * On less, a significant curvature is mostly part of a daily cycle: on the demo's database volume 12
 * and 18 hours after its cleanup, the parabola said full in 2.7 to 3.1 d (interval 2.6 to 3.4 d) where
 * the straight fill, and the same disk a day later, say 12 d.
 */
export const MIN_CURVE_SPAN_MS = DEFAULT_TTE_SETTINGS.curveMinSpanMs;

/**
 * Whether `auto` may use the curve `name` (the parabola, or the exponential): the segment must span
 * {@link MIN_CURVE_SPAN_MS} (and two seasons), the curve must have the best backtest score of the
 * curves, and the parabola must not turn around within the data (past its first quarter), nor, with
 * `needsAcceleration` (time to exhaustion passes tte/settings.ts `curveNeedsAcceleration`, shipped
 * on), slow toward a vertex after the data: held flat
 * past that vertex it says the fill stops, and on fills whose daily rate varies a few slower days made
 * it answer "not within 90 days" for fills 10-45 days out (18 evaluations, `npm run eval -- tte`). Then either
 * its score is at least {@link CURVE_MARGIN} lower than the best straight candidate's and the curvature
 * is significant on the whole segment (|t| >= {@link CURVE_T}), or, when `hacT` is above 0 (time to
 * exhaustion passes tte/settings.ts `curveHacT`), the segment accelerates (the vertex lies before its
 * first quarter) and the curvature stays significant against residuals correlated over up to a day
 * (Newey-West |t| >= `hacT`), and two straight pieces joined at a bend do not fit it as well (a rate
 * that stepped up, {@link bentLineFitsAsWell}). These
 * guard against a curve fitted to noise or to an unfinished daily cycle, which would bend a straight
 * fill's forecast. The second way is for accelerating fills seen early: the backtest's hold-outs are a
 * fifth of a few days, where the Prophet-style trend's last slope follows the bend as well as the
 * parabola does, so the parabola rarely leads by the margin, while the line through the whole segment
 * answers three to five times too late.
 */
export function admitCurve(
  input: ModelInput,
  scores: readonly BacktestScore[],
  name = 'quadratic',
  hacT = 0,
  needsAcceleration = false
): boolean {
  const span = input.t.length > 0 ? input.t[input.t.length - 1] - input.t[0] : 0;
  if (span < Math.max(tteSettings().curveMinSpanMs, 2 * input.period * input.step)) {
    return false;
  }
  const curve = scores.find((s) => s.model === name);
  // The curve must be the best of the curves.
  const other = scores.find((s) => !CURVES.includes(s.model));
  const rival = scores.find((s) => s.model !== name && CURVES.includes(s.model));
  if (!curve || !Number.isFinite(curve.score) || (rival && rival.score < curve.score)) {
    return false;
  }
  const leads = !(other && Number.isFinite(other.score) && curve.score > (1 - CURVE_MARGIN) * other.score);
  if (!leads && !(hacT > 0)) {
    return false;
  }
  try {
    const fit = fitQuadratic(input.t, input.v);
    const t0 = input.t[0];
    const t1 = input.t[input.t.length - 1];
    if (turnsWithin(fit, t0, t1)) {
      return false;
    }
    // A parabola that slows toward its vertex after the data says the fill stops there (held flat):
    // with `needsAcceleration` (time to exhaustion: tte/settings.ts curveNeedsAcceleration), only an
    // accelerating one is a curve to follow.
    if (name === 'quadratic' && needsAcceleration && !accelerates(fit, t0, t1)) {
      return false;
    }
    if (leads && Math.abs(fit.tCurvature) >= CURVE_T) {
      return true;
    }
    return (
      hacT > 0 &&
      accelerates(fit, t0, t1) &&
      Math.abs(hacCurvatureT(fit, input.t, input.v, hacMaxLag(fit.n, input.step))) >= hacT &&
      !bentLineFitsAsWell(fit, input.t, input.v)
    );
  } catch {
    return false;
  }
}

/** Bends tried by {@link bentLineFitsAsWell}: at 5 %, 10 %, ..., 95 % of the segment. */
const BENDS = 19;

/**
 * Whether two straight pieces joined at one bend (y = a + b x + c max(0, x - k), the best of
 * {@link BENDS} bends k) fit the segment at least as well as the parabola: a fill whose rate stepped
 * up (a workload that started, flat and then filling) rather than one that keeps accelerating. Its
 * parabola has the vertex near the bend and a Newey-West curvature far above 3, and extrapolated it
 * read 6.5-8.3 d for fills due in 17.5-17.8 d at the later rate (every one of 16 replays; the
 * straight candidates 15.3-19.5 d).
 */
function bentLineFitsAsWell(fit: QuadraticFit, t: ArrayLike<number>, v: ArrayLike<number>): boolean {
  let rssCurve = 0;
  let n = 0;
  for (let i = 0; i < t.length; i++) {
    if (Number.isFinite(t[i]) && Number.isFinite(v[i])) {
      rssCurve += (v[i] - quadraticAt(fit, t[i])) ** 2;
      n++;
    }
  }
  for (let b = 1; b <= BENDS; b++) {
    // In the parabola's scaled units (u in [-1, 1]), so the normal equations stay well conditioned.
    const k = -1 + (2 * b) / (BENDS + 1);
    const a = new Float64Array(9);
    const r = new Float64Array(3);
    for (let i = 0; i < t.length; i++) {
      if (Number.isFinite(t[i]) && Number.isFinite(v[i])) {
        const u = (t[i] - fit.xMean) / fit.xScale;
        const row = [1, u, Math.max(0, u - k)];
        for (let p = 0; p < 3; p++) {
          r[p] += row[p] * v[i];
          for (let q = 0; q < 3; q++) {
            a[3 * p + q] += row[p] * row[q];
          }
        }
      }
    }
    const c = solveSymmetric(a, r, 3);
    if (!c) {
      continue;
    }
    let rss = 0;
    for (let i = 0; i < t.length; i++) {
      if (Number.isFinite(t[i]) && Number.isFinite(v[i])) {
        const u = (t[i] - fit.xMean) / fit.xScale;
        rss += (v[i] - (c[0] + c[1] * u + c[2] * Math.max(0, u - k))) ** 2;
      }
    }
    // The bend's place is chosen, a parameter more than the parabola has: charged as BIC charges it.
    if (n * Math.log(rss) + Math.log(n) <= n * Math.log(rssCurve)) {
      return true;
    }
  }
  return false;
}

/** Share of the segment, from its start, within which the parabola's vertex may lie (a flat start). */
export const VERTEX_START_SHARE = 0.25;

/** Whether the parabola's vertex lies before the segment's first quarter: it speeds up all along. */
function accelerates(fit: QuadraticFit, t0: number, t1: number): boolean {
  if (fit.b[2] === 0) {
    return false;
  }
  const vertex = fit.xMean - (fit.b[1] / (2 * fit.b[2])) * fit.xScale;
  return vertex <= t0 + VERTEX_START_SHARE * (t1 - t0);
}

/**
 * Whether the parabola turns around inside the segment, past its first {@link VERTEX_START_SHARE}: the
 * series went one way and then the other (a weekday hump, a daily cycle's crest), which is a cycle's
 * turn and not a fill that accelerates. An accelerating fill heads toward its limit all along, so its
 * vertex lies before the data or where it starts flat; the parabola fitted to a hump instead bends
 * sharply down after its crest and read "full in 4 d" on a fill 40 to 60 days away.
 */
function turnsWithin(fit: QuadraticFit, t0: number, t1: number): boolean {
  if (fit.b[2] === 0) {
    return false;
  }
  const vertex = fit.xMean - (fit.b[1] / (2 * fit.b[2])) * fit.xScale;
  return vertex > t0 + VERTEX_START_SHARE * (t1 - t0) && vertex < t1;
}
