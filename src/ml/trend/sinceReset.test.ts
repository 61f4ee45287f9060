import { mulberry32 } from '../core/prng';
import { timeToExhaustion } from '../tte';
import { withTteSettings } from '../tte/settings';
import { MlError } from '../types';
import { detectLeak } from './leak';
import { trendSinceReset } from './sinceReset';

const HOUR = 3_600_000;

/**
 * Free bytes (GB) of a disk on hourly samples over 7 days: near full (20 GB falling to 10) for three
 * days, cleaned up to 95 GB at hour 72, then losing 13 GB a day, with noise; NaN where `gaps` say.
 */
function cleanedDisk(gaps: Array<[number, number]> = []) {
  const rnd = mulberry32(3);
  const n = 7 * 24;
  const t = Float64Array.from({ length: n }, (_, i) => Date.UTC(2025, 0, 1) + i * HOUR);
  const v = Float64Array.from({ length: n }, (_, i) =>
    i < 72 ? 20 - (10 * i) / 72 + 0.3 * rnd() : 95 - (13 * (i - 72)) / 24 + 0.3 * rnd()
  );
  for (const [from, to] of gaps) {
    v.fill(NaN, from, to);
  }
  return { t, v };
}

describe('trendSinceReset', () => {
  it("after a disk's cleanup: the fall since it, not the flat read across it, on time to exhaustion's segment", () => {
    const s = cleanedDisk();
    // Over the whole window the teeth cancel out: no significant trend, a fifth of the fall.
    const whole = detectLeak(s);
    expect(whole.pValue).toBeGreaterThan(0.5);
    expect(whole.slopePerHour * 24).toBeGreaterThan(-3);
    const r = trendSinceReset(s, { direction: 'down' });
    expect(r.resets).toBe(true);
    expect(r.segmentStart).toBe(s.t[72]);
    expect(r.slopePerHour * 24).toBeCloseTo(-13, 0);
    expect(r.trend.trend).toBe('decreasing');
    expect(r.pValue).toBeLessThan(0.001);
    // The segment the time to exhaustion beside it was computed on, and the same Sen's slope.
    const tte = timeToExhaustion(s, { capacity: 0, direction: 'down', model: 'linear' });
    expect(r.segmentStart).toBe(tte.segmentStart);
    expect(r.slopePerSecond).toBeCloseTo(tte.slopePerSecond, 12);
    // Without a direction: the forecast's clear reset, the same one here.
    expect(trendSinceReset(s).segmentStart).toBe(s.t[72]);
  });

  it('calls a leak a significant trend toward the limit: a fall with direction down, a rise with direction up', () => {
    const s = cleanedDisk();
    // Free bytes falling since the cleanup: toward the floor.
    expect(trendSinceReset(s, { direction: 'down' }).leak).toBe(true);
    // The same values read as a usage rising to a ceiling fall away from it.
    expect(trendSinceReset(s, { direction: 'up' }).leak).toBe(false);
    const rising = { t: s.t, v: s.v.map((x) => 100 - x) };
    expect(trendSinceReset(rising, { direction: 'up' }).leak).toBe(true);
    expect(trendSinceReset(rising, { direction: 'down' }).leak).toBe(false);
    // Without a direction, a rise, as detectLeak's.
    expect(trendSinceReset(rising).leak).toBe(true);
  });

  it('keeps the same segment with an interior and a trailing gap', () => {
    const s = cleanedDisk([
      [20, 26],
      [110, 120],
      [160, 168],
    ]);
    for (const direction of ['down', undefined] as const) {
      const r = trendSinceReset(s, { direction });
      expect([direction, r.segmentStart]).toEqual([direction, s.t[72]]);
      expect(r.slopePerHour * 24).toBeCloseTo(-13, 0);
    }
    expect(trendSinceReset(s, { direction: 'down' }).segmentStart).toBe(
      timeToExhaustion(s, { capacity: 0, direction: 'down', model: 'linear' }).segmentStart
    );
  });

  it("starts after a one-off bulk write toward the limit, as time to exhaustion's segment does", () => {
    // 300 GB free, flat with noise, 100 GB written at once on day 4 of 7 (10-minute steps). Time to
    // exhaustion starts its segment after the write (flat: no trend); the trend read across the write
    // said -2.05 GB/day, p < 1e-100, printed by the forecast panel beside "no trend toward the limit".
    const rnd = mulberry32(7);
    const step = HOUR / 6;
    const n = 7 * 24 * 6;
    const t = Float64Array.from({ length: n }, (_, i) => Date.UTC(2025, 0, 1) + i * step);
    const v = Float64Array.from(
      { length: n },
      (_, i) => 300 - (i * step > 4 * 24 * HOUR ? 100 : 0) + 0.5 * (rnd() - 0.5)
    );
    const tte = timeToExhaustion({ t, v }, { capacity: 0, direction: 'down' });
    const r = trendSinceReset({ t, v }, { direction: 'down' });
    expect(tte.verdict).toBe('no_trend');
    expect(r.segmentStart).toBe(tte.segmentStart);
    // A level shift, not a reset: views do not say "since the last reset".
    expect(r.resets).toBe(false);
    expect(Math.abs(r.slopePerHour * 24)).toBeLessThan(0.05);
    expect(r.pValue).toBeGreaterThan(0.01);
  });

  it('is the whole window when there is no reset or step toward the limit', () => {
    const s = cleanedDisk();
    // Rising to a ceiling, the clean-up is not a reset ('up' resets are drops) but a step toward the
    // limit: time to exhaustion's segment starts after it, and so does the trend's.
    const up = trendSinceReset(s, { direction: 'up' });
    expect(up.resets).toBe(false);
    expect(up.segmentStart).toBe(timeToExhaustion(s, { capacity: 200, direction: 'up' }).segmentStart);
    expect(up.segmentStart).toBe(s.t[72]);
    // The three days before it: neither.
    const steady = { t: s.t.subarray(0, 72), v: s.v.subarray(0, 72) };
    const whole = trendSinceReset(steady, { direction: 'up' });
    expect(whole.resets).toBe(false);
    expect(whole.segmentStart).toBe(s.t[0]);
    expect(whole.slopePerSecond).toBe(detectLeak(steady).slopePerSecond);
    expect(whole.pValue).toBe(detectLeak(steady).pValue);
  });

  it('refuses a segment of fewer than 10 points after a fresh reset, saying why (when no tooth is carried)', () =>
    // The tooth before this reset begins where the window begins: carried by default (carryPartialTooth).
    withTteSettings({ carryPartialTooth: 0 }, async () => {
      const s = cleanedDisk();
      const fresh = { t: s.t.subarray(0, 78), v: s.v.subarray(0, 78) };
      expect(() => trendSinceReset(fresh, { direction: 'down' })).toThrow(
        new MlError('not_enough_data', 'the trend test needs at least 10 finite points since the last reset, got 6')
      );
      expect(trendSinceReset({ t: s.t.subarray(0, 84), v: s.v.subarray(0, 84) }, { direction: 'down' }).resets).toBe(
        true
      );
    }));

  it('without a limit, right after a restart of a leaking process: the leak rate carried across it', () => {
    // A day at one minute of a process leaking 6 MB/h (1,667 B/s) with a 25 MB garbage-collector
    // sawtooth every 7 minutes (the demo's api-1), restarted from 830 to 310 MB `after` minutes before
    // the end. Before, the collector's drops in the day before the restart read as resets, so the
    // restart was none (the trend read across it, negative) or too fresh (no value).
    const rnd = mulberry32(5);
    for (const after of [1, 5, 30, 300, 700]) {
      const n = 1440;
      const at = n - after;
      const t = Float64Array.from({ length: n }, (_, i) => Date.UTC(2025, 0, 1) + i * 60_000);
      const v = Float64Array.from({ length: n }, (_, i) => {
        const since = i < at ? i + 3000 : i - at; // minutes since the last restart
        return 310e6 + 25e6 * ((i % 7) / 7) + 1e5 * since + 3e6 * (rnd() - 0.5);
      });
      const r = trendSinceReset({ t, v }, { seasonal: 'auto' });
      expect(r.resets).toBe(true);
      expect(r.pValue).toBeLessThan(0.01);
      expect(r.slopePerSecond / 1667).toBeGreaterThan(0.9);
      expect(r.slopePerSecond / 1667).toBeLessThan(1.1);
    }
  });
});

