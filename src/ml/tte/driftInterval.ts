/**
 * An interval for time to exhaustion that widens with the horizon by as much as the model's forecast
 * actually drifted out of sample.
 *
 * The models' own intervals come from their in-sample residuals: the straight lines' textbook interval
 * treats residuals as independent (a daily pattern is not), and the Prophet-style trend's reads its
 * fit's sigma plus a changepoint term that is tiny on a steady fill, so on the demo's database volume
 * its 95 % interval was +-15 minutes 12 days out. What decides where a fill ends is how wrong the
 * model's trend is, and that error grows with the horizon.
 *
 * {@link driftPerStep}: the model is refitted at up to three rolling origins, half a hold-out apart,
 * from one hold-out before the end and on at least half the segment (a hold-out is one season, or a
 * fifth of the segment without a season). With a season, an origin's fit must keep it: two whole
 * seasons and a step, and the two days the Prophet-style model's daily terms need (prophetRidge.ts
 * hasDailyTerms) when the segment has them, the hold-out shortened to as little as half a season to
 * leave that (on three days of data, one origin); only when no origin can are the fits made without
 * the season. Before, a segment of three days (the default `train=3d`) was refitted on 2 and 1.5
 * days without daily terms: a piecewise line chasing the daily cycle's phase, whose drift, not the
 * model's, set the width (a steady fill with a daily wave, due in 3.4 d: 1.5 d to "or later").
 * At each origin, the mean error over the hold-out divided by its mean lead (in steps) is the drift
 * of its trend per step.
 * The root mean square over the origins, s, is the out-of-sample drift. {@link widenForDrift} then adds
 * z * scale * s * k in quadrature to each side's half-width at forecast step k, so the interval keeps
 * the model's own width near the start and grows linearly with the horizon. `scale` is the setting
 * `driftScale` (tte/settings.ts), chosen by leave-one-family-out cross-validation in
 * `npm run eval -- tte`.
 */
import { zForLevel } from '../models/numeric';
import type { Forecaster, ModelInput } from '../forecast/model';
import { holdOutInput } from '../forecast/holdOut';
import { hasDailyTerms } from '../models/prophetRidge';

const DAY_MS = 86_400_000;

/** Number of rolling origins the drift is measured at. */
const DRIFT_ORIGINS = 3;

/**
 * Root mean square drift (value units per step) of `fn`'s forecast at up to three rolling origins of
 * `input`; NaN when the segment is too short for one (a hold-out must leave half the segment, at least 10
 * points and a season, to fit on).
 */
export function driftPerStep(input: ModelInput, fn: Forecaster): number {
  const n = input.v.length;
  const p = input.period;
  if (p >= 2) {
    // Fits that keep the season: at least two whole seasons and a step, and two days when the whole
    // segment spans the Prophet-style model's daily terms (a period found a step under a day leaves
    // two seasons a step short of them), on a hold-out of half a season to a season.
    const daily = hasDailyTerms(input.t[n - 1] - input.t[0], input.step) ? Math.ceil((2 * DAY_MS) / input.step) + 1 : 0;
    const minFit = Math.max(2 * p + 1, daily);
    const seasonal = driftAt(input, fn, Math.min(p, n - minFit), minFit);
    if (Number.isFinite(seasonal)) {
      return seasonal;
    }
  }
  return driftAt(input, fn, p >= 2 ? p : Math.max(2, Math.floor(n / 5)), 0);
}

/**
 * The root mean square drift over origins with a hold-out of `hb` points, each fitted on at least
 * `minFit` points (and half the segment, 10 points and a season); a fit on fewer than two seasons
 * drops the season. NaN when no origin qualifies or, with `minFit`, when `hb` is under half a season.
 */
function driftAt(input: ModelInput, fn: Forecaster, hb: number, minFit: number): number {
  const n = input.v.length;
  const p = input.period;
  if (minFit > 0 && !(hb >= Math.ceil(p / 2))) {
    return NaN;
  }
  let sum = 0;
  let count = 0;
  for (let o = 0; o < DRIFT_ORIGINS; o++) {
    // Origins half a hold-out apart, each fitted on at least half the segment: a fit on much less
    // data drifts more than the one being judged.
    const end = n - hb - Math.round((o * hb) / 2);
    if (end < Math.max(10, p, Math.ceil(n / 2), minFit)) {
      break;
    }
    const sub: ModelInput = { ...holdOutInput(input, end, hb), period: end >= 2 * p ? p : 0 };
    let out;
    try {
      out = fn(sub);
    } catch {
      continue;
    }
    let err = 0;
    let lead = 0;
    let m = 0;
    for (let k = 0; k < hb; k++) {
      const actual = input.v[end + k];
      if (Number.isFinite(actual) && Number.isFinite(out.yhat[k])) {
        err += actual - out.yhat[k];
        lead += k + 1;
        m++;
      }
    }
    if (m > 0) {
      const drift = err / lead;
      sum += drift * drift;
      count++;
    }
  }
  return count > 0 ? Math.sqrt(sum / count) : NaN;
}

/**
 * `input` cut to its first `end` points (a carried tooth before its splice, tte/index.ts), its season
 * kept: the drift is measured on them alone.
 */
export function firstPoints(input: ModelInput, end: number): ModelInput {
  return { ...input, t: input.t.subarray(0, end), v: input.v.subarray(0, end), filled: input.filled.subarray(0, end) };
}

/**
 * `lower` and `upper` widened in place: each side's half-width h_k at step k (0-based) becomes
 * sqrt(h_k^2 + (z * scale * drift * (k + 1))^2). Nothing changes when drift is not finite or scale is 0.
 */
export function widenForDrift(
  yhat: Float64Array,
  lower: Float64Array,
  upper: Float64Array,
  drift: number,
  scale: number,
  level: number
): void {
  if (!(Number.isFinite(drift) && drift > 0 && scale > 0)) {
    return;
  }
  const perStep = zForLevel(level) * scale * drift;
  for (let k = 0; k < yhat.length; k++) {
    const grow = perStep * (k + 1);
    const below = Math.max(0, yhat[k] - lower[k]);
    const above = Math.max(0, upper[k] - yhat[k]);
    lower[k] = yhat[k] - Math.hypot(below, grow);
    upper[k] = yhat[k] + Math.hypot(above, grow);
  }
}
