/**
 * The season Holt-Winters finds in its warm-up buffer when rows are missing at random (irregular
 * collectors, realTraffic-like data): missing values must not turn the daily season into a few
 * points' ripple (docs/anomaly-detection.md, "Shapes of the held-out files").
 */
import { Mulberry32 } from '../core/prng';
import { detect } from './detect';
import { resolveOptions } from './options';
import { resolveSeason } from './warmup';

const STEP = 300_000;
const DAY = 288;

/**
 * A 5-minute day/night cycle like NAB's art_daily files (busy 9:00-18:00 at about 75, quiet at about
 * 20, a little noise); `missing` of the points (seeded) are NaN.
 */
function daily(n: number, missing: number, seed = 1): Float64Array {
  const rng = new Mulberry32(seed);
  return Float64Array.from({ length: n }, (_, i) => {
    const hour = (i % DAY) / 12;
    const busy = hour >= 9 && hour < 18;
    const v = busy ? 75 + 10 * (rng.next() - 0.5) : 20 + 3 * (rng.next() - 0.5);
    return rng.next() < missing ? NaN : v;
  });
}

it.each([
  [0, 1],
  [0.2, 1],
  [0.3, 2],
  [0.4, 3],
])('finds the daily season with %p of the warm-up buffer missing (seed %p)', (missing, seed) => {
  // Before the fix: 288, 4, 6 and 4 points.
  const period = resolveSeason(resolveOptions({ model: 'holtwinters' }), daily(600, missing, seed));
  expect(Math.abs(period - DAY)).toBeLessThanOrEqual(2);
});

it('flags a day/night series with 30 % of its rows missing about as rarely as the complete one', () => {
  const v = daily(6 * DAY, 0.3);
  const t = Float64Array.from(v, (_, i) => 1_400_000_000_000 + i * STEP);
  const r = detect({ t, v }, { model: 'holtwinters' });
  const judged = Array.from(r.score).filter((x) => Number.isFinite(x)).length;
  expect(judged).toBeGreaterThan(500);
  // The complete series has 1 flagged point, this one 2; with a 4-to-7-point season, 38 (its busy hours).
  expect(Array.from(r.isAnomaly).filter((x) => x === 1).length).toBeLessThanOrEqual(3);
});
