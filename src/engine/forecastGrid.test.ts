import { trainRead, MATRIX_SETTINGS } from './context';
import {
  coarseForecastWarning,
  FORECAST_STEP_LIMIT,
  forecastGridStep,
  forecastStepCount,
  pathMarkAt,
  pathValueAt,
} from './forecastGrid';

const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

describe('forecastGridStep', () => {
  it('keeps the call’s step within the limit', () => {
    expect(forecastGridStep(7 * DAY, HOUR, MIN)).toBe(MIN);
    expect(forecastGridStep(400 * DAY, DAY, DAY)).toBe(DAY);
  });

  it.each([
    // [horizon, step, grid]: every step from 15 s to 1 d answers a year.
    [14 * DAY, MIN, 2 * MIN],
    [30 * DAY, 15_000, 4 * MIN],
    [365 * DAY, 15_000, HOUR],
    [365 * DAY, MIN, HOUR],
    [365 * DAY, 5 * MIN, HOUR],
    [365 * DAY, HOUR, HOUR],
    [365 * DAY, DAY, DAY],
  ])('horizon %d ms at step %d: the smallest grid dividing an hour that fits, %d', (horizon, step, grid) => {
    const at = forecastGridStep(horizon, Math.max(step, HOUR), step);
    expect(at).toBe(grid);
    expect(forecastStepCount(horizon, Math.max(step, HOUR), at)).toBeLessThanOrEqual(FORECAST_STEP_LIMIT);
  });

  it('falls back to a divisor of a day, then the smallest that fits', () => {
    // 200 days at 7 s: no multiple of 7 s divides an hour or a day; the smallest that fits is taken.
    const at = forecastGridStep(200 * DAY, HOUR, 7_000);
    expect(at % 7_000).toBe(0);
    expect(forecastStepCount(200 * DAY, HOUR, at)).toBeLessThanOrEqual(FORECAST_STEP_LIMIT);
    expect(forecastStepCount(200 * DAY, HOUR, at - 7_000)).toBeGreaterThan(FORECAST_STEP_LIMIT);
  });
});

describe('trainRead of a forecast', () => {
  it('reads a long horizon’s window at its grid, the rest at the call’s step', () => {
    expect(trainRead({ step: MIN }, MATRIX_SETTINGS, MIN, 'forecast', undefined, 14 * DAY)).toEqual({
      train: 3 * DAY,
      step: 2 * MIN,
    });
    expect(trainRead({ step: MIN }, MATRIX_SETTINGS, MIN, 'forecast', undefined, 7 * DAY).step).toBe(MIN);
    // A 15 s window of 3 days passes the points limit at 15 s; at the 4-minute grid it does not.
    expect(trainRead({ step: 15_000 }, MATRIX_SETTINGS, 15_000, 'forecast_upper', undefined, 30 * DAY)).toEqual({
      train: 3 * DAY,
      step: 4 * MIN,
    });
  });

  it('refuses more than a year where the grid is coarsened, in one line', () => {
    expect(() => trainRead({}, MATRIX_SETTINGS, MIN, 'forecast', undefined, 366 * DAY)).toThrow(
      /^forecast horizon plus refit interval is 527,100 steps at step 1m, more than the limit of 11,000, and a horizon of 366d is beyond the year/
    );
  });
});

describe('reading a coarse path', () => {
  const t = [0, 120, 240];
  const v = [10, 20, 40];
  it('reads points exactly and the line between them, NaN outside', () => {
    expect(pathValueAt(t, v, 120)).toBe(20);
    expect(pathValueAt(t, v, 60)).toBe(15);
    expect(pathValueAt(t, v, 180)).toBe(30);
    expect(pathValueAt(t, v, -60)).toBeNaN();
    expect(pathValueAt(t, v, 300)).toBeNaN();
  });
  it('marks a value beside a marked point', () => {
    const m = Uint8Array.from([0, 0, 1]);
    expect(pathMarkAt(t, m, 120)).toBe(false);
    expect(pathMarkAt(t, m, 180)).toBe(true);
    expect(pathMarkAt(t, m, 60)).toBe(false);
  });
});

it('the warning names the grid, the steps and the limit', () => {
  expect(coarseForecastWarning(14 * DAY, HOUR, MIN, 2 * MIN)).toBe(
    'forecast fitted on a 2m grid (one sample in 2), not step 1m: its horizon of 2w plus the 1h refit interval is 20,220 steps at 1m, more than the limit of 11,000; values between its steps are interpolated'
  );
  expect(coarseForecastWarning(7 * DAY, HOUR, MIN, MIN)).toBeUndefined();
});
