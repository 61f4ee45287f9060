import { alignDown, gridPoints, segmentStart } from './grid';

describe('evaluation grid', () => {
  it('aligns times down to multiples of the step from the epoch', () => {
    expect(alignDown(125_000, 60_000)).toBe(120_000);
    expect(alignDown(120_000, 60_000)).toBe(120_000);
    expect(gridPoints([125_000, 179_999, 180_000], 60_000)).toEqual([120_000, 180_000]);
  });

  it('starts a detector run one training window before the block of g', () => {
    const day = 86_400_000;
    // g in [3d, 4d) → block 3, run starts at 2d: the model has seen 1 to 2 days when it answers.
    expect(segmentStart(3 * day, day, 60_000)).toBe(2 * day);
    expect(segmentStart(4 * day - 60_000, day, 60_000)).toBe(2 * day);
    expect(segmentStart(4 * day, day, 60_000)).toBe(3 * day);
  });
});
