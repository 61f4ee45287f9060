import { mulberry32 } from '../core/prng';
import { timeToExhaustion } from './index';

const DAY = 86_400_000;
const WEEK = 7 * DAY;
const STEP = 600_000;
/** A Monday, midnight UTC: the weekday rise of free space comes on the first day. */
const MONDAY = Date.UTC(2026, 0, 5);
const UNDER_A_WEEK =
  'not within the horizon, from under a week of data: a weekly cycle (a weekday rise, a weekend fall) ' +
  'cannot yet be told from a trend, so a fill it hides would not show';

/**
 * Free space (percent) every 10 minutes: the eval's "weekly+daily cycles, trend" (families.ts), a
 * steady fill to 0 on day 46 under a weekday/weekend swing of 12 % and a daily one of 8 %, noise sd 0.5.
 */
function weeklyFill(days: number, seed = 2) {
  const rand = mulberry32(seed);
  const n = Math.round((days * DAY) / STEP);
  const t = new Float64Array(n);
  const v = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = i * STEP;
    const noise = 0.5 * Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
    t[i] = MONDAY + x;
    v[i] =
      80 * (1 - x / (46 * DAY)) +
      4 * Math.sin((2 * Math.PI * x) / DAY) +
      6 * Math.tanh(4 * Math.sin((2 * Math.PI * (x - 0.5 * DAY)) / WEEK)) +
      noise;
  }
  return { t, v };
}

const tte = (s: { t: Float64Array; v: Float64Array }) =>
  timeToExhaustion(s, { capacity: 0, direction: 'down', horizon: 90 * DAY });

describe('time to exhaustion from under a week of data (docs/forecasting.md "The 20 misses left")', () => {
  it('says a weekly cycle cannot be told from a trend when three days of a weekly fill read "not within the horizon"', () => {
    // The first day holds the weekday rise, more than three days of the fill take back: the data move
    // away from the limit, and no model of them can see the fill (43 days out) yet.
    const r = tte(weeklyFill(3));
    expect(r.verdict).not.toBe('within');
    expect(r.warnings).toContainEqual(UNDER_A_WEEK);
  });

  it('does not say it from two weeks of the same fill, nor on an answer within the horizon', () => {
    const weeks = tte(weeklyFill(14));
    expect(weeks.warnings).not.toContainEqual(UNDER_A_WEEK);
    // A steady fill seen for two days: a crossing, not "not within the horizon".
    const n = Math.round((2 * DAY) / STEP);
    const steady = tte({
      t: Float64Array.from({ length: n }, (_, i) => MONDAY + i * STEP),
      v: Float64Array.from({ length: n }, (_, i) => 60 - (i * STEP * 5) / DAY),
    });
    expect(steady.verdict).toBe('within');
    expect(steady.warnings).not.toContainEqual(UNDER_A_WEEK);
  });

  it('says it on a flat series of three days', () => {
    const n = Math.round((3 * DAY) / STEP);
    const rand = mulberry32(7);
    const r = tte({
      t: Float64Array.from({ length: n }, (_, i) => MONDAY + i * STEP),
      v: Float64Array.from({ length: n }, () => 50 + 0.2 * (rand() - 0.5)),
    });
    expect(r.verdict).toBe('no_trend');
    expect(r.warnings).toContainEqual(UNDER_A_WEEK);
  });
});
