import { ENGINE_DEFAULTS, MATRIX_SETTINGS, TTE_DEFAULT_TRAIN, trainCapWarning, trainWindow } from './context';

const DAY = 86_400_000;

describe('training windows', () => {
  test('time to exhaustion has its own default, 7 days, within the points limit and without a warning', () => {
    expect(TTE_DEFAULT_TRAIN).toBe(7 * DAY);
    expect(trainWindow({}, MATRIX_SETTINGS, 300_000, 'time_to_exhaustion')).toBe(7 * DAY);
    // At one minute 7 days are 10,080 points: the default is the last 10,000 (6.9 days), said in the docs.
    expect(trainWindow({}, MATRIX_SETTINGS, 60_000, 'time_to_exhaustion')).toBe(10_000 * 60_000);
    expect(trainCapWarning({}, MATRIX_SETTINGS, 60_000, 'time_to_exhaustion')).toBeUndefined();
  });

  test('train= overrides it, and a train= cut to the limit warns', () => {
    expect(trainWindow({ train: 3 * DAY }, MATRIX_SETTINGS, 60_000, 'time_to_exhaustion')).toBe(3 * DAY);
    expect(trainCapWarning({ train: 30 * DAY }, MATRIX_SETTINGS, 60_000, 'time_to_exhaustion')).toMatch(
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
    expect(trainWindow({ direction: 'down' }, MATRIX_SETTINGS, 300_000, 'trend_slope')).toBe(7 * DAY);
    expect(trainWindow({ direction: 'up' }, MATRIX_SETTINGS, 300_000, 'trend_pvalue')).toBe(7 * DAY);
    expect(trainCapWarning({ direction: 'down' }, MATRIX_SETTINGS, 60_000, 'trend_slope')).toBeUndefined();
    // The forecast's direction= (its bounds) does not move its window.
    expect(trainWindow({ direction: 'down' }, MATRIX_SETTINGS, 300_000, 'forecast')).toBe(3 * DAY);
  });
});