describe('trendSinceReset after a restart that deployed the fix', () => {
  it('without a limit, the leak rate is no longer carried once the flat segment contradicts it', () => {
    // The same api-1 leaking 6 MB/h for a day, then restarted with the leak fixed: flat since. Carried
    // for 12 hours regardless, the trend read 1,523 B/s (p < 1e-300) 8 hours after the fix.
    const rnd = mulberry32(5);
    for (const after of [240, 480, 700]) {
      const n = 1440;
      const at = n - after;
      const t = Float64Array.from({ length: n }, (_, i) => Date.UTC(2025, 0, 1) + i * 60_000);
      const v = Float64Array.from({ length: n }, (_, i) => {
        const leak = i < at ? 1e5 * (i + 3000) : 0;
        return 310e6 + 25e6 * ((i % 7) / 7) + leak + 3e6 * (rnd() - 0.5);
      });
      const r = trendSinceReset({ t, v }, { seasonal: 'auto' });
      expect(r.resets).toBe(true);
      expect(r.segmentStart).toBe(t[at]);
      expect(Math.abs(r.slopePerSecond)).toBeLessThan(100);
    }
  });
});

describe('trendSinceReset without a limit on a coarse grid', () => {
  it("a day at 30 minutes holding a leaking process's restart reads the leak, not the restart", () => {
    // 48 half-hours of memory (MB): 6 MB/h from 310 since a restart 3 days before, restarted at point
    // 24, with a garbage collector's 25 MB sawtooth (every 7 minutes, sampled every 30) and noise.
    const rnd = mulberry32(7);
    const t = Float64Array.from({ length: 48 }, (_, i) => Date.UTC(2025, 0, 1) + i * 1_800_000);
    const v = Float64Array.from({ length: 48 }, (_, i) => {
      const hours = (i < 24 ? i + 144 : i - 24) / 2;
      return 310 + 6 * hours + (25 * ((i * 30) % 7)) / 7 + 3 * rnd();
    });
    const r = trendSinceReset({ t, v }, { seasonal: 'auto' });
    // Before, the rarity test wanted 50 points per reset, so the test read across the restart. The
    // tooth before it filled steadily, so its rate is carried (tte/toothGate.ts: its quarters of 6
    // half-hours under the sawtooth failed Mann-Kendall, and the segment alone started at the restart).
    expect(r.resets).toBe(true);
    expect(r.segmentStart).toBe(t[0]);
    expect(r.slopePerHour).toBeGreaterThan(4);
    expect(r.slopePerHour).toBeLessThan(8);
  });
});
