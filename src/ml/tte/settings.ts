/**
 * The tuned settings of time to exhaustion's decision rules, in one place so that the eval
 * (`npm run eval -- tte`) can choose them by leave-one-family-out cross-validation rather than on the
 * scenarios it reports. Every door uses {@link DEFAULT_TTE_SETTINGS}; only the eval changes them, for
 * the duration of a call ({@link withTteSettings}), and asks the forecast to be shared between the
 * settings it compares ({@link sharedFit}) so a sweep costs one fit per evaluation.
 */
import { DAY_SEASON_MS } from '../trend/acrossDays';

export interface TteSettings {
  /**
   * One-sided significance a Mann-Kendall trend toward the limit needs before a fill may be declared
   * against a Sen's slope that points away from it (the trend gate).
   */
  gateAlpha: number;
  /** Shortest segment (ms) the parabola may be fitted on (curvedTrend.ts). */
  curveMinSpanMs: number;
  /** Teeth whose extreme came within this share of the limit were ended by it (an OOM kill), not rotated. */
  teethMargin: number;
  /**
   * What a declared fill needs from the trend test: 0, only that it is not against a Sen's slope that
   * points away from the limit without a significant trend toward it (the earlier gate); 1, a trend
   * toward the limit significant at gateAlpha (Mann-Kendall on the segment); 2, the same across daily
   * cycles once the segment holds two of them (seasonal Mann-Kendall, a day per season).
   */
  gateMode: number;
  /**
   * 1: Holt's local trend is a candidate only when it models a seasonal period (two whole seasons in
   * the segment); 0: always (trendCandidates.ts).
   */
  holtNeedsSeason: number;
  /**
   * How much lower (relative) the best trend candidate's backtest score must be before it replaces the
   * simplest one (forecast/trendCandidates.ts chooseTrendModel): a margin against flips on small
   * differences from refit to refit.
   */
  choiceMargin: number;
  /**
   * How many times the model's out-of-sample drift per step widens the interval at each step ahead
   * (tte/driftInterval.ts); 0 keeps the model's own interval.
   */
  driftScale: number;
  /**
   * How many times the day-to-day spread of the daily rate, grown like a random walk with drift's
   * interval, widens the interval (tte/rateSpread.ts); 0 never.
   */
  rateScale: number;
  /**
   * For a segment without a seasonal period, how the trend backtest scores each hold-out
   * (forecast/trendCandidates.ts trendBacktest): 0, step by step; w > 0, by the mean error over each
   * of w equal windows of it. Step by step, the noise of each sample dominates the error and hides the
   * bias of a straight line on an accelerating fill; a window's mean keeps the bias and averages the
   * noise.
   */
  trendWindows: number;
  /**
   * A segment younger than this (ms) right after a reset carries the fill rate of the whole, steady
   * tooth before it (carryRate.ts); 0 never does. Shipped: two days, the forecast's own carry
   * (trend/acrossDays.ts DAY_SEASON_MS, forecast/youngSegment.ts).
   */
  carryRateMs: number;
  /**
   * z > 0: a tooth that begins where the data begin, inside the training window (the series was born
   * there: a volume created, a process started), counts as whole for carryRateMs, as the one-restart
   * rule counts it (oneRestart.ts), when the reset landed closer to the limit than that tooth began by
   * more than z standard deviations of the difference (a clean-up that freed less than was written, not
   * a restart to the baseline; carryRate.ts landedCloser); 0: only a tooth between two resets is
   * carried. Without it, the first clean-up of a young disk had no answer on its own sample and
   * `no_trend` six hours later on a noisy one.
   */
  carryBirthZ: number;
  /**
   * 1: when the window begins mid-tooth (the series is older than the window and a single reset is in
   * it), the tooth from the window's start counts for carryRateMs as a whole one does, if it filled
   * steadily in each quarter (carryRate.ts carriedAcrossReset); 0: it is never carried. One rule for
   * time to exhaustion and forecast() (forecast/youngSegment.ts), which read this setting alike.
   */
  carryPartialTooth: number;
  /**
   * One-sided level of the test a tooth must pass before its rate is carried across a reset
   * (carryRate.ts carriedTooth, tte/toothGate.ts), its own setting apart from gateAlpha (the same
   * 0.005; 0.02 and 0.05 tied with it under leave-one-family-out, docs/forecasting.md).
   */
  carryGateAlpha: number;
  /**
   * That test (tte/toothGate.ts): 0, Mann-Kendall in each quarter (before; at 5 values a quarter no p
   * goes under 0.043); 1, each quarter's slope against the whole tooth's noise; 2, the whole tooth's
   * Newey-West trend with no quarter significantly slower; 3, 0 or 2 (shipped: the demo's api-1 after
   * a restart at 20 minutes to an hour; 0 and 3 tied under leave-one-family-out).
   */
  carryGate: number;
  /**
   * With a seasonal period but under three seasons in the segment (nothing for the trend backtest to
   * score), the model used: 0, the line; 1, the Prophet-style trend with its daily and weekly terms
   * (forecast/trendCandidates.ts unscoredTrendModel).
   */
  shortSeasonModel: number;
  /**
   * A curve (the parabola or the exponential) is also admitted without its backtest lead over the
   * straight candidates when the segment accelerates toward where it is heading (the parabola's vertex
   * before its first quarter) and the curvature's t statistic with a Newey-West standard error over up
   * to a day (models/quadratic.ts hacCurvatureT) is at least this; 0 never (forecast/curvedTrend.ts).
   * 1.5 (was 3), chosen by leave-one-family-out cross-validation over 1.5 / 2 / 3: on the noisy
   * accelerating disk two to three days in, the curvature's |t| is 1.2-2.7 (white noise: the
   * Newey-West t equals the plain one there), and the line read four to six times too late.
   */
  curveHacT: number;
  /**
   * 1: the parabola is admitted only when it accelerates toward where it is heading (its vertex before
   * the segment's first quarter); 0: also when it slows (a vertex after the data, where its forecast is
   * held flat: a fill that stops), as long as it does not turn within the data (forecast/curvedTrend.ts).
   */
  curveNeedsAcceleration: number;
  /**
   * 1: the interval of an admitted curve is the union of its own and the other curve's (the parabola's
   * and the exponential's), both fitted to the segment: which curve an acceleration follows is what a
   * few days cannot tell apart; 0: the chosen curve's alone (forecast/index.ts).
   */
  curveUnion: number;
  /**
   * Resets that recur (recurringResets.ts): the teeth's extremes are taken to trend toward (or away
   * from) the limit only when their Sen's line moves across them by more than this many robust
   * standard deviations of the series' one-step differences; otherwise they are held at the last
   * one. 0: any slope counts (with two teeth, the noise's sign decided whether a log rotation fills).
   */
  troughZ: number;
  /**
   * On the seasonal path (a period detected, `auto`'s choice not a curve), the trend model is replaced
   * by the seasonal line (forecast/seasonalLine.ts: a line around a free profile of the season, its
   * slope from differences a season apart): 0 never; 1 when the segment holds two whole weeks; 2 also,
   * failing that, when it holds two of the detected period.
   */
  seasonalLine: number;
}

