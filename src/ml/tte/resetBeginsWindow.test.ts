import { mulberry32 } from '../core/prng';
import { Series } from '../types';
import { LANDING_POINTS, resetBeginsWindow } from './carryRate';
import { timeToExhaustion } from './index';
import { trendSinceReset } from '../trend/sinceReset';
import { forecast } from '../forecast';

const STEP = 3_600_000;
const DAY = 86_400_000;
/** Clean-ups every 14 days, as on the demo's db-1 volume. */
const PERIOD = 14 * DAY;
const DOWN = { capacity: 0, direction: 'down' as const };

/**
 * Free space (GB) of a 500 GB volume filling 32.9 GB/day, cleaned up to 475 GB every 14 days (at
 * multiples of PERIOD), noise sd 0.2 GB, hourly, over [from, to] (ms).
 */
function disk(from: number, to: number, seed = 1): Series {
  const rand = mulberry32(seed);
  const n = Math.round((to - from) / STEP) + 1;
  const t = Float64Array.from({ length: n }, (_, i) => from + i * STEP);
  const v = t.map((x) => {
    const g = Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
    return 475 - (32.9 * (x % PERIOD)) / DAY + 0.2 * g;
  });
  return { t, v };
}

describe('a 14-day window that begins at the previous clean-up (carryRate.ts resetBeginsWindow)', () => {
  // The clean-up at 2 x PERIOD, evaluated on its own sample and an hour later, by a window that begins
  // with the previous clean-up's first sample (at PERIOD).
  for (const after of [0, STEP]) {
    const now = 2 * PERIOD + after;
    const windowStart = PERIOD;

    it(`${after / STEP} h after it: no answer from the window alone, where the reset landed where its data began`, () => {
      const w = disk(windowStart, now);
      expect(() => timeToExhaustion(w, DOWN)).toThrow(/needs at least 3 finite values since the last reset/);
    });

    it(`${after / STEP} h after it: with the look-back before the window, the whole tooth is carried (full in 14.4 d)`, () => {
      const s = disk(windowStart - LANDING_POINTS * STEP, now);
      const r = timeToExhaustion(s, { ...DOWN, windowStart });
      expect(r.verdict).toBe('within');
      expect(r.carriedAcross).toBe(2 * PERIOD);
      // The tooth carried is the window's own: the look-back is read, never fitted.
      expect(r.segmentStart).toBe(windowStart);
      // Truth 475 / 32.9 = 14.4 d after the clean-up.
      expect(r.seconds / 86_400).toBeGreaterThan(14.4 - 0.3 - after / DAY);
      expect(r.seconds / 86_400).toBeLessThan(14.4 + 0.3 - after / DAY);
    });
  }

  // The trend test printed beside it (trend/sinceReset.ts) reads the look-back by the same rule
  // (carryRate.ts toothOpening): before, it had no value there ("needs at least 10 finite points").
  for (const after of [STEP, 2 * STEP]) {
    it(`${after / STEP} h after it: the trend test beside it carries the same tooth, at the gate's slope`, () => {
      const now = 2 * PERIOD + after;
      const windowStart = PERIOD;
      const s = disk(windowStart - LANDING_POINTS * STEP, now);
      const w = disk(windowStart, now);
      expect(() => trendSinceReset(w, { direction: 'down', seasonal: 'auto' })).toThrow(/at least 10 finite points/);
      const r = timeToExhaustion(s, { ...DOWN, windowStart });
      const trend = trendSinceReset(s, { direction: 'down', seasonal: 'auto', windowStart });
      expect(trend.segmentStart).toBe(r.segmentStart);
      expect(trend.slopePerSecond).toBeCloseTo(r.gate!.slopePerSecond, 9);
      expect(trend.leak).toBe(true);
    });
  }

  // forecast() reads it by the same rule: before, "only 1 point since the reset" on the clean-up's own
  // sample and 2 an hour later, where time to exhaustion beside it carried the tooth.
  for (const after of [0, STEP]) {
    it(`${after / STEP} h after it: forecast() carries the same tooth, at time to exhaustion's rate`, () => {
      const now = 2 * PERIOD + after;
      const windowStart = PERIOD;
      const s = disk(windowStart - LANDING_POINTS * STEP, now);
      const w = disk(windowStart, now);
      const options = { horizon: 24, step: STEP, season: 0 };
      expect(() => forecast(w, options)).toThrow(/since the reset at .*too few to fit/);
      const f = forecast(s, { ...options, windowStart });
      const r = timeToExhaustion(s, { ...DOWN, windowStart });
      expect(f.carriedAcross).toBe(2 * PERIOD);
      expect(f.segmentStart).toBe(r.segmentStart);
      // The day's fall: 32.9 GB, as the gate's slope says.
      const perDay = f.yhat[23] - s.v[s.v.length - 1];
      expect(perDay / ((r.gate!.slopePerSecond * DAY) / 1000) - 1).toBeLessThan(0.03);
      expect(perDay / ((r.gate!.slopePerSecond * DAY) / 1000) - 1).toBeGreaterThan(-0.03);
      // Without a direction, the forecast's trend test carries the tooth too.
      const trend = trendSinceReset(s, { seasonal: 'auto', windowStart });
      expect(trend.segmentStart).toBe(r.segmentStart);
      expect(trend.slopePerSecond / r.gate!.slopePerSecond - 1).toBeCloseTo(0, 1);
    });
  }

  it('the answer mid-tooth does not change with the look-back', () => {
    const now = 2 * PERIOD + 5 * DAY;
    const windowStart = now - PERIOD + STEP;
    const s = disk(windowStart - LANDING_POINTS * STEP, now);
    const w = { t: s.t.subarray(LANDING_POINTS), v: s.v.subarray(LANDING_POINTS) };
    expect(timeToExhaustion(s, { ...DOWN, windowStart }).seconds).toBe(timeToExhaustion(w, DOWN).seconds);
    // forecast() fits the window alone: the look-back is never fitted.
    const options = { horizon: 24, step: STEP };
    expect(forecast(s, { ...options, windowStart })).toEqual(forecast(w, options));
    expect(trendSinceReset(s, { seasonal: 'auto', windowStart })).toEqual(trendSinceReset(w, { seasonal: 'auto' }));
  });

  it('a look-back without a reset does not say one begins the window', () => {
    const s = disk(PERIOD + 2 * DAY, 2 * PERIOD + STEP);
    expect(resetBeginsWindow(s.v, LANDING_POINTS, 'down', STEP)).toBe(false);
    const across = disk(PERIOD - 5 * STEP, 2 * PERIOD + STEP);
    expect(resetBeginsWindow(across.v, 10, 'down', STEP)).toBe(true);
  });
});
