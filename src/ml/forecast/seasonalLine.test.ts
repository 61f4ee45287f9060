/**
 * The seasonal line (seasonalLine.ts) and time to exhaustion's seasonal path over two whole weeks: a
 * fill under a weekday/weekend swing and a daily cycle, whose straight line is tilted by where the
 * window begins in the week.
 */
import { mulberry32 } from '../core/prng';
import { timeToExhaustion } from '../tte';
import { fitSeasonalLine, seasonalLineSeason } from './seasonalLine';

const MIN = 60_000;
const DAY = 1440 * MIN;
const WEEK = 7 * DAY;
const STEP = 10 * MIN;

/** Weekday load against the weekend, a smooth square wave in [-1, 1] (as the eval's families). */
const weekly = (x: number) => Math.tanh(4 * Math.sin((2 * Math.PI * (x - 0.5 * DAY)) / WEEK));
const daily = (x: number) => Math.sin((2 * Math.PI * x) / DAY);

/** Free space (%) from 80 reaching 0 on `fillDay` through the cycles, sampled every 10 min over [from, to) days. */
function weeklyFill(fillDay: number, from: number, to: number) {
  const rand = mulberry32(3);
  const signal = (x: number) => 80 * (1 - x / (fillDay * DAY)) + 4 * daily(x) + 6 * weekly(x);
  const n = Math.round(((to - from) * DAY) / STEP);
  const t = Float64Array.from({ length: n }, (_, i) => from * DAY + (i + 1) * STEP);
  const v = t.map((x) => {
    const g = Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
    return signal(x) + 0.5 * g;
  });
  // The truth: the first time the noiseless signal reaches 0 after the last sample (5-minute scan).
  let x = t[n - 1];
  while (signal(x) > 0) {
    x += 5 * MIN;
  }
  return { t, v, truthDays: (x - t[n - 1]) / DAY };
}

it('the slope comes from differences a season apart: no repeating shape tilts it', () => {
  // Two seasons of 10 steps: a sawtooth shape repeated, plus 0.5 per step.
  const shape = [9, 0, 1, 2, 3, 4, 5, 6, 7, 8];
  const v = Float64Array.from({ length: 20 }, (_, i) => shape[i % 10] + 0.5 * i);
  const fit = fitSeasonalLine(v, 10, 1);
  expect(fit.slope).toBeCloseTo(0.5, 12);
  expect(fit.profile[0]).toBeCloseTo(9, 12);
  expect(fit.profile[3]).toBeCloseTo(2, 12);
});

it.each([
  // Windows of 14 days beginning 3.5 and 11 days into the weekly cycle: a straight line read them as
  // not full within 90 days and as 89 d (the eval's weekly+daily family, seed 1, days 17.5 and 25).
  [3.5, 17.5],
  [11, 25],
])('a weekly+daily fill over two whole weeks (from day %s to %s): within 15 %% of the truth', (from, to) => {
  const s = weeklyFill(70, from, to);
  const r = timeToExhaustion(s, { capacity: 0, direction: 'down', horizon: 90 * DAY });
  expect(r.verdict).toBe('within');
  expect(Math.abs(r.seconds / 86400 - s.truthDays)).toBeLessThan(0.15 * s.truthDays);
  expect(r.model).toBe('seasonal_line');
  expect(r.lower).toBeLessThanOrEqual(s.truthDays * 86400);
  expect(r.upper).toBeGreaterThanOrEqual(s.truthDays * 86400);
});

describe('seasonalLineSeason: a week only where a week of whole steps keeps its time of the week', () => {
  const input = (step: number, weeks: number, period = 0) => ({
    v: new Float64Array(Math.round((weeks * WEEK) / step)),
    step,
    period,
  });

  it('a step that divides a week: the week, however many weeks', () => {
    expect(seasonalLineSeason(input(STEP, 2))).toBe(1008);
    expect(seasonalLineSeason(input(STEP, 8))).toBe(1008);
  });

  it('an 11-minute step, 4 minutes off the clock a week: not the week, the detected season instead', () => {
    // 916 steps are 10,076 minutes; over two weeks the slots drift 8 minutes, more than half a step.
    expect(seasonalLineSeason(input(11 * MIN, 2, 131))).toBe(131);
    expect(seasonalLineSeason(input(11 * MIN, 2), true)).toBe(0);
  });

  it('a step whose remainder stays within half a step over the segment: the week', () => {
    // 7 days / 1,001 steps: 10,080 minutes less 0.07 of a step a week, 0.14 over two weeks.
    const step = (WEEK / 1001) * (1 + 0.07 / 1001);
    expect(seasonalLineSeason(input(step, 2))).toBe(1001);
  });
});
