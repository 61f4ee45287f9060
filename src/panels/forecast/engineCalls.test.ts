import { physicalBounds } from './engineCalls';

describe('physicalBounds', () => {
  it('a floor for a value falling to its capacity, a ceiling for usage rising to it', () => {
    expect(physicalBounds('bytes', 0, 'down')).toEqual({ min: 0 });
    expect(physicalBounds('bytes', 500e9, 'up')).toEqual({ max: 500e9 });
    expect(physicalBounds(undefined, undefined, 'up')).toEqual({});
  });

  it('ratios stay in [0, 1] and percentages in [0, 100], within a capacity', () => {
    expect(physicalBounds('percentunit', undefined, 'up')).toEqual({ min: 0, max: 1 });
    expect(physicalBounds('percent', 90, 'up')).toEqual({ min: 0, max: 90 });
    // A capacity outside the unit's range cannot make an empty interval.
    expect(physicalBounds('percentunit', -1, 'up')).toEqual({});
  });
});
