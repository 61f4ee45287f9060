import { matrixEnv } from './context';
import { evaluate } from './evaluate';
import { exhaustionAnswers } from './exhaustionAnswer';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('the trend test beside a time to exhaustion', () => {
  test("reads the time's own window by default (14 days), not the trend functions' 3 days", async () => {
    // Twenty days of hourly disk use rising to a 1,000 ceiling, no reset: the segment is the whole window.
    const n = 20 * 24;
    const values = Float64Array.from(
      { length: n },
      (_, i) => 100 + 2 * i + 3 * Math.sin((2 * Math.PI * i) / 24) + (i % 7)
    );
    const env = matrixEnv({ from: 0, step: HOUR, series: [{ labels: {}, values }] });
    const q = {
      func: 'time_to_exhaustion' as const,
      inner: 'm',
      capacity: 1000,
      options: { step: HOUR, direction: 'up' as const },
    };
    const [a] = await exhaustionAnswers(q, (n - 1) * HOUR, env);
    expect(a.exhaustion && 'segmentStart' in a.exhaustion ? a.exhaustion.segmentStart : NaN).toBe(
      (n - 1) * HOUR - 14 * DAY + HOUR
    );
    expect(a.trend?.segmentStart).toBe(
      a.exhaustion && 'segmentStart' in a.exhaustion ? a.exhaustion.segmentStart : NaN
    );
  });

  test('is the user\'s own trend_slope(x, "direction=...") without train=, to the digit', async () => {
    // Ten days of hourly disk use, a clean-up 8 days ago and the fill slowing since: a 3-day window and
    // the time's 7-day one see different slopes.
    const n = 10 * 24;
    const values = Float64Array.from({ length: n }, (_, i) => {
      const k = i < 48 ? i : i - 48;
      return (i < 48 ? 500 : 100) + 4 * k - 0.006 * k * k + 3 * Math.sin((2 * Math.PI * i) / 24) + (i % 5);
    });
    const env = matrixEnv({ from: 0, step: HOUR, series: [{ labels: {}, values }] });
    const q = {
      func: 'time_to_exhaustion' as const,
      inner: 'm',
      capacity: 1000,
      options: { step: HOUR, direction: 'up' as const },
    };
    const t = (n - 1) * HOUR;
    const [a] = await exhaustionAnswers(q, t, env);
    const own = { func: 'trend_slope' as const, inner: 'm', options: { step: HOUR, direction: 'up' as const } };
    const [s] = await evaluate(own, { step: HOUR, points: [t] }, env);
    expect(a.trend?.slopePerSecond).toBeGreaterThan(0);
    expect(s.values[0]).toBe(a.trend?.slopePerSecond);
  });
});
