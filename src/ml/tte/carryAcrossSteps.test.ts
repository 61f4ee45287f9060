/**
 * A tooth carried across a clean-up gives the same time to exhaustion, and an interval of the same
 * width, at every step. A disk written with a daily pattern (0.4 to 1.6 times its mean rate, slowest
 * around its midnight clean-up, as the demo's db-1) was spliced with the reset's step measured from
 * five values on each side with the mean rate taken out: off by what that rate missed over five steps
 * (+1.4 GB at 30 minutes, +2.2 GB at an hour), read by the drift interval as a slope. The demo's db-1
 * a day after its clean-up read 13.0-13.9 d at a minute, 11.2-17.4 d at 30 minutes and 10.0-20.7 d at
 * an hour. Now the step is measured a day apart, at the same phase of the daily cycle (carryRate.ts
 * samePhaseOffset), and the drift and the daily rates are read on the tooth, off the splice.
 */
import { carriedAcrossReset } from './carryRate';
import { lastResetIndex } from './resets';
import { tteSettings } from './settings';
import { timeToExhaustion } from './index';
import { mulberry32 } from '../core/prng';

const DAY = 86_400_000;
const GB = 1e9;
const SIZE = 500 * GB;
const PER_DAY = (0.92 * SIZE) / 14;
const PERIOD = 14 * DAY;
/** A clean-up at midnight UTC, every 14 days. */
const CLEANUP = 1485 * PERIOD;

/** Bytes written since the last clean-up at time u: the integral of (1 - 0.6 cos) of the daily phase. */
function written(u: number, since: number): number {
  const phase = (x: number) => 2 * Math.PI * (x / DAY - 1 / 8);
  return PER_DAY * (since / DAY - (1.2 * (Math.sin(phase(u)) - Math.sin(phase(u - since)))) / (4 * Math.PI));
}

/** Free bytes, every `step` ms for 7 days up to `now`, with 0.2 GB of noise per sample. */
function disk(now: number, step: number): { t: Float64Array; v: Float64Array } {
  const n = Math.round((7 * DAY) / step);
  const rand = mulberry32(41);
  const noise = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const t = new Float64Array(n);
  const v = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    t[i] = now - (n - 1 - i) * step;
    const since = (((t[i] - CLEANUP) % PERIOD) + PERIOD) % PERIOD;
    v[i] = 0.95 * SIZE - written(t[i], since) + 0.2 * GB * noise();
  }
  return { t, v };
}

const STEPS = { '1m': 60_000, '5m': 300_000, '30m': 1_800_000, '1h': 3_600_000 };

describe.each([6, 20])('%i hours after a clean-up', (hours) => {
  const now = CLEANUP + hours * 3_600_000;

  test.each(Object.entries(STEPS))('the reset step is measured within 0.5 GB of the truth at %s', (_, step) => {
    const { t, v } = disk(now, step);
    const reset = lastResetIndex(v, 'down', step);
    const c = carriedAcrossReset(t, v, 'down', reset, tteSettings(), step, false);
    expect(c).toBeDefined();
    // A tooth continued across the clean-up would hold 14 days' writes more than the segment.
    expect(Math.abs(c!.offset - 14 * PER_DAY)).toBeLessThan(0.5 * GB);
  });

  test('the time and its interval are the same at 1 m, 5 m, 30 m and 1 h', () => {
    const answers = Object.values(STEPS).map((step) =>
      timeToExhaustion(disk(now, step), { capacity: 0, direction: 'down', bounds: { min: 0 } })
    );
    for (const a of answers) {
      expect(a.carriedAcross).toBe(CLEANUP);
    }
    const at1m = answers[0].seconds;
    for (const a of answers) {
      // The same time within 1 %, and an interval within 5 % of it that holds the 1-minute time.
      expect(Math.abs(a.seconds / at1m - 1)).toBeLessThan(0.01);
      expect((a.upper - a.lower) / a.seconds).toBeLessThan(0.05);
      expect(a.lower).toBeLessThanOrEqual(at1m);
      expect(a.upper).toBeGreaterThanOrEqual(at1m);
    }
  });
});
