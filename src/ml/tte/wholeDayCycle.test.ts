import { mulberry32 } from '../core/prng';
import { timeToExhaustion } from './index';

const DAY = 86_400_000;
const GB = 1e9;
const STEP = 180_000;
const CLEANUP = Date.UTC(2026, 11, 3);

/**
 * The demo's database volume (companion/src/upstream/demo/demoSeries.ts diskAvail): 500 GB, cleaned
 * up every 14 days, filling 32.9 GB/day with writes that follow a daily load cycle, noise of sd 0.2 GB;
 * 14 days read every 180 s (time to exhaustion's window at the companion's 1-minute step) up to `end`.
 */
function volume(end: number) {
  const size = 500 * GB;
  const perDay = (0.92 * size) / 14;
  const phase = (u: number) => 2 * Math.PI * (u / DAY - 1 / 8);
  const rand = mulberry32(41);
  const t: number[] = [];
  const v: number[] = [];
  for (let x = end - 14 * DAY + STEP; x <= end; x += STEP) {
    const since = (((x - CLEANUP) % (14 * DAY)) + 14 * DAY) % (14 * DAY);
    const written = perDay * (since / DAY - (1.2 * (Math.sin(phase(x)) - Math.sin(phase(x - since)))) / (4 * Math.PI));
    const noise = 0.2 * GB * Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
    t.push(x);
    v.push(0.95 * size - written + noise);
  }
  return { t: Float64Array.from(t), v: Float64Array.from(v) };
}

const days = (end: number) => timeToExhaustion(volume(end), { capacity: 0, direction: 'down', bounds: { min: 0 } });

describe('time to exhaustion one whole daily cycle after a clean-up (curvedTrend.ts admitCurve)', () => {
  it('keeps a straight fill straight when the segment spans exactly a day: no "full in 3.4 d" for 13 d', () => {
    // Before, the parabola was admitted on its backtest lead and its OLS curvature t (about 30, with
    // residuals correlated over the day it ignores) from 24 h to 24 h 12 min after the clean-up, though
    // two straight pieces fit as well: 3.44-3.51 d (interval 1.8-6.8 d) between 10.8 d answers.
    for (const minutes of [0, 6, 12]) {
      const r = days(CLEANUP + DAY + minutes * 60_000);
      expect(r.verdict).toBe('within');
      expect(['quadratic', 'exponential']).not.toContain(r.model);
      expect(r.seconds / 86_400).toBeGreaterThan(9);
      expect(r.seconds / 86_400).toBeLessThan(16);
    }
  });

  it('answers within a tenth of the answers a few minutes either side', () => {
    const before = days(CLEANUP + DAY - 3 * 60_000).seconds;
    const at = days(CLEANUP + DAY).seconds;
    const after = days(CLEANUP + DAY + 15 * 60_000).seconds;
    expect(Math.abs(at - before) / before).toBeLessThan(0.1);
    expect(Math.abs(at - after) / after).toBeLessThan(0.1);
  });
});
