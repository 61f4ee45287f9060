import { mulberry32 } from '../core/prng';
import { Series } from '../types';
import { forecast } from './index';
import { forecastDrift } from './trendTest';

const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const GB = 1e9;

/**
 * Three days of one-minute free space on a volume like the demo's db-1 disk (as in
 * tte/refitStability.test.ts): 500 GB, cleaned up every 14 days at midnight, then losing ~33 GB/day
 * with writes that follow a daily load curve (heaviest in the day), plus 0.2 GB of noise.
 */
function dbWindow(now: number, seed: number): Series {
  const size = 500 * GB;
  const period = 14 * DAY;
  const perDay = (0.92 * size) / 14;
  const phase = (u: number) => 2 * Math.PI * (u / DAY - 1 / 8);
  const noiseless = (t: number) => {
    const since = ((t % period) + period) % period;
    const written = perDay * (since / DAY - (1.2 * (Math.sin(phase(t)) - Math.sin(phase(t - since)))) / (4 * Math.PI));
    return 0.95 * size - written;
  };
  const rand = mulberry32(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const n = Math.round((3 * DAY) / MIN);
  const t = Float64Array.from({ length: n }, (_, i) => now - (n - 1 - i) * MIN);
  return { t, v: t.map((x) => Math.max(0, noiseless(x) + 0.2 * GB * gauss())) };
}

describe("auto's forecast over a season and the trend test beside it", () => {
  // Noon, 2.5 and 4.5 days after a cleanup: the window holds the day's heaviest writes so far, whose
  // rate a model of the recent slope (Holt-Winters) carried on for days (the demo's db-1 at 12-05 noon).
  const cleanup = 14 * DAY;
  it.each([
    ['2.5 days', cleanup + 60 * HOUR, 1],
    ['4.5 days', cleanup + 108 * HOUR, 2],
  ])('at noon %s after a cleanup keeps the 7-day forecast on the trend: slope within its spread', (_, now, seed) => {
    const horizon = (7 * DAY) / MIN;
    const series = dbWindow(now, seed);
    const r = forecast(series, { horizon, model: 'auto', bounds: { min: 0 } });
    const trend = r.trend!;
    expect(trend.binding).toBe(true);
    const [low, high] = trend.slopeSpread;
    expect(low).toBeLessThan(trend.slopePerSecond);
    expect(high).toBeGreaterThan(trend.slopePerSecond);
    // The forecast's mean slope over whole days (a daily shape, if any, cancels).
    const drift = forecastDrift(r.yhat, MIN, DAY / MIN);
    expect(drift).toBeGreaterThanOrEqual(low);
    expect(drift).toBeLessThanOrEqual(high);
    // And the 7-day value is where the trend line from the last day's mean would put it, within 5 %.
    const last = r.yhat.length - 1;
    const lastDay = series.v.slice(-DAY / MIN);
    const mean = lastDay.reduce((a, b) => a + b, 0) / lastDay.length;
    const implied = mean + trend.slopePerSecond * ((r.t[last] - (now - DAY / 2)) / 1000);
    expect(Math.abs(r.yhat[last] - implied)).toBeLessThan(0.05 * implied);
  });
});
