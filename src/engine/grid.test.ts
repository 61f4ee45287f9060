import { alignDown, detectorLeadIn, gridPoints, segmentStart } from './grid';

describe('evaluation grid', () => {
  it('aligns times down to multiples of the step from the epoch', () => {
    expect(alignDown(125_000, 60_000)).toBe(120_000);
    expect(alignDown(120_000, 60_000)).toBe(120_000);
    expect(gridPoints([125_000, 179_999, 180_000], 60_000)).toEqual([120_000, 180_000]);
  });

  it('starts a detector run one lead-in before the block of g (blocks of 4 lead-ins)', () => {
    const day = 86_400_000;
    // lead-in = 1 day: blocks [0, 4d), [4d, 8d), ...; the run for [4d, 8d) starts at 3d.
    expect(segmentStart(4 * day, day, 60_000)).toBe(3 * day);
    expect(segmentStart(8 * day - 60_000, day, 60_000)).toBe(3 * day);
    expect(segmentStart(8 * day, day, 60_000)).toBe(7 * day);
    // A step that does not divide the day: the start is a grid point at or before.
    expect(segmentStart(8 * day, day, 7 * 60_000) % (7 * 60_000)).toBe(0);
  });
});

describe('detector lead-in', () => {
  it('is three training windows, or the warm-up when that is longer; blocks are 4 lead-ins', () => {
    const min = 60_000;
    // Training window longer than the warm-up: three windows (one fills the members, two the calibrations).
    expect(detectorLeadIn(1440 * min, 330, min)).toBe(3 * 1440 * min);
    // The default ensemble on a 30-point window judges from point 90: a 90-minute lead-in.
    expect(detectorLeadIn(30 * min, 90, min)).toBe(90 * min);
    // Blocks of 4 × 90 min = 6 h: the run for [6 h, 12 h) starts at 4.5 h, the first one at -1.5 h.
    expect(segmentStart(6 * 60 * min, 90 * min, min)).toBe(270 * min);
    expect(segmentStart(12 * 60 * min - min, 90 * min, min)).toBe(270 * min);
    expect(segmentStart(12 * 60 * min, 90 * min, min)).toBe(630 * min);
    expect(segmentStart(6 * 60 * min - min, 90 * min, min)).toBe(-90 * min);
  });
});
