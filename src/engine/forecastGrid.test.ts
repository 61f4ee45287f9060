import { trainRead, MATRIX_SETTINGS } from './context';
import { detailsOnMatrix } from './evaluate';
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

describe('the step limit holds exactly on a coarse grid', () => {
  // 5485 minutes at 15 s, refitted every 15 minutes: on the 30 s grid the path the fit makes (the
  // horizon plus the refit interval, less one step of the call, and one more to interpolate) is
  // 11,001 steps; the count of the horizon plus the refit interval in 30 s steps said 11,000.
  const horizon = 5485 * MIN;
  const refit = 15 * MIN;

  it('counts the path the fit makes, and takes the next grid that holds it', () => {
    expect(forecastStepCount(horizon, refit, 30_000, 15_000)).toBe(11_001);
    expect(forecastGridStep(horizon, refit, 15_000)).toBe(45_000);
    expect(forecastStepCount(horizon, refit, 45_000, 15_000)).toBe(7_334);
  });

  it('a count of exactly the limit is kept; one more is not', () => {
    // 14 days at 1 minute with the hourly refit is 10,111 steps on the 2-minute grid: within a limit of
    // 10,111, past one of 10,110.
    expect(forecastGridStep(14 * DAY, HOUR, MIN, 10_111)).toBe(2 * MIN);
    expect(forecastGridStep(14 * DAY, HOUR, MIN, 10_110)).toBe(3 * MIN);
  });

  it("the engine's fit makes at most the limit's steps", async () => {
    const STEP = 15_000;
    const n = 3 * 5760;
    const values = Float64Array.from({ length: n }, (_, i) => 100 + i / 100 + Math.sin(i / 50));
    const [[{ detail }]] = await detailsOnMatrix(
      { from: 0, step: STEP, series: [{ labels: {}, values }] },
      [{ func: 'forecast', inner: 'm', horizon, options: { step: STEP, refit, model: 'linear' } }],
      (n - 1) * STEP
    );
    expect(detail?.family).toBe('forecast');
    const path = detail?.family === 'forecast' ? detail.forecast.t.length : NaN;
    expect(path).toBeGreaterThan(1_000);
    expect(path).toBeLessThanOrEqual(FORECAST_STEP_LIMIT);
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
