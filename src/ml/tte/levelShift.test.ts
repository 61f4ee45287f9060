import { mulberry32 } from '../core/prng';
import { lastLevelShiftIndex } from './levelShift';

const TEN_MIN = 600_000;

function noisy(n: number, seed: number, sd: number, f: (i: number) => number): Float64Array {
  const rand = mulberry32(seed);
  return Float64Array.from(
    { length: n },
    (_, i) => f(i) + sd * Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand())
  );
}

describe('lastLevelShiftIndex', () => {
  it('finds a one-off write toward the floor, completed within an hour, once a window follows it', () => {
    // Free space at 50 % drops by 25 % over 6 ten-minute steps from i = 1000 and stays there.
    const v = noisy(1500, 3, 0.3, (i) => 50 - (i < 1000 ? 0 : i >= 1006 ? 25 : ((i - 1000) * 25) / 6));
    const at = lastLevelShiftIndex(v, TEN_MIN, 'down');
    expect(at).toBeGreaterThanOrEqual(1004);
    expect(at).toBeLessThanOrEqual(1008);
    // A step away from the limit is a reset (resets.ts), not a level shift toward it.
    expect(lastLevelShiftIndex(v, TEN_MIN, 'up')).toBe(0);
    // Not yet settled: half-way through the write, the window after it is not at the new level.
    expect(lastLevelShiftIndex(v.subarray(0, 1003), TEN_MIN, 'down')).toBe(0);
  });

  it('finds none on a steady fill, a daily cycle or noise', () => {
    expect(
      lastLevelShiftIndex(
        noisy(2000, 4, 0.3, (i) => 60 - 0.01 * i),
        TEN_MIN,
        'down'
      )
    ).toBe(0);
    expect(
      lastLevelShiftIndex(
        noisy(2000, 5, 0.3, (i) => 30 + 10 * Math.sin((2 * Math.PI * i) / 144)),
        TEN_MIN,
        'down'
      )
    ).toBe(0);
    expect(
      lastLevelShiftIndex(
        noisy(2000, 6, 2, () => 40),
        TEN_MIN,
        'down'
      )
    ).toBe(0);
  });
});
