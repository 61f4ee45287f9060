import { alignDown, gridPoints, segmentStart } from './grid';

describe('evaluation grid', () => {
  it('aligns times down to multiples of the step from the epoch', () => {
    expect(alignDown(125_000, 60_000)).toBe(120_000);
    expect(alignDown(120_000, 60_000)).toBe(120_000);
    expect(gridPoints([125_000, 179_999, 180_000], 60_000)).toEqual([120_000, 180_000]);
  });

  it('starts a detector run one training window before the block of g (blocks of 4 windows)', () => {
    const day = 86_400_000;
    // train = 1 day: blocks [0, 4d), [4d, 8d), ...; the run for [4d, 8d) starts at 3d.
    expect(segmentStart(4 * day, day, 60_000)).toBe(3 * day);
    expect(segmentStart(8 * day - 60_000, day, 60_000)).toBe(3 * day);
    expect(segmentStart(8 * day, day, 60_000)).toBe(7 * day);
    // A step that does not divide the day: the start is a grid point at or before.
    expect(segmentStart(8 * day, day, 7 * 60_000) % (7 * 60_000)).toBe(0);
  });
});
