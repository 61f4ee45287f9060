import { quantile } from './quantile';

describe('quantile (R type 7)', () => {
  it('matches R quantile(x, p) for hand-worked cases', () => {
    // R: quantile(1:4, c(0, .25, .5, .75, 1)) -> 1.00 1.75 2.50 3.25 4.00
    expect(quantile([1, 2, 3, 4], 0)).toBe(1);
    expect(quantile([1, 2, 3, 4], 0.25)).toBeCloseTo(1.75, 12);
    expect(quantile([4, 3, 2, 1], 0.5)).toBeCloseTo(2.5, 12);
    expect(quantile([1, 2, 3, 4], 0.75)).toBeCloseTo(3.25, 12);
    expect(quantile([1, 2, 3, 4], 1)).toBe(4);
    // R: quantile(c(10, 20, 40), 0.9) -> 36
    expect(quantile([10, 20, 40], 0.9)).toBeCloseTo(36, 12);
  });

  it('ignores NaN, gives NaN for no finite values and rejects p outside [0, 1]', () => {
    expect(quantile([NaN, 5, Infinity], 0.3)).toBe(5);
    expect(quantile([], 0.5)).toBeNaN();
    expect(() => quantile([1], 1.5)).toThrow(RangeError);
    expect(() => quantile([1], NaN)).toThrow(RangeError);
  });
});
