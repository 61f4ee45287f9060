import { MAD_TO_SIGMA, mad } from './mad';

describe('mad', () => {
  it('is the median absolute deviation from the median (unscaled)', () => {
    // median = 3; |dev| = 2 1 0 1 97 -> median 1
    expect(mad([1, 2, 3, 4, 100])).toBe(1);
    // R: mad(c(1, 2, 3, 4), constant = 1) = 1
    expect(mad([1, 2, 3, 4])).toBe(1);
    expect(mad([7, 7, 7])).toBe(0);
  });

  it('ignores NaN and scales to sigma with 1/qnorm(0.75)', () => {
    expect(mad([NaN, 1, 2, 3])).toBe(1);
    expect(mad([])).toBeNaN();
    expect(MAD_TO_SIGMA).toBeCloseTo(1 / 0.6744897501960817, 12);
  });
});
