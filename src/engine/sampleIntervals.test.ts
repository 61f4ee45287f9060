import { mostCommonInterval } from './sampleIntervals';
import { fineIndexAt } from './resolution';

describe('mostCommonInterval (the rule the companion and the anomaly panel share)', () => {
  it('ranks intervals by series, each at least the floor, ties to the finer', () => {
    expect(mostCommonInterval([15_000, 60_000, 300_000, 300_000], 60_000)).toEqual([
      [60_000, 2],
      [300_000, 2],
    ]);
    expect(mostCommonInterval([120_000, 300_000, 300_000], 60_000)[0]).toEqual([300_000, 2]);
  });
});

describe('fineIndexAt (onFinerGrid read at one query time)', () => {
  const at = (g: number) => (g >= 0 && g <= 4 * 60_000 ? g / 60_000 : undefined);
  it('reads the highest finite score of the k fine points ending at the time, the band at the last', () => {
    const scores = [0.1, 0.9, NaN, 0.2, 0.3];
    expect(fineIndexAt(scores, at, 180_000, 3, 60_000, true)).toBe(1);
    expect(fineIndexAt(scores, at, 180_000, 3, 60_000, false)).toBe(3);
    // Ties keep the latest; nothing finite in the window is none.
    expect(fineIndexAt([0.5, 0.5, 0.5], at, 120_000, 2, 60_000, true)).toBe(2);
    expect(fineIndexAt([NaN, NaN], at, 60_000, 2, 60_000, true)).toBe(-1);
    expect(fineIndexAt(scores, at, 600_000, 2, 60_000, false)).toBe(-1);
  });
});
