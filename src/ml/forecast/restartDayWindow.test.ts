/**
 * A day's window right after a leaking process's restart (the demo's api-1: 6 MB/h, 1,667 B/s, a 25 MB
 * garbage-collector sawtooth every 7 minutes): the forecast carries the leak across the restart, as time
 * to exhaustion does, by the one rule (tte/carryRate.ts carriedAcrossReset, forecast/youngSegment.ts
 * carriedSegment), from the restart's own sample on. Before, only a window of two days carried: the
 * forecast had no value for two steps ("too few points since the reset") and then read the segment
 * alone, flat, for hours, beside a "full in" and a trend that carried the leak.
 */
import { mulberry32 } from '../core/prng';
import { trendSinceReset } from '../trend/sinceReset';
import { timeToExhaustion } from '../tte/index';
import { forecast } from './index';

const MIN = 60_000;
const DAY = 86_400_000;
const LEAK = 1e5; // bytes per minute: 6 MB/h

/**
 * A day of memory at `stepMin` minutes: leaking since a restart 50 hours before the window, restarted
 * to 310 MB `after` points before its end; with `fixed`, the restart deployed the leak's fix.
 */
function memory(stepMin: number, after: number, fixed = false) {
  const rnd = mulberry32(5);
  const n = (24 * 60) / stepMin;
  const at = n - after;
  const t = Float64Array.from({ length: n }, (_, i) => Date.UTC(2025, 0, 1) + i * stepMin * MIN);
  const v = t.map((_, i) => {
    const since = (i < at ? i + 3000 / stepMin : i - at) * stepMin; // minutes since the last restart
    const leak = fixed && i >= at ? 0 : LEAK * since;
    return 310e6 + 25e6 * (((i * stepMin) % 7) / 7) + leak + 3e6 * (rnd() - 0.5);
  });
  // The level now without noise (the collector's mean 12.5 MB).
  return { t, v, at, level: 322.5e6 + (fixed ? 0 : LEAK * (after - 1) * stepMin) };
}

describe("a day's window after a leaking process's restart", () => {
  it.each([1, 5, 15].flatMap((stepMin) => [1, 2, 3, 4].map((after) => [stepMin, after])))(
    'at %i minutes, %i points since the restart: the forecast carries the leak a day ahead, as time to exhaustion does',
    (stepMin, after) => {
      const { t, v, at, level } = memory(stepMin, after);
      const f = forecast({ t, v }, { horizon: DAY / (stepMin * MIN) });
      const r = timeToExhaustion({ t, v }, { capacity: 1e9, direction: 'up' });
      expect(r.carriedAcross).toBe(t[at]);
      expect(f.carriedAcross).toBe(t[at]);
      // A day's leak is 144 MB; flat (the segment alone) is 0.
      const rise = f.yhat[f.yhat.length - 1] - level;
      expect(Math.abs(rise / (LEAK * 1440) - 1)).toBeLessThan(0.15);
      // The same rate as the "full in" beside it and the trend readout.
      const tteRate = (1e9 - level) / r.seconds;
      expect(Math.abs(rise / 86_400 / tteRate - 1)).toBeLessThan(0.15);
      expect(Math.abs(f.trend!.slopePerSecond / tteRate - 1)).toBeLessThan(0.1);
    }
  );

  it.each([
    [1, 240],
    [5, 96],
    [15, 32],
  ])('at %i minutes, %i points after a restart that deployed the fix: no leak carried', (stepMin, after) => {
    // The segment's values with the carried rate taken out fall (tte/carryRate.ts segmentContradicts).
    const { t, v, at, level } = memory(stepMin, after, true);
    const f = forecast({ t, v }, { horizon: DAY / (stepMin * MIN) });
    expect(f.carriedAcross).toBeUndefined();
    expect(f.segmentStart).toBe(t[at]);
    expect(Math.abs(f.yhat[f.yhat.length - 1] - level)).toBeLessThan(15e6);
    expect(trendSinceReset({ t, v }, { seasonal: 'auto' }).segmentStart).toBe(t[at]);
  });
});