export const DEFAULT_TTE_SETTINGS: Readonly<TteSettings> = {
  gateAlpha: 0.005,
  curveMinSpanMs: 86_400_000,
  teethMargin: 0.02,
  gateMode: 2,
  holtNeedsSeason: 1,
  choiceMargin: 0.25,
  driftScale: 2,
  rateScale: 2,
  trendWindows: 1,
  carryRateMs: DAY_SEASON_MS,
  carryBirthZ: 2,
  carryPartialTooth: 1,
  carryGateAlpha: 0.005,
  carryGate: 3,
  shortSeasonModel: 1,
  curveHacT: 1.5,
  curveNeedsAcceleration: 1,
  curveUnion: 1,
  troughZ: 1,
  seasonalLine: 2,
};

let active: Readonly<TteSettings> = DEFAULT_TTE_SETTINGS;
let shared: Map<string, unknown> | undefined;

/** The settings in force. */
export function tteSettings(): Readonly<TteSettings> {
  return active;
}

/**
 * Runs `fn` with `overrides` in force (for the eval's cross-validation; calls must not overlap). With
 * `share`, forecasts are kept in `share` by their input and reused by later calls.
 */
export async function withTteSettings<T>(
  overrides: Partial<TteSettings>,
  fn: () => Promise<T>,
  share?: Map<string, unknown>
): Promise<T> {
  const before = active;
  const beforeShared = shared;
  active = { ...DEFAULT_TTE_SETTINGS, ...overrides };
  shared = share;
  try {
    return await fn();
  } finally {
    active = before;
    shared = beforeShared;
  }
}

/** `make()`, or the value a call of the same sweep made under `key` (outside a sweep: always `make()`). */
export function sharedFit<T>(key: () => string, make: () => T): T {
  if (!shared) {
    return make();
  }
  const k = key();
  if (shared.has(k)) {
    return shared.get(k) as T;
  }
  const value = make();
  shared.set(k, value);
  return value;
}
