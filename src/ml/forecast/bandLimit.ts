/**
 * How wide the combination's band may be. A member fitted on n points has seen its errors grow over at
 * most n steps; further ahead its band extrapolates a random walk, and on the logarithms it does so
 * exponentially. At a horizon 2.3 times the companion's default 3-day window (`forecast(x, 7d)`) the
 * demo's bursty checkout series got 7-day upper bounds of 15,243 errors/s (data at most 2.07), a queue
 * of 111,413 (at most 166) and 172 s of latency (at most 1.54 s): the median of three members' bounds,
 * two of them log members'.
 *
 * Each bound is therefore held within {@link BAND_RANGES} times the training window's range (highest
 * minus lowest value) of the forecast. The factor was chosen by two-fold cross-validation over the M4
 * Hourly training series cut before their end, at 3/7, 7/14 and 14/14 days of window/horizon
 * (eval/longBands.eval.ts): among the factors and the other constructions tried (log members' bands
 * held from a fraction of the window on; every member's), 0.75 had the lowest mean scaled interval
 * score with coverage within 85-98 %, chosen on each fold (docs/forecasting.md). The point forecast
 * does not move. The steps held are marked (`bandHeld`), and every door says how many of the values it
 * returns were held (src/engine/bandHold.ts).
 */
import { finiteExtent } from '../../common/finiteCount';
import { BandHeld, ModelOutput } from './model';

/** Each bound stays within this many ranges of the training window of the forecast. */
export const BAND_RANGES = 0.75;

/**
 * The hold of each model chosen by name (or by `auto` off the combination), in ranges of the window:
 * chosen per model by the same two-fold cross-validation (`LONG_BANDS_MODELS_ONLY=1 npm run eval --
 * longBands`, each model with M4's season and without one). Seasonal naive without a season and naive2
 * are a random walk whose band grows with the square root of the steps ahead: on the demo's p99
 * latency (3 s at most) the 7-day upper bound read 12.8 s. Holt-Winters, and MSTL (which falls back to
 * it), extrapolate a trend's uncertainty: held at 4 ranges, where the CV chose it; Theil-Sen at 0.75.
 * No hold where the CV chose none (linear: its band stays within the window's range; Prophet-style).
 */
export const MODEL_BAND_RANGES: Readonly<Record<string, number>> = {
  seasonal_naive: 0.75,
  naive2: 0.75,
  theilsen: 0.75,
  holtwinters: 4,
  mstl: 4,
};

/** Highest minus lowest finite value of `y` (0 when fewer than two differ). */
export function finiteRange(y: ArrayLike<number>): number {
  const [lo, hi] = finiteExtent(y);
  return hi > lo ? hi - lo : 0;
}

/**
 * `out` with each bound at most `limit` from the forecast (`out` itself when no bound is further), the
 * bounds moved marked in `bandHeld` (with `ranges`, the limit in ranges of the window, for the
 * warning). No limit when `limit` is not finite.
 */
export function halfWidthLimited(out: ModelOutput, limit: number, ranges = NaN): ModelOutput {
  if (!(limit >= 0) || !Number.isFinite(limit)) {
    return out;
  }
  const h = out.yhat.length;
  const lower = Float64Array.from(out.lower);
  const upper = Float64Array.from(out.upper);
  const held: BandHeld = { lower: new Uint8Array(h), upper: new Uint8Array(h), ranges };
  let any = false;
  for (let k = 0; k < h; k++) {
    const y = out.yhat[k];
    if (upper[k] > y + limit) {
      upper[k] = y + limit;
      held.upper[k] = 1;
      any = true;
    }
    if (lower[k] < y - limit) {
      lower[k] = y - limit;
      held.lower[k] = 1;
      any = true;
    }
  }
  return any ? { ...out, lower, upper, bandHeld: held } : out;
}

/** `out`'s band held within `ranges` (default {@link BAND_RANGES}) ranges of the training values `y`. */
export function windowLimitedBand(out: ModelOutput, y: ArrayLike<number>, ranges = BAND_RANGES): ModelOutput {
  return halfWidthLimited(out, ranges * finiteRange(y), ranges);
}

/**
 * The marks of `held` kept only where the bound still has its held value after the physical bounds
 * clamped it (`clampedLower`/`clampedUpper` from clampMarking): a value the floor or ceiling set is
 * counted there, not here. Undefined when no mark is left.
 */
export function heldAfterClamp(
  held: BandHeld | undefined,
  clampedLower: Uint8Array | undefined,
  clampedUpper: Uint8Array | undefined
): BandHeld | undefined {
  if (!held) {
    return undefined;
  }
  const lower = held.lower.map((x, k) => (clampedLower?.[k] ? 0 : x));
  const upper = held.upper.map((x, k) => (clampedUpper?.[k] ? 0 : x));
  return lower.some((x) => x === 1) || upper.some((x) => x === 1) ? { lower, upper, ranges: held.ranges } : undefined;
}
