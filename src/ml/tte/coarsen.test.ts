import { FORECAST_STEP_LIMIT, MAX_FORECAST_STEPS, chooseGrid, coarsen } from './coarsen';

const DAY = 86_400_000;

describe('chooseGrid', () => {
  it('keeps the data step while the horizon fits in MAX_FORECAST_STEPS', () => {
    // 10-min data, 30 days: 4,320 steps.
    expect(chooseGrid(600_000, 30 * DAY, 2016)).toEqual({ factor: 1, step: 600_000, steps: 4320, cut: false });
    expect(MAX_FORECAST_STEPS).toBe(20_000);
  });

  it('one-minute data, 60 days: 86,400 steps need 4.32 -> 5 min (divides a day), 17,280 steps', () => {
    expect(chooseGrid(60_000, 60 * DAY, 20_160)).toEqual({ factor: 5, step: 300_000, steps: 17_280, cut: false });
  });

  it('15 s data, a year: 2,102,400 steps need factor 106; 120 (30 min) is the first that divides a day', () => {
    expect(chooseGrid(15_000, 365 * DAY, 40_320)).toEqual({ factor: 120, step: 1_800_000, steps: 17_520, cut: false });
  });

  it('a short segment limits the factor (100 coarse points), then the step count grows', () => {
    // 2,000 points allow factor 20 (5 min): 105,120 steps for a year is over the limit -> cut.
    expect(chooseGrid(15_000, 365 * DAY, 2000)).toEqual({
      factor: 20,
      step: 300_000,
      steps: FORECAST_STEP_LIMIT,
      cut: true,
    });
    // 6,000 points allow factor 60 (15 min): 35,040 steps, not cut.
    expect(chooseGrid(15_000, 365 * DAY, 6000)).toEqual({ factor: 60, step: 900_000, steps: 35_040, cut: false });
  });

  it('daily data, a year: 365 steps', () => {
    expect(chooseGrid(DAY, 365 * DAY, 120)).toEqual({ factor: 1, step: DAY, steps: 365, cut: false });
  });
});

describe('coarsen', () => {
  it('means over buckets ending at the last point, stamped at their centre', () => {
    const r = coarsen([0, 1, 2, 3, 4, 5], [0, 1, 2, 3, 4, 5], 1, 2);
    expect([...r.t]).toEqual([0.5, 2.5, 4.5]);
    expect([...r.v]).toEqual([0.5, 2.5, 4.5]);
  });

  it('drops an incomplete oldest bucket, skips NaN, leaves NaN for an empty bucket', () => {
    // 0..4 in buckets of 2 ending at 4: {3, 4}, {1, 2}; 0 alone is dropped.
    const r = coarsen([0, 1, 2, 3, 4], [10, 11, NaN, 13, 14], 1, 2);
    expect([...r.t]).toEqual([1.5, 3.5]);
    expect([...r.v]).toEqual([11, 13.5]);
    const gap = coarsen([0, 1, 4, 5], [0, 1, 4, 5], 1, 2);
    expect([...gap.t]).toEqual([0.5, 2.5, 4.5]);
    expect(gap.v[1]).toBeNaN();
  });
});
