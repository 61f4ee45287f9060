/**
 * The step at which a training window longer than the points limit is read: every door (the
 * companion's queries and recording rules, the CLI, the panels, the data source, the home page) reads
 * such a window at this step, so they fit the same samples and agree to the printed digit.
 *
 * `trainingStep(train, step, maxPoints)`, all in the engine's units (durations in ms, points a
 * count): `train` is the training window wanted, `step` the step of the data (the call's grid),
 * `maxPoints` the most training points per series (the engine's MAX_TRAIN_POINTS, 10,000). It returns
 * `step` when the window fits in `maxPoints` steps (`round(train / step) <= maxPoints`, as trainWindow
 * counts), else the coarse step `k * step` for the smallest whole k such that
 *
 * - the window fits: `train / (k * step) <= maxPoints`;
 * - `k * step` divides an hour, the companion's refit grid (so every fit time of an hourly refit, and
 *   every hour and day boundary, is a sample of the coarse read); else, when no multiple of `step` does,
 *   one that divides a day; else the smallest k that fits.
 *
 * Reading at the coarse step means every k-th sample ending at the fit time, which is exactly what
 * Prometheus answers to a range query at that step ending there: the companion fetches at it, and a
 * door holding the data at `step` takes every k-th sample. Samples, not means: a mean over k samples
 * splits a reset over two coarse steps (docs/forecasting.md, "A 14-day default under the product's
 * limits").
 *
 * Time to exhaustion's 14 days: 1 minute → 3 minutes (6,720 points); 15 s → 150 s (8,064 points; the
 * smallest k that fits, 9, gives 135 s, which an hour does not divide); 30 s → 2 minutes; 2 minutes
 * (10,080 points) → 4 minutes; 3 minutes and coarser: the data's own step. Pure, deterministic, no dependency.
 */

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

export function trainingStep(train: number, step: number, maxPoints: number): number {
  if (!(step > 0) || !(train > 0) || !(maxPoints >= 1) || Math.round(train / step) <= maxPoints) {
    return step;
  }
  const least = Math.ceil(train / step / maxPoints);
  for (const grid of [HOUR_MS, DAY_MS]) {
    for (let k = least; k * step <= grid; k++) {
      if (grid % (k * step) === 0) {
        return k * step;
      }
    }
  }
  return least * step;
}
