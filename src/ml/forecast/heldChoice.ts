/**
 * `auto`'s choice off the combination, with the band in mind. The backtest ranks the candidates on a
 * hold-out of at most a fifth of the window, where the point forecast is all that counts; far ahead a
 * model's band may outgrow anything the window saw, and forecast() then holds it (bandLimit.ts
 * MODEL_BAND_RANGES). On the demo's p99 latency (0.14-2.91 s over 3 days, no season) Holt's linear trend
 * backtested 2 % better than the naive random walk, and its 7-day upper bound was held at 4 ranges of
 * the window: 11.4 s.
 *
 * So a candidate whose band the hold would cut gives way to the next-ranked one whose band is kept
 * as the model drew it, when that one's backtest score is within {@link HELD_CHOICE_MARGIN} (relative)
 * of the first's; otherwise the first stays, held and said. Measured on the M4 Hourly training series
 * without a season, 7-14 days ahead (`LONG_BANDS_AUTO_NO_SEASON_ONLY=1 npm run eval -- longBands`,
 * docs/forecasting.md): 0.5 had the lowest mean scaled interval score of the margins tried on each of
 * the two folds (over all, MSIS 36.0 -> 34.0, MASE 3.16 -> 2.85); whether to use the rule at all the
 * folds disagree (one 39.0 -> 34.9, the other 32.9 -> 33.1).
 *
 * "Keeps its own" is measured at the first's factor too: a model with no hold of its own (linear,
 * prophet) is never held, however wide its band, and without this check a no-trend series (Mann-Kendall
 * p = 0.67, window 5.7-16.4) went from seasonal naive's held band [6.95, 14.52] to prophet's 7-day
 * forecast of 42.0 in [-64.4, 148.3], twenty ranges of the window (heldChoice.test.ts).
 */
import { MODEL_BAND_RANGES, windowLimitedBand } from './bandLimit';
import { ModelOutput } from './model';

/** How much worse (relative backtest score) a candidate with an unheld band may be and still be chosen. */
export const HELD_CHOICE_MARGIN = 0.5;

let margin = HELD_CHOICE_MARGIN;

/** Runs `fn` with another margin (the eval's sweep; every door uses HELD_CHOICE_MARGIN). */
export function withHeldChoiceMargin<T>(m: number, fn: () => T): T {
  const before = margin;
  margin = m;
  try {
    return fn();
  } finally {
    margin = before;
  }
}

/** Whether forecast() would hold the band of `out` from model `name` fitted on the training values `y`. */
export function bandWouldBeHeld(name: string, out: ModelOutput, y: ArrayLike<number>): boolean {
  const ranges = MODEL_BAND_RANGES[name];
  return ranges !== undefined && windowLimitedBand(out, y, ranges).bandHeld !== undefined;
}

/**
 * Whether the band of `out` from model `name` would be held by its own factor or, given the model
 * `instead` of which it would be chosen, by that one's: a replacement must keep its band within the
 * hold it replaces (a model without a hold of its own, linear or prophet, is otherwise never held).
 */
export function bandWouldBeHeldAgainst(
  name: string,
  out: ModelOutput,
  y: ArrayLike<number>,
  instead: string | undefined
): boolean {
  return bandWouldBeHeld(name, out, y) || (instead !== undefined && bandWouldBeHeld(instead, out, y));
}

/**
 * The first of `ranked` (best backtest first) that `fit` accepts (undefined: not eligible, e.g. it does
 * not follow a binding trend), unless `held` says its band would be held and a later eligible one
 * within the margin of its score is not (`held` is then asked with the first's name: see
 * {@link bandWouldBeHeldAgainst}): then that one. Undefined when none is eligible.
 */
export function chooseKeepingBand(
  ranked: ReadonlyArray<{ model: string; score: number }>,
  fit: (model: string) => [string, ModelOutput] | undefined,
  held: (name: string, out: ModelOutput, instead?: string) => boolean
): [string, ModelOutput] | undefined {
  let first: { score: number; fitted: [string, ModelOutput] } | undefined;
  for (const s of ranked) {
    if (first && !(s.score <= first.score * (1 + margin))) {
      break;
    }
    const fitted = fit(s.model);
    if (!fitted) {
      continue;
    }
    if (!held(fitted[0], fitted[1], first?.fitted[0])) {
      return fitted;
    }
    first ??= { score: s.score, fitted };
  }
  return first?.fitted;
}
