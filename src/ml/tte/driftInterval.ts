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
 * fifth of the segment without a season); at each, the
 * mean error over the hold-out divided by its mean lead (in steps) is the drift of its trend per step.
 * The root mean square over the origins, s, is the out-of-sample drift. {@link widenForDrift} then adds
 * z * scale * s * k in quadrature to each side's half-width at forecast step k, so the interval keeps
 * the model's own width near the start and grows linearly with the horizon. `scale` is the setting
 * `driftScale` (tte/settings.ts), chosen by leave-one-family-out cross-validation in
 * `npm run eval -- tte`.
 */
import { zForLevel } from '../models/numeric';
import type { Forecaster, ModelInput } from '../forecast/model';
import { holdOutInput } from '../forecast/holdOut';

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
  const hb = p >= 2 ? p : Math.max(2, Math.floor(n / 5));
  let sum = 0;
  let count = 0;
  for (let o = 0; o < DRIFT_ORIGINS; o++) {
    // Origins half a hold-out apart, each fitted on at least half the segment: a fit on much less
    // data drifts more than the one being judged.
    const end = n - hb - Math.round((o * hb) / 2);
    if (end < Math.max(10, p, Math.ceil(n / 2))) {
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
