import { mulberry32 } from '../core/prng';
import { mannKendall } from '../trend/mannKendall';
import { forecast } from './index';
import { lastClearReset, resetSegmentStart } from './resetSegment';

describe('resetSegmentStart', () => {
  it('finds the last clean-up of a falling sawtooth (jump up) and the last drop of a rising one', () => {
    // Falls 1 per step from 300, cleaned up back to 300 at steps 200 and 400; 450 points.
    const down = Float64Array.from({ length: 450 }, (_, i) => 300 - (i % 200) + 0.3 * Math.sin(i * 1.7));
    expect(resetSegmentStart(down, 0)).toBe(400);
    // A counter restarting at 0 every 200 steps.
    const up = Float64Array.from({ length: 450 }, (_, i) => (i % 200) + 0.3 * Math.sin(i * 1.7));
    expect(resetSegmentStart(up, 0)).toBe(400);
  });

  it('refuses to fit until 3 values follow the reset, naming it (never the tooth before it)', () => {
    // Falls from 300 over 200 steps twice, then is cleaned up once more near the end.
    const at = (i: number) =>
      (i < 200 ? 300 - i : i < 450 ? 300 - (i - 200) : 300 - (i - 450)) + 0.3 * Math.sin(i * 1.7);
    const t = Float64Array.from({ length: 453 }, (_, i) => Date.UTC(2024, 0, 1) + i * 60_000);
    // Two values after the last clean-up: before, the whole series was used, the teeth read together.
    expect(() =>
      resetSegmentStart(
        Float64Array.from({ length: 452 }, (_, i) => at(i)),
        0,
        t
      )
    ).toThrow('only 2 points since the reset at 2024-01-01 07:30 UTC, too few to fit (3 needed)');
    expect(
      resetSegmentStart(
        Float64Array.from({ length: 453 }, (_, i) => at(i)),
        0
      )
    ).toBe(450);
  });

  it('a daily cycle with a sharp morning rise is no reset (such jumps recur every period)', () => {
    // Hourly, 14 days: falls through the day, jumps back each morning.
    const v = Float64Array.from({ length: 24 * 14 }, (_, i) => 100 - 3 * (i % 24) + 0.2 * Math.sin(i * 1.7));
    expect(resetSegmentStart(v, 24)).toBe(0);
  });

  it('a level shift without a trend before it is no reset', () => {
    const v = Float64Array.from({ length: 300 }, (_, i) => (i < 250 ? 10 : 50) + Math.sin(i * 1.7));
    expect(resetSegmentStart(v, 0)).toBe(0);
  });

  it('a jump smaller than a quarter of the range is no reset', () => {
    // Falls 1 per step over 300 steps; at step 250 it gets 40 back (13 % of the range).
    const v = Float64Array.from({ length: 300 }, (_, i) => 400 - i + (i >= 250 ? 40 : 0));
    expect(resetSegmentStart(v, 0)).toBe(0);
  });

  it('a day of traffic ending at its sharp 07:00 rise is no reset: the stretch before it first rose', () => {
    // Requests per second at 5 minutes, from 07:05 one day to 07:00 the next: climbing to a midday
    // plateau, falling through the evening, low at night, jumping from 46 to 300 at 07:00. The whole
    // stretch falls significantly, so it passed every other test (a one-day window sees one rise).
    const at = (i: number) => {
      const h = (7 + (i + 1) / 12) % 24;
      const base = h < 7 ? 60 - 2 * h : h < 12 ? 300 + 20 * (h - 7) : h < 18 ? 400 : 400 - (340 * (h - 18)) / 6;
      return base * (1 + 0.02 * Math.sin(i * 1.7));
    };
    const t = Float64Array.from({ length: 288 }, (_, i) => Date.UTC(2024, 0, 1, 7, 5) + i * 300_000);
    const v = Float64Array.from({ length: 288 }, (_, i) => at(i));
    expect(v[287] / v[286]).toBeGreaterThan(5); // the rise is the last point
    expect(resetSegmentStart(v, 0, t)).toBe(0);
  });

  /**
   * The demo's api-1 on a coarse grid: a leak of `rise` per step from 300 with its garbage collector's
   * 25-tall sawtooth (every 7 minutes, so its phase moves `phase` of a cycle per step) and noise of 3,
   * restarted at `restart` after a tooth of `toothStart` steps before the window.
   */
  const leak = (n: number, restart: number, toothStart: number, rise: number, phase: number) =>
    Float64Array.from({ length: n }, (_, i) => {
      const since = i < restart ? i + toothStart : i - restart;
      return 300 + rise * since + 25 * ((i * phase) % 1) + 3 * Math.sin(i * 1.7);
    });

  it('a restart in a day at 30 minutes (48 points) is a reset: one jump is as rare as a window shows', () => {
    // Before, the rarity test asked for 50 points per reset-sized jump, so no 48-point window had one.
    expect(resetSegmentStart(leak(48, 24, 140, 3, 2 / 7), 0)).toBe(24);
  });

  it('a restart after a short tooth (9 points) is a reset by the tooth after it', () => {
    // A day at 15 minutes: 9 points of the old tooth (too few for a significant trend), 87 of the new.
    const v = leak(96, 9, 300, 1.5, 1 / 7);
    expect(mannKendall(v.subarray(0, 9)).pValue).toBeGreaterThan(0.01);
    expect(resetSegmentStart(v, 0)).toBe(9);
  });

  it('a lone incident in a window under four days is no reset: the stretch before a daily cycle heads somewhere', () => {
    // Two days of 1-minute CPU on a daily cycle, then a 20-minute saturation at 0.94. Over the two days
    // the cycle reads falling (Mann-Kendall z -20), toward the jump's start, so only the values after
    // the jump (flat) can tell a new tooth; before, the saturation started a segment and the forecast
    // followed it instead of carrying the excursion for an hour (src/engine/stepWarnings.test.ts).
    let seed = 7;
    const noise = () => ((seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5) * 0.02;
    const n = 2 * 1440;
    const cpu = Float64Array.from({ length: n }, (_, i) =>
      i >= n - 20 ? 0.94 + noise() : 0.45 + 0.1 * Math.sin((2 * Math.PI * i) / 1440) + noise()
    );
    expect(mannKendall(cpu.subarray(0, n - 20)).z).toBeLessThan(-3);
    expect(resetSegmentStart(cpu, 1440)).toBe(0);
  });

  it('a sharp fall the series climbs back past within the window is no reset, however short the stretch before', () => {
    // Requests per second at 5 minutes from 18:30: a plateau, a fall from 400 to 60 at 19:00, the night
    // low, the morning rise back to 400: the stretch after heads back toward the jump but returns.
    const at = (i: number) => {
      const h = (18.5 + i / 12) % 24;
      const base = h >= 18.5 && h < 19 ? 400 : h >= 19 || h < 5 ? 60 : h < 12 ? 60 + (340 * (h - 5)) / 7 : 400;
      return base * (1 + 0.02 * Math.sin(i * 1.7));
    };
    const v = Float64Array.from({ length: 288 }, (_, i) => at(i));
    expect(resetSegmentStart(v, 0)).toBe(0);
  });

  it('a dip the series climbs back out of is no reset, however steadily the stretch before it filled', () => {
    // A day at 30 minutes (48 points, too few for the rarity test) rising 4 per step from 100, down to
    // 30 % for 3 points, back on its line for the last 2. The tooth before fills steadily in each
    // quarter, so time to exhaustion's carry rule carries it: before, that alone made the dip a reset,
    // the tooth was moved down to the dip and the forecast began near 133 beside a value of 285.
    const rand = mulberry32(8);
    const n = 48;
    const t = Float64Array.from({ length: n }, (_, i) => Date.UTC(2025, 0, 1) + i * 1_800_000);
    const v = t.map((_, i) => (100 + 4 * i + 3 * (rand() - 0.5)) * (i >= n - 5 && i < n - 2 ? 0.3 : 1));
    expect(lastClearReset(v, 0, { t, step: 1_800_000 })).toBeUndefined();
    const f = forecast({ t, v }, { horizon: 48 });
    expect(f.segmentStart).toBeUndefined();
    // Nearer the value now than the dip.
    expect(f.yhat[0]).toBeGreaterThan((v[n - 1] + v[n - 3]) / 2);
    // While the dip lasts it is a restart for all the forecast can tell, as for time to exhaustion.
    const during = v.subarray(0, n - 2);
    expect(lastClearReset(during, 0, { t: t.subarray(0, n - 2), step: 1_800_000 })?.start).toBe(n - 5);
  });

  it.each([1, 2, 4, 6])(
    'a saturation after a steady fall in a short window starts no segment (%i points of it)',
    (k) => {
      // 12 hours of CPU at 15 minutes (48 points, too few for the rarity test) falling through the
      // evening to 03:00, then a nightly batch job at 0.95. The fall fills "toward" the jump in each
      // quarter, so time to exhaustion's carry rule (for a floor) carries it: before, the saturation
      // started a segment from its first point and the forecast carried the evening's fall from 0.95.
      let seed = 11;
      const noise = () => ((seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5) * 0.03;
      const n = 48;
      const end = Date.UTC(2024, 0, 2, 3);
      const t = Float64Array.from({ length: n }, (_, i) => end - (n - 1 - i) * 900_000);
      const v = t.map((x, i) => {
        const h = (x - Date.UTC(2024, 0, 1)) / 3_600_000;
        return (i >= n - k ? 0.95 : 0.2 + (0.4 * (1 + Math.cos((Math.PI * (h - 12)) / 18))) / 2) + noise();
      });
      expect(lastClearReset(v, 0, { t, step: 900_000 })).toBeUndefined();
      const f = forecast({ t, v }, { horizon: 8 });
      expect(f.segmentStart).toBeUndefined();
      expect(f.carriedAcross).toBeUndefined();
    }
  );
});
