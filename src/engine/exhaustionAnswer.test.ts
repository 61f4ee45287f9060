import { matrixEnv } from './context';
import { exhaustionAnswers } from './exhaustionAnswer';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('the trend test beside a time to exhaustion', () => {
  test("reads the time's own window by default (7 days), not the trend functions' 3 days", async () => {
    // Ten days of hourly disk use rising to a 1,000 ceiling, no reset: the segment is the whole window.
    const n = 10 * 24;
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
      (n - 1) * HOUR - 7 * DAY + HOUR
    );
    expect(a.trend?.segmentStart).toBe(
      a.exhaustion && 'segmentStart' in a.exhaustion ? a.exhaustion.segmentStart : NaN
    );
  });
});
