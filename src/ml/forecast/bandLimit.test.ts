import { finiteRange, halfWidthLimited, heldAfterClamp, windowLimitedBand } from './bandLimit';

const out = {
  yhat: Float64Array.from([1, 2, 4]),
  lower: Float64Array.from([0.5, 0, -40]),
  upper: Float64Array.from([2, 8, 1e6]),
};

describe('halfWidthLimited', () => {
  it('holds each bound within the limit of the forecast, and marks the bounds it moved', () => {
    const held = halfWidthLimited(out, 3, 0.75);
    expect(Array.from(held.lower)).toEqual([0.5, 0, 1]);
    expect(Array.from(held.upper)).toEqual([2, 5, 7]);
    expect(Array.from(held.yhat)).toEqual([1, 2, 4]);
    expect(held.bandHeld).toEqual({ lower: Uint8Array.of(0, 0, 1), upper: Uint8Array.of(0, 1, 1), ranges: 0.75 });
  });

  it('a bound the physical floor or ceiling then set is no longer counted as held', () => {
    const held = halfWidthLimited(out, 3, 0.75).bandHeld;
    expect(heldAfterClamp(held, Uint8Array.of(0, 0, 1), undefined)).toEqual({
      lower: Uint8Array.of(0, 0, 0),
      upper: Uint8Array.of(0, 1, 1),
      ranges: 0.75,
    });
    expect(heldAfterClamp(held, Uint8Array.of(0, 0, 1), Uint8Array.of(0, 1, 1))).toBeUndefined();
    expect(heldAfterClamp(undefined, undefined, undefined)).toBeUndefined();
  });

  it('returns the forecast itself when no bound is past the limit, or there is no limit', () => {
    expect(halfWidthLimited(out, 1e7)).toBe(out);
    expect(halfWidthLimited(out, Infinity)).toBe(out);
  });

  it('limits by 0.75 of the training values’ range, gaps ignored', () => {
    expect(finiteRange([3, NaN, -1, 2])).toBe(4);
    expect(Array.from(windowLimitedBand(out, [3, NaN, -1, 2]).upper)).toEqual([2, 5, 7]);
  });
});
