/**
 * The demo's db-1 volume (a daily write cycle, falling 32.9 GB/day): `forecast(..., 1h)` with the
 * companion's defaults (3 days at 1 minute, auto) chooses the combination, and sat above the value seen
 * an hour later at every hour of the day, above the current value at most of them: a rise on a disk
 * that only empties. Three causes, in turn:
 * - the members were ranked on the two-day drift forecast's hold-out instead of the requested hour's
 *   (5.4-5.5 GB above at 09:00 and 10:00);
 * - double-seasonal smoothing learnt its daily profile around each day's mean, so the profile held half
 *   a day's fall at either end and jumped by a day's fall (29 GB) where the day wraps, which is where
 *   a 3-day window ends; its 1-hour hold-out never crossed the wrap, so it ranked first;
 * - the seasonal analogue scaled the departure from yesterday's mean by today's level over yesterday's,
 *   shrinking half a day of decline by 8 % (1-2 GB).
 * Before the last two fixes, at the 24 hours below: 0.99-2.50 GB above on the 1-minute grid (above the
 * current value at 16), 1.34-2.41 GB above on the hourly grid of `query_range` at a 1 h step (at 18).
 */
import { demoSeries } from '../../../companion/src/upstream/demo/demoSeries';
import { forecast, initForecasting } from '../../../src/ml/forecast';

jest.setTimeout(10 * 60_000);

const STEP = 60_000;
const DAY = 86_400_000;
const HOUR = 3_600_000;
const disk = demoSeries().find(
  (s) => s.labels.__name__ === 'node_filesystem_avail_bytes' && s.labels.instance === 'db-1:9100'
)!;

beforeAll(async () => {
  await initForecasting();
});

// Every hour of a day: the error depends on where in the daily cycle the window ends.
const ENDS = Array.from({ length: 24 }, (_, h) => Date.UTC(2026, 11, 6, h));

/** The forecast an hour ahead of `end` and the series it was made from, computed once per end. */
const made = new Map<number, { f: ReturnType<typeof forecast>; v: Float64Array; n: number }>();
function forecastAt(end: number) {
  if (!made.has(end)) {
    const n = (3 * DAY) / STEP;
    const t = Float64Array.from({ length: n }, (_, i) => end - (n - 1 - i) * STEP);
    const v = t.map((x) => disk.at(x));
    made.set(end, { f: forecast({ t, v }, { horizon: 60, step: STEP }), v, n });
  }
  return made.get(end)!;
}

test.each(ENDS)('db-1 free space, 1 h ahead of %i, lies within 0.8 GB of the value observed then', (end) => {
  const { f, v, n } = forecastAt(end);
  expect(f.model).toBe('combination');
  expect(f.trend?.binding).toBe(true);
  const truth = disk.at(end + 3_600_000);
  // Old code: 0.99-2.50 GB above (measured at these 24 ends); now within 0.62 GB. The fall in an hour
  // is 0.1-2.4 GB.
  expect(Math.abs(f.yhat[59] - truth)).toBeLessThan(0.8e9);
  // Never a rise on a disk that only empties (old code: above the last value at 16 of the 24).
  expect(f.yhat[59]).toBeLessThan(v[n - 1]);
});

test('its 95 % band an hour ahead holds the value at 22 or more of the 24 hours, and is under 3 GB wide', () => {
  // The band was the seasonal analogue's lag-day difference, a day of fall: 130 GB wide, holding the
  // value at 24 of 24 because it held everything. Now the analogue's own error (seasonalAnalogue.ts):
  // 1.0-1.5 GB wide, the value inside at 23 of 24 (measured; a 95 % band misses 1.2 of 24 on average).
  let inside = 0;
  for (const end of ENDS) {
    const { f } = forecastAt(end);
    const truth = disk.at(end + HOUR);
    inside += f.lower[59] <= truth && truth <= f.upper[59] ? 1 : 0;
    expect(f.upper[59] - f.lower[59]).toBeLessThan(3e9);
  }
  expect(inside).toBeGreaterThanOrEqual(22);
});

// The same question through `query_range` at a 1 h step: the engine then fits on the hourly grid (72
// points) and forecasts the hour plus the refit hour; the value at each hour is the first step.
test.each(ENDS)('db-1 free space on the hourly grid, 1 h ahead of %i, lies within 0.8 GB of the value then', (end) => {
  const n = (3 * DAY) / HOUR;
  const t = Float64Array.from({ length: n }, (_, i) => end - (n - 1 - i) * HOUR);
  const v = t.map((x) => disk.at(x));
  const f = forecast({ t, v }, { horizon: 2, step: HOUR });
  const truth = disk.at(end + HOUR);
  // Old code: 1.34-2.41 GB above, above the last value at 18 of the 24; now -0.46 to +0.57 GB.
  expect(Math.abs(f.yhat[0] - truth)).toBeLessThan(0.8e9);
  expect(f.yhat[0]).toBeLessThan(v[n - 1]);
});
