import { mulberry32 } from '../core/prng';
import { Series } from '../types';
import {
  combinationForecaster,
  combinationPeriods,
  combinationMembers,
  combineMedian,
  MEMBERS,
  memberBacktest,
  SELECTED,
  seasonalMean,
} from './combination';
import { windowLimitedBand } from './bandLimit';
import { forecast, initForecasting, prepareForecastInput } from './index';
import { ModelInput, ModelOutput } from './model';

const HOUR = 3_600_000;
const T0 = Date.UTC(2024, 0, 1);

function hourly(n: number, f: (i: number) => number): Series {
  return {
    t: Float64Array.from({ length: n }, (_, i) => T0 + i * HOUR),
    v: Float64Array.from({ length: n }, (_, i) => f(i)),
  };
}

/**
 * A daily cycle that nearly stops at weekends (days 5 and 6 of each week swing a fifth as much), and a
 * little deterministic noise. (A weekend that drops the level would be cut as a reset: resetSegment.ts.)
 */
const weekly = (i: number) =>
  100 + 30 * Math.sin((2 * Math.PI * i) / 24) * (Math.floor(i / 24) % 7 >= 5 ? 0.2 : 1) + 2 * Math.sin(i * 1.7);

const out = (yhat: number[], lower: number[], upper: number[]) => ({
  yhat: Float64Array.from(yhat),
  lower: Float64Array.from(lower),
  upper: Float64Array.from(upper),
});

/**
 * The combination as first written: every member fitted on the whole series, then ranked by the
 * backtest, the best SELECTED of those that fitted kept (the forecaster now fits only the kept ones), the
 * band held within the window's range as the forecaster does (bandLimit.ts).
 */
function allMembersFirst(input: ModelInput): ModelOutput {
  const periods = combinationPeriods(input);
  const members = MEMBERS.map(([, member]) => {
    try {
      const out = member(input, periods, false);
      return out.yhat.every(Number.isFinite) ? out : undefined;
    } catch {
      return undefined;
    }
  });
  const scores = memberBacktest(input, periods);
  const ranked = members
    .map((out, i) => ({ out, score: scores ? scores[i] : 0, i }))
    .filter((m): m is { out: ModelOutput; score: number; i: number } => m.out !== undefined)
    .sort((a, b) => a.score - b.score || a.i - b.i);
  const kept = scores ? ranked.slice(0, SELECTED) : ranked;
  return windowLimitedBand(
    combineMedian(
      kept.map((m) => m.out),
      input.horizon
    ),
    input.filled
  );
}

/** Hourly series with a daily season: seasonal, weekly, trending, noise only, with gaps, below zero, short. */
function generated(): Array<{ name: string; series: Series; horizon: number }> {
  const rand = mulberry32(20261205);
  const shapes = ['daily', 'weekly', 'trend', 'noise', 'gaps', 'negative', 'short'] as const;
  return Array.from({ length: 21 }, (_, k) => {
    const shape = shapes[k % shapes.length];
    const days = shape === 'short' ? 2 + Math.floor(rand() * 3) : 10 + Math.floor(rand() * 12);
    const noise = 0.5 + 8 * rand();
    const slope = (rand() - 0.3) * 0.4;
    const s = hourly(24 * days, (i) => {
      const day = 25 * Math.sin((2 * Math.PI * i) / 24);
      const eps = noise * (rand() - 0.5);
      switch (shape) {
        case 'weekly':
          return weekly(i) + eps;
        case 'trend':
          return 60 + slope * i + day + eps;
        case 'noise':
          return 40 + 4 * eps;
        case 'gaps':
          return rand() < 0.1 ? NaN : 100 + day + eps;
        case 'negative':
          return day + slope * i + eps;
        default:
          return 100 + day + eps;
      }
    });
    return { name: `${shape} #${k}`, series: s, horizon: 1 + Math.floor(rand() * 72) };
  });
}

