import { quickMedian, quickSelect, solveSymmetric, zForLevel } from './numeric';

describe('numeric helpers', () => {
  it('selects order statistics and medians', () => {
    expect(quickMedian(Float64Array.from([3, 1, 2, 4]), 4)).toBe(2.5);
    expect(quickMedian(Float64Array.from([5, 1, 3]), 3)).toBe(3);
    expect(quickSelect(Float64Array.from([9, 7, 8, 1]), 4, 0)).toBe(1);
    expect(quickMedian(new Float64Array(0), 0)).toBeNaN();
  });

  it('solves a small SPD system and refuses a singular one', () => {
    // 4a + 2b = 2, 2a + 3b = 1 -> a = 0.5, b = 0.
    const x = solveSymmetric(Float64Array.from([4, 2, 2, 3]), Float64Array.from([2, 1]), 2)!;
    expect(x[0]).toBeCloseTo(0.5, 14);
    expect(x[1]).toBeCloseTo(0, 14);
    expect(solveSymmetric(Float64Array.from([1, 1, 1, 1]), Float64Array.from([1, 1]), 2)).toBeNull();
  });

  it('gives the two-sided normal multiplier', () => {
    expect(zForLevel(0.95)).toBeCloseTo(1.959964, 5);
  });
});
