import {
  ENGINE_DEFAULTS,
  MATRIX_SETTINGS,
  TTE_DEFAULT_TRAIN,
  trainCapWarning,
  trainRead,
  trainWindow,
} from './context';

const DAY = 86_400_000;

describe('training windows', () => {
  test('time to exhaustion has its own default, 14 days, read coarsely beyond the points limit, without a warning', () => {
    expect(TTE_DEFAULT_TRAIN).toBe(14 * DAY);
    expect(trainRead({}, MATRIX_SETTINGS, 300_000, 'time_to_exhaustion')).toEqual({ train: 14 * DAY, step: 300_000 });
    // At one minute 14 days are 20,160 points: read every 3 minutes (6,720), not cut to 6.9 days.
    expect(trainRead({}, MATRIX_SETTINGS, 60_000, 'time_to_exhaustion')).toEqual({ train: 14 * DAY, step: 180_000 });
    expect(trainRead({}, MATRIX_SETTINGS, 15_000, 'time_to_exhaustion')).toEqual({ train: 14 * DAY, step: 150_000 });
    expect(trainCapWarning({}, MATRIX_SETTINGS, 60_000, 'time_to_exhaustion')).toBeUndefined();
  });

  test('train= overrides it, and a longer train= is read coarsely too, never cut', () => {
    expect(trainWindow({ train: 3 * DAY }, MATRIX_SETTINGS, 60_000, 'time_to_exhaustion')).toBe(3 * DAY);
    expect(trainRead({ train: 30 * DAY }, MATRIX_SETTINGS, 60_000, 'time_to_exhaustion')).toEqual({
      train: 30 * DAY,
      step: 300_000,
    });
    expect(trainCapWarning({ train: 30 * DAY }, MATRIX_SETTINGS, 60_000, 'time_to_exhaustion')).toBeUndefined();
  });

  test('other functions cut a window longer than the points limit, and warn', () => {
    expect(trainRead({ train: 30 * DAY }, MATRIX_SETTINGS, 60_000, 'forecast')).toEqual({
      train: 10_000 * 60_000,
      step: 60_000,
    });
    expect(trainCapWarning({ train: 30 * DAY }, MATRIX_SETTINGS, 60_000, 'forecast')).toMatch(
      /43,200 points at step 60s was cut to its last 10,000/
    );
  });

  test('the other functions keep the engine default (3 days)', () => {
    expect(ENGINE_DEFAULTS.train).toBe(3 * DAY);
    expect(trainWindow({}, MATRIX_SETTINGS, 60_000, 'forecast')).toBe(3 * DAY);
    expect(trainWindow({}, MATRIX_SETTINGS, 60_000, 'trend_slope')).toBe(3 * DAY);
    expect(trainWindow({}, MATRIX_SETTINGS, 60_000)).toBe(3 * DAY);
  });

  test("a trend function told where the series heads (direction=) takes time to exhaustion's window", () => {
    expect(trainWindow({ direction: 'down' }, MATRIX_SETTINGS, 300_000, 'trend_slope')).toBe(14 * DAY);
    expect(trainWindow({ direction: 'up' }, MATRIX_SETTINGS, 300_000, 'trend_pvalue')).toBe(14 * DAY);
    // The trend test beside a time to exhaustion that infers its direction from the capacity reads
    // the same samples: 14 days every 3 minutes at 1 minute.
    expect(trainRead({ train: 14 * DAY }, MATRIX_SETTINGS, 60_000, 'trend_pvalue', 100)).toEqual({
      train: 14 * DAY,
      step: 180_000,
    });
    expect(trainCapWarning({ direction: 'down' }, MATRIX_SETTINGS, 60_000, 'trend_slope')).toBeUndefined();
    // The forecast's direction= (its bounds) does not move its window.
    expect(trainWindow({ direction: 'down' }, MATRIX_SETTINGS, 300_000, 'forecast')).toBe(3 * DAY);
  });
});
