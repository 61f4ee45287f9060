import { timeToExhaustion } from './index';

const HOUR = 3_600_000;

/** Free bytes every 10 minutes over two days, falling slowly from 400 GB. */
function freeBytes(from = 400e9) {
  const n = 288;
  const t = Float64Array.from({ length: n }, (_, i) => i * 600_000);
  const v = Float64Array.from(t, (x) => from - (x / HOUR) * 1e8);
  return { t, v };
}

describe('an answer exhausted for the whole window says the limit or the direction may be wrong', () => {
  it('warns when free space is asked to rise to a limit of 0 (direction=up): every value is past it', () => {
    const r = timeToExhaustion(freeBytes(), { capacity: 0, direction: 'up' });
    expect(r.verdict).toBe('exhausted');
    expect(r.warnings).toEqual([
      'every value in the window is already at or above the limit 0 (direction=up): unless it has been exhausted all along, check the limit and the direction',
    ]);
  });

  it('does not warn when the series reached the limit inside the window', () => {
    const s = freeBytes(2e9);
    const r = timeToExhaustion(s, { capacity: 0, direction: 'down' });
    expect(s.v[s.v.length - 1]).toBeLessThan(0);
    expect(r.verdict).toBe('exhausted');
    expect(r.warnings).toEqual([]);
  });
});
