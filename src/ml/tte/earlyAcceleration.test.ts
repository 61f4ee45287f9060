import { mulberry32 } from '../core/prng';
import { timeToExhaustion } from './index';

const DAY = 86_400_000;
const STEP = 600_000;

/**
 * Free space (percent) every 10 minutes for 2.5 days, falling to 0 on day 10 (7.5 days after the last
 * sample) either accelerating, 60 (1 - (x / 10 d)^2) (the eval's "disk accelerating"), or straight,
 * 60 (1 - x / 10 d), with normal noise of sd 2 % (its noisy variant).
 */
function disk(seed: number, shape: 'accelerating' | 'straight') {
  const rand = mulberry32(seed);
  const n = Math.round((2.5 * DAY) / STEP);
  const t = new Float64Array(n);
  const v = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = (i * STEP) / DAY / 10;
    const noise = 2 * Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
    t[i] = Date.UTC(2026, 0, 5) + i * STEP;
    v[i] = 60 * (1 - (shape === 'accelerating' ? x * x : x)) + noise;
  }
  return { t, v };
}

const tte = (series: { t: Float64Array; v: Float64Array }) =>
  timeToExhaustion(series, { capacity: 0, direction: 'down', horizon: 90 * DAY });

describe('time to exhaustion two and a half days into a noisy accelerating fill (settings.ts curveHacT)', () => {
  it('follows the curve when its curvature is |t| 2.7, not only from 3: the line read 31 d for 7.5 d', () => {
    // Seed 6: the parabola's curvature t is -2.68 (the residuals are white, so the Newey-West t is
    // the same); with the bar at 3 the line answered 31.4 d, more than four times the truth.
    const r = tte(disk(6, 'accelerating'));
    expect(['quadratic', 'exponential']).toContain(r.model);
    const days = r.seconds / 86_400;
    expect(days).toBeGreaterThan(7.5 / 2);
    expect(days).toBeLessThanOrEqual(2 * 7.5);
    expect(r.lower / 86_400).toBeLessThanOrEqual(7.5);
    expect(r.upper / 86_400).toBeGreaterThanOrEqual(7.5);
  });

  it('keeps straight noisy fills straight (within 25 % of the truth on 8 seeds)', () => {
    for (let seed = 1; seed <= 8; seed++) {
      const days = tte(disk(seed, 'straight')).seconds / 86_400;
      expect(Math.abs(days - 7.5)).toBeLessThan(0.25 * 7.5);
    }
  });
});