describe('combination', () => {
  beforeAll(() => initForecasting());

  it('seasonal mean: the mean of the same position in the last three seasons (hand-worked)', () => {
    const y = Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    // Last three seasons of 3: (4,7,10)/3 = 7, (5,8,11)/3 = 8, (6,9,12)/3 = 9.
    const f = seasonalMean(y, 3, 5, 0.95);
    expect(Array.from(f.yhat)).toEqual([7, 8, 9, 7, 8]);
    // Each point of the last season is 6 above the mean of the three seasons before it (10 against
    // (7 + 4 + 1) / 3): sigma 6, and sqrt(2) times that a season further ahead.
    expect(f.upper[0] - f.yhat[0]).toBeCloseTo(1.959964 * 6, 5);
    expect(f.lower[3] - f.yhat[3]).toBeCloseTo(-1.959964 * 6 * Math.SQRT2, 5);
  });

  it('median of the members step by step, bounds by their medians widened by the scale (hand-worked)', () => {
    const members = [out([1, 10], [0, 9], [2, 11]), out([5, 20], [3, 18], [9, 30]), out([3, 0], [1, -5], [4, 1])];
    const f = combineMedian(members, 2, 1);
    expect(Array.from(f.yhat)).toEqual([3, 10]);
    // Lower medians 1 and 9, upper medians 4 and 11.
    expect(Array.from(f.lower)).toEqual([1, 9]);
    expect(Array.from(f.upper)).toEqual([4, 11]);
    const wide = combineMedian(members, 2, 2);
    expect(Array.from(wide.lower)).toEqual([-1, 8]);
    expect(Array.from(wide.upper)).toEqual([5, 12]);
  });

  it('models the week too when the season is a day and two weeks are there', () => {
    const input = (days: number, stepMs: number, period: number) => ({
      period,
      step: stepMs,
      filled: new Float64Array((days * 86_400_000) / stepMs),
    });
    expect(combinationPeriods(input(14, HOUR, 24))).toEqual([24, 168]);
    expect(combinationPeriods(input(13, HOUR, 24))).toEqual([24]);
    expect(combinationPeriods(input(28, 300_000, 288))).toEqual([288, 2016]);
    // A 12-hour season is not a day: no week.
    expect(combinationPeriods(input(28, HOUR, 12))).toEqual([12]);
  });

  it("is auto's forecast on a seasonal series, inside its members' range, with lower <= yhat <= upper", () => {
    const s = hourly(24 * 21, weekly);
    const f = forecast(s, { horizon: 48, season: 24 });
    expect(f.model).toBe('combination');
    const members = combinationMembers(prepareForecastInput(s, { horizon: 48, season: 24 }));
    expect(members).toHaveLength(MEMBERS.length);
    for (let k = 0; k < 48; k++) {
      const ys = members.map((m) => m.yhat[k]);
      expect(f.yhat[k]).toBeGreaterThanOrEqual(Math.min(...ys));
      expect(f.yhat[k]).toBeLessThanOrEqual(Math.max(...ys));
      expect(f.lower[k]).toBeLessThanOrEqual(f.yhat[k]);
      expect(f.upper[k]).toBeGreaterThanOrEqual(f.yhat[k]);
    }
  });

  it('follows a weekly pattern that the last day alone does not show', () => {
    // 19 days from a Monday, ending on a Friday: the next two days are a quiet weekend.
    const n = 24 * 19;
    const s = hourly(n, weekly);
    const f = forecast(s, { horizon: 48, season: 24 });
    const naive = forecast(s, { model: 'seasonal_naive', horizon: 48, season: 24 });
    const mae = (yhat: Float64Array) => yhat.reduce((a, y, k) => a + Math.abs(y - weekly(n + k)), 0) / 48;
    expect(mae(f.yhat)).toBeLessThan(0.5 * mae(naive.yhat));
  });

  it('seasonal mean on exactly three seasons scores its residuals against the seasons before the last (hand-worked)', () => {
    // Three seasons of 3, (1,2,3), (5,6,7), (3,4,9): the forecast is their mean, 3, 4, 19/3. No season
    // lies before all three (the old code scored no residual and gave a band of width 0, as if certain),
    // so the last season is scored against the mean of the two before it: 3 - 3, 4 - 4, 9 - 5, sigma
    // sqrt(16 / 3).
    const y = Float64Array.from([1, 2, 3, 5, 6, 7, 3, 4, 9]);
    const f = seasonalMean(y, 3, 3, 0.95);
    expect(Array.from(f.yhat)).toEqual([3, 4, 19 / 3]);
    expect(f.upper[0] - f.yhat[0]).toBeCloseTo(1.959964 * Math.sqrt(16 / 3), 5);
  });

  it('seasonal mean over more seasons than the data hold uses those there are (hand-worked)', () => {
    const y = Float64Array.from([1, 2, 3, 4, 5, 6]);
    // Seven seasons of 3 asked, two there: (1,4)/2 = 2.5, (2,5)/2 = 3.5, (3,6)/2 = 4.5.
    expect(Array.from(seasonalMean(y, 3, 3, 0.95, 7).yhat)).toEqual([2.5, 3.5, 4.5]);
  });

  it('ranks the members by a backtest on the last points, and skips it when two long seasons would not remain', () => {
    const s = hourly(24 * 21, weekly);
    const input = prepareForecastInput(s, { horizon: 48, season: 24 });
    const scores = memberBacktest(input, combinationPeriods(input))!;
    expect(scores).toHaveLength(MEMBERS.length);
    for (const e of scores) {
      expect(e).toBeGreaterThanOrEqual(0);
    }
    // On a clean weekly pattern, the week-aware log MSTL beats the day-only seasonal naive.
    const name = MEMBERS.map(([n]) => n);
    expect(scores[name.indexOf('log_mstl')]).toBeLessThan(scores[name.indexOf('seasonal_naive')]);
    // 15 days with a 48-step backtest leave 13 days: under two weeks, so no ranking (all members count).
    const short = prepareForecastInput(hourly(24 * 15, weekly), { horizon: 48, season: 24 });
    expect(memberBacktest(short, combinationPeriods(short))).toBeUndefined();
  });

  it('fitting only the kept members gives exactly the forecast of fitting all of them first', () => {
    let ranked = 0;
    for (const c of generated()) {
      const input = prepareForecastInput(c.series, { horizon: c.horizon, season: 24 });
      if (memberBacktest(input, combinationPeriods(input))) {
        ranked++;
      }
      const want = allMembersFirst(input);
      const got = combinationForecaster(input);
      expect({
        case: c.name,
        yhat: Array.from(got.yhat),
        lower: Array.from(got.lower),
        upper: Array.from(got.upper),
      }).toEqual({
        case: c.name,
        yhat: Array.from(want.yhat),
        lower: Array.from(want.lower),
        upper: Array.from(want.upper),
      });
    }
    // Both paths are compared: ranked by the backtest, and too short for it (all members count).
    expect(ranked).toBeGreaterThanOrEqual(10);
    expect(ranked).toBeLessThan(21);
  });

  it('needs a season: refused without one, and auto then chooses by backtest', () => {
    const s = hourly(200, (i) => 50 + 0.2 * i + 3 * Math.sin(i * 1.7));
    expect(() => combinationForecaster(prepareForecastInput(s, { horizon: 12, season: 0 }))).toThrow(/season/);
    expect(forecast(s, { horizon: 12, season: 0 }).model).not.toBe('combination');
  });
});
