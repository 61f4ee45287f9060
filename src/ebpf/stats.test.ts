import { EbpfModelError } from './errors';
import { summarize } from './stats';

describe('summarize', () => {
  it('takes the middle value, or the mean of the two middle values', () => {
    expect(summarize([3, 1, 2]).median).toBe(2);
    expect(summarize([4, 1, 2, 3]).median).toBe(2.5);
    expect(summarize([7]).median).toBe(7);
  });

  it('reports the range as spread', () => {
    expect(summarize([10, 12, 11])).toEqual({ median: 11, min: 10, max: 12, spread: 2, n: 3 });
  });

  it('rejects empty input and NaN instead of returning NaN', () => {
    expect(() => summarize([])).toThrow(EbpfModelError);
    expect(() => summarize([1, NaN, 2])).toThrow(/finite/);
  });

  it('does not reorder its input', () => {
    const v = [3, 1, 2];
    summarize(v);
    expect(v).toEqual([3, 1, 2]);
  });
});
