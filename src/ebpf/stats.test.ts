import { EbpfModelError } from './errors';
import { median, summarize } from './stats';

describe('median and summarize', () => {
  it('takes the middle value, or the mean of the two middle values', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(median([7])).toBe(7);
  });

  it('reports the range as spread', () => {
    expect(summarize([10, 12, 11])).toEqual({ median: 11, min: 10, max: 12, spread: 2, n: 3 });
  });

  it('rejects empty input and NaN instead of returning NaN', () => {
    expect(() => median([])).toThrow(EbpfModelError);
    expect(() => median([1, NaN, 2])).toThrow(/finite/);
  });

  it('does not reorder its input', () => {
    const v = [3, 1, 2];
    median(v);
    expect(v).toEqual([3, 1, 2]);
  });
});
