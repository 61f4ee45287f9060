import { median } from './median';

describe('median', () => {
  it('takes the middle of an odd count and the mean of the two middles of an even count', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('ignores NaN and infinities, and gives NaN when nothing finite is left', () => {
    expect(median([3, NaN, 1, Infinity, 2])).toBe(2);
    expect(median([NaN])).toBeNaN();
    expect(median([])).toBeNaN();
  });

  it('does not mutate its input', () => {
    const xs = new Float64Array([3, 1, 2]);
    median(xs);
    expect(Array.from(xs)).toEqual([3, 1, 2]);
  });
});
