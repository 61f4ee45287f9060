/**
 * Time to exhaustion: when will a series reach a limit (a ceiling for 'up', a floor for 'down')?
 *
 * `timeToExhaustion(series, { capacity, direction, model?, horizon?, now?, level?, bounds? })` returns
 * {@link TimeToExhaustion}:
 * - `verdict`: 'exhausted' (the last value is at or past the limit), 'within' (the point forecast reaches
 *   it within the horizon), 'beyond_horizon' (not within the horizon, but the Mann-Kendall trend toward
 *   the limit is significant at settings.ts `gateAlpha`: it is heading there, later), 'no_trend' (not within
 *   the horizon and no significant trend toward the limit).
 * - `seconds`: from `now` until the point forecast first reaches `capacity` (linear interpolation between
 *   forecast steps); `+Infinity` when it does not within the horizon; 0 when the limit is already
 *   reached (`alreadyExceeded`).
 * - `lower`, `upper`: the same crossing for the edges of the prediction interval (coverage `level`): the
 *   pessimistic edge gives `lower` (it may be finite while `seconds` is +Infinity: "could happen by
 *   then"), the optimistic edge gives `upper` (+Infinity when it stays clear of the limit). The model's
 *   interval is widened by its out-of-sample drift, which grows with the steps ahead (driftInterval.ts),
 *   and by the day-to-day spread of the daily rate (rateSpread.ts).
 * - `confidence` in [0, 1]: how much to trust `seconds`. For a finite crossing: (one-sided Mann-Kendall
 *   probability of a trend toward the limit) x (lower / upper, or 0.5 lower / seconds when upper is
 *   +Infinity). For +Infinity: `clear` = 1 when even the pessimistic edge stays clear of the limit over
 *   the horizon, else lower / horizon; with 'no_trend' that is the confidence, with 'beyond_horizon' it is
 *   multiplied by 1 - 0.5 min(1, horizon / sensSlopeSeconds) (0.5 when Sen's slope would reach the limit
 *   by the horizon's end), so a "not within the horizon" with a significant trend toward the limit
 *   never gets 1.
 * - `horizonSeconds`: the horizon searched (the requested one unless `warnings` says it was cut);
 *   `forecastStepSeconds`: the step the forecast ran on. Long horizons run on a coarser step, the data
 *   averaged over it (coarsen.ts), so any horizon up to a year is searched at any step from 15 s to 1 d.
 * - `sensSlopeSeconds`: seconds until the limit at Sen's slope from the last value (+Infinity when the
 *   slope is zero or points away): a straight-line figure for answers beyond the horizon.
 * - `model`: the forecaster used (default 'auto': chosen by backtest among the trend-following models,
 *   see forecast/trendCandidates.ts; 'holt' is Holt-Winters with an undamped trend, a candidate only
 *   with a seasonal period, 'quadratic' a parabola and 'exponential' multiplicative growth for
 *   accelerating fills, used only when the parabola accelerates (it neither turns nor slows to a stop
 *   ahead) and they clearly win the backtest, or the segment accelerates with a curvature significant
 *   against residuals correlated over a day, forecast/curvedTrend.ts admitCurve); a curve's interval is the
 *   union of its own and the other curve's (which curve an acceleration follows is what a few days
 *   cannot tell apart). On the seasonal path (a period detected, the choice not a curve) and a segment
 *   of two whole weeks, else two of the detected period, 'seasonal_line' replaces the choice
 *   (settings.ts `seasonalLine`, forecast/seasonalLine.ts): a line around a free profile of that
 *   season, its slope from differences a season apart, which no shape repeating with it tilts.
 * - `trend`: Mann-Kendall test of the segment; `slopePerSecond`: its Sen's slope (the straight line of
 *   `sensSlopeSeconds`).
 * - `gate`: the trend test that declares a fill (below): its slope (across days when the test was),
 *   its one-sided p-value toward the limit, the level, whether it ran across daily cycles, and whether
 *   it is significant. Views print it beside the time (gate.slopePerSecond with gate.pValue), so the
 *   trend they show is the one the verdict used.
 * - `segmentStart`: timestamp (ms) of the first value after the last reset (see resets.ts) or settled
 *   level shift toward the limit (never before the data begins, when the window reaches before it) (a one-off write, levelShift.ts: a new level, not a trend), whichever
 *   is later; only that segment is used. `resets` tells whether a reset was found, `levelShiftAt` is set
 *   when the segment starts after a level shift.
 * - `withinHorizon`: true for 'within' and 'exhausted'.
 * - A crossing of the point forecast is declared only when a trend toward the limit is significant
 *   (one-sided, settings.ts `gateAlpha`, 0.5 %): Mann-Kendall on the segment, the seasonal test with a
 *   day per season once the segment holds two days, so part of a daily cycle, a burst or a short noisy
 *   segment is not read as a fill. Otherwise the answer is 'no_trend' with a warning giving the
 *   forecast's crossing, so a forecast never contradicts the trend test printed beside it.
 * - A segment younger than settings.ts `carryRateMs` after a reset, when the tooth before it is whole
 *   (between two resets, or begun with the series inside the window when the single reset landed
 *   closer to the limit than it began by more than settings.ts `carryBirthZ` standard deviations: a
 *   young disk's first clean-up, or begun at a reset that values read before the window show,
 *   `windowStart`), or cut by the window's start and the reset landed that clearly
 *   away from where the data began (settings.ts `carryPartialTooth`), and filled steadily, carries
 *   that tooth's rate by the rule forecast() uses too (carryRate.ts carriedAcrossReset): the tooth, moved
 *   by the reset's step, is judged with the segment; `carriedAcross` is the reset's time, `segmentStart`
 *   the tooth's start, and a warning says so.
 * - Resets that recur like clockwork (log rotation; recurringResets.ts, `resetPeriodSeconds`): when the
 *   next reset is due before the segment's crossing and the teeth stay clear of the limit over the
 *   horizon, the answer is 'no_trend' (+Infinity), with a warning giving the crossing the segment alone
 *   would have had; its confidence is lower / (time to the next reset) when the pessimistic edge could
 *   still cross first. Teeth whose extreme came within 2 % (settings.ts `teethMargin`) of the limit
 *   were ended by it (a process killed at its memory limit and restarted): those resets are the limit
 *   being reached, and the segment's crossing stands.
 * - One reset seen (oneRestart.ts), too few for a pattern: when the tooth before it is whole (it begins
 *   where the series begins, inside the window), filled toward the limit, stayed clear of it, and the
 *   reset brought the series back to where that tooth began (a
 *   restart to its baseline, not a clean-up that frees less than was written), the next reset is
 *   expected one tooth later; a crossing after it is not declared while it is ahead: 'no_trend' with
 *   `nextResetAt`, `resetsSeen` 1, a warning giving the segment's crossing (`segmentAloneSeconds`, as
 *   with recurring resets), and a confidence of at most 0.5 (one reset does not show that resets recur).
 *   Both rules hold a reset due at `now` itself as still ahead, and one due before it as overdue
 *   (resetStillAhead).
 * - `lastValue`: the last finite value used. `warnings`: anything that limits the answer, with figures;
 *   a 'no_trend' or 'beyond_horizon' answer from data spanning under a week says a weekly cycle
 *   cannot yet be told from a trend.
 * `now` (ms, default the last timestamp) cuts off later data, so a past `now` replays history.
 * `horizon` is in ms (default 30 days). `bounds` ({ min?, max? }) are physical limits the forecast is
 * clamped to (e.g. free bytes >= 0).
 * Errors (MlError): 'bad_input' for a non-finite capacity, a bad direction, horizon or bounds;
 * 'not_enough_data' when fewer than 3 finite values remain in the segment; plus those of `forecast()`.
 */
import { formatSpan } from '../../common/duration';
import { prepareSeries } from '../core/prepare';
import { isForecastModel, unknownModelMessage } from '../../common/models';
import {
  FORECAST_IMPLEMENTATIONS,
  ForecastModel,
  checkLevelAndSeason,
  forecast,
  prepareForecastInput,
} from '../forecast';
import { Bounds, checkBounds, clampToBounds } from '../forecast/bounds';
import { TREND_CANDIDATES } from '../forecast/trendCandidates';
import { CURVES } from '../forecast/curvedTrend';
import { SEASONAL_LINE, seasonalLineForecaster, seasonalLineInstead } from '../forecast/seasonalLine';
import { MannKendallResult, mannKendall, seasonalMannKendall } from '../trend/mannKendall';
import { perSecond, sensSlope } from '../trend/sensSlope';
import { seasonalSensSlope } from '../trend/seasonalSensSlope';
import { MlError, Series } from '../types';
import { FORECAST_STEP_LIMIT, chooseGrid, coarsen } from './coarsen';
import { driftPerStep, firstPoints, widenForDrift } from './driftInterval';
import { noRateSpreadWarning, readDailyRateSpread, widenForRate } from './rateSpread';
import { carriedAcrossReset, firstFiniteFrom, spliceTooth, toothOpening, windowIndex } from './carryRate';
import { oneRestart } from './oneRestart';
import { recurringResets } from './recurringResets';
import { lastLevelShiftIndex } from './levelShift';
import { lastResetIndex } from './resets';
import { sharedFit, tteSettings } from './settings';
import { daySeasonPoints } from '../trend/acrossDays';

export interface TimeToExhaustionOptions {
  /** The limit: a ceiling when direction is 'up', a floor (e.g. 0 bytes free) when 'down'. */
  capacity: number;
  direction: 'up' | 'down';
  /** Forecaster (default 'auto'). */
  model?: ForecastModel;
  /** How far ahead to look, in ms (default 30 days). */
  horizon?: number;
  /** Evaluation time in ms (default: the last timestamp); later points are ignored. */
  now?: number;
  /** Coverage of the interval the bounds come from (default 0.95). */
  level?: number;
  /** Seasonal period passed to the forecaster (default 'auto'). */
  season?: 'auto' | number;
  /** Physical limits of the value (e.g. { min: 0 } for free bytes); the forecast is clamped to them. */
  bounds?: Bounds;
  /**
   * Start (ms) of the training window when the series holds values read before it (a door's look-back
   * of up to carryRate.ts LANDING_POINTS values): those are read only to tell whether a reset begins
   * the window's first tooth (carryRate.ts resetBeginsWindow), never fitted. Default: the series' start.
   */
  windowStart?: number;
  /**
   * What cut the series given to its start, in words, when a limit did rather than the history (the
   * engine's training-points limit at a fine step): a warning that the data are too short names it.
   */
  dataLimit?: string;
}

/** What the answer says; see the module comment. */
export type TimeToExhaustionVerdict = 'exhausted' | 'within' | 'beyond_horizon' | 'no_trend';

export interface TimeToExhaustion {
  /** Seconds from `now` until the point forecast reaches the limit; +Infinity when not within the horizon. */
  seconds: number;
  /** Crossing of the pessimistic edge of the interval. */
  lower: number;
  /** Crossing of the optimistic edge of the interval (+Infinity when it stays clear). */
  upper: number;
  /** How much to trust `seconds` (or the "not within the horizon"), 0..1. */
  confidence: number;
  /** Forecaster used ('none' when already exhausted). */
  model: string;
  alreadyExceeded: boolean;
  withinHorizon: boolean;
  /** 'exhausted' | 'within' | 'beyond_horizon' | 'no_trend'. */
  verdict: TimeToExhaustionVerdict;
  /** The horizon searched, in seconds. */
  horizonSeconds: number;
  /** Step of the forecast that was searched, in seconds (0 when already exhausted). */
  forecastStepSeconds: number;
  /** Seconds to the limit at Sen's slope from the last value; +Infinity when not moving toward it. */
  sensSlopeSeconds: number;
  trend: MannKendallResult;
  slopePerSecond: number;
  segmentStart: number;
  resets: boolean;
  lastValue: number;
  /** Limits of the answer, each with its figure (e.g. a horizon cut); empty when none. */
  warnings: string[];
  /**
   * Start (ms) of the segment when it begins after a settled level shift toward the limit (a one-off
   * write, levelShift.ts) rather than after a reset; absent otherwise.
   */
  levelShiftAt?: number;
  /**
   * Time (ms) of the reset a young segment carried the fill rate across (carryRate.ts): the answer was
   * judged on the whole tooth before it, moved by the reset's step, and the segment; absent otherwise.
   */
  carriedAcross?: number;
  /**
   * Median spacing of resets that recur like clockwork (log rotation), in seconds; with one reset seen
   * and read as the start of a pattern (oneRestart.ts, `resetsSeen` 1), the span of the tooth before it
   * (a lower bound of the spacing); absent otherwise.
   */
  resetPeriodSeconds?: number;
  /** How many resets the pattern of `resetPeriodSeconds` rests on (1: one restart, a guess); absent without one. */
  resetsSeen?: number;
  /**
   * When the next of those resets is due (ms; recurringResets.ts `nextAt`), so a view can end the line
   * there; absent otherwise, and when it is overdue (before the evaluation time).
   */
  nextResetAt?: number;
  /**
   * Seconds from `now` until the segment since the last reset alone would reach the limit, when a reset
   * expected before it (recurring, or one restart read as the first of a pattern) kept the answer
   * 'no_trend': the crossing its warning gives, so a view can print it beside "not full before the next
   * reset" in the same words. Absent otherwise.
   */
  segmentAloneSeconds?: number;
  /** The trend test that decides whether a fill is declared (see the module comment), as views print it. */
  gate: TrendGate;
  /**
   * The forecast the crossings were searched on (point and interval, widened for drift, on
   * `forecastStepSeconds`), so a view can draw the line whose crossing is `seconds`; absent when no
   * forecast was fitted (already exhausted). When the verdict is 'no_trend' but the point forecast
   * reaches the limit within the horizon (a warning gives that crossing), it ends before the step that
   * reaches it (`pathCut`): no view draws a crossing the verdict denies. Starts one step after the
   * segment's last grid time.
   */
  path?: { t: Float64Array; yhat: Float64Array; lower: Float64Array; upper: Float64Array };
  /**
   * The path ends before a crossing the 'no_trend' verdict denies: a view whose horizon reaches past
   * its end draws no forecast rather than a line stopping short of the limit. Absent otherwise.
   */
  pathCut?: true;
}

/**
 * Time to exhaustion's own trend test, the one that declares a fill: Mann-Kendall on the segment
 * toward the limit, one-sided, across daily cycles (seasonal, a day per season) once the segment holds
 * two of them. Views print this test beside the time, so the trend they show is the one it used.
 */
export interface TrendGate {
  /**
   * The slope that goes with the test, per second: the seasonal Kendall slope (pairs a day apart in the
   * same slot) when `acrossDays`, else Sen's slope over the segment (the top-level `slopePerSecond`).
   */
  slopePerSecond: number;
  /** One-sided p-value of a trend toward the limit. */
  pValue: number;
  /** The level it must be below (settings.ts `gateAlpha`, 0.005). */
  alpha: number;
  /** True when the seasonal test (across daily cycles) was used. */
  acrossDays: boolean;
  /** pValue < alpha: a trend toward the limit is significant. */
  significant: boolean;
}

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;

/**
 * The warning of a "not within the horizon" answer read from under a week of data. No figure in it:
 * a range query refits hourly, and one text is said once (windowedFits.ts), where a span would differ
 * at every refit.
 */
const UNDER_A_WEEK_WARNING =
  'not within the horizon, from under a week of data: a weekly cycle (a weekday rise, a weekend fall) ' +
  'cannot yet be told from a trend, so a fill it hides would not show';

/**
 * Highest confidence of a 'no_trend' that rests on one reset read as the start of a pattern
 * (oneRestart.ts): one reset does not show that resets recur, and a late one lets the crossing happen.
 */
const ONE_RESTART_CONFIDENCE = 0.5;

/**
 * Whether a reset due at `nextAt` (ms) is still ahead at the evaluation time `now`, for both reset rules
 * (recurring and one restart): one due at `now` itself is not late yet, its sample may not show it (a
 * burst deleted on the last sample, its drop under the reset's 6-sigma threshold on a noisy disk, read
 * as a fill: 2.7 d on "disk bursts (never)", a burst every 13 h evaluated 132 h in). Only a reset due
 * before `now` is overdue.
 */
export function resetStillAhead(nextAt: number, now: number): boolean {
  return nextAt >= now;
}

/** First time (ms) at which `y` reaches `capacity` in `direction`, interpolated; Infinity if never. */
function firstCrossing(
  t0: number,
  y0: number,
  t: Float64Array,
  y: Float64Array,
  capacity: number,
  up: boolean
): number {
  let prevT = t0;
  let prevY = y0;
  for (let k = 0; k < t.length; k++) {
    const reached = up ? y[k] >= capacity : y[k] <= capacity;
    if (reached) {
      const frac = y[k] === prevY ? 1 : Math.min(1, Math.max(0, (capacity - prevY) / (y[k] - prevY)));
      return prevT + frac * (t[k] - prevT);
    }
    prevT = t[k];
    prevY = y[k];
  }
  return Infinity;
}

/** What identifies a result within a settings sweep (settings.ts): its input, options and curve gate. */
function fitKey(input: Series, options: object, curveSpan: boolean): string {
  let sum = 0;
  let sq = 0;
  for (let i = 0; i < input.v.length; i++) {
    const x = input.v[i];
    if (Number.isFinite(x)) {
      sum += x * (1 + (i % 7));
      sq += x * x;
    }
  }
  return `${input.t[0]}:${input.t[input.t.length - 1]}:${input.t.length}:${sum}:${sq}:${curveSpan}:${JSON.stringify(options)}`;
}

/**
 * What time to exhaustion answers when the trend test alone decides it, before any forecast is fitted:
 * no trend toward the limit is significant, by the gate's test and the plain one (and, with the earlier
 * gate, settings.ts `gateMode` 0, Sen's slope points away), so every branch after the fit answers
 * 'no_trend' with `seconds` and `upper` +Infinity whatever the forecast says. `lower`, `confidence`,
 * `model` and the warnings need the forecast and are not given. Undefined when the fit is needed (or
 * the limit is already reached: timeToExhaustion answers that without a fit). Same errors as
 * timeToExhaustion, the forecaster's refusals of the options included; a forecaster's refusal of the
 * data (a non-finite forecast from values near the float limit) is not reached.
 *
 * @example noTrendBeforeFit(series, { capacity: 0, direction: 'down' }) ?? timeToExhaustion(series, { capacity: 0, direction: 'down' })
 */
export function noTrendBeforeFit(series: Series, options: TimeToExhaustionOptions): NoTrendBeforeFit | undefined {
  return noTrendAnswer(beforeFit(series, options), options);
}

/**
 * `noTrendBeforeFit(series, options) ?? timeToExhaustion(series, options)`, with the segment and the
 * trend test computed once: the time to exhaustion, without a forecast where the trend test alone
 * decides it. The answer has no `lower` exactly when it was decided without a forecast.
 */
export function timeToExhaustionBeforeFit(
  series: Series,
  options: TimeToExhaustionOptions
): TimeToExhaustion | NoTrendBeforeFit {
  const b = beforeFit(series, options);
  return noTrendAnswer(b, options) ?? (b.exhausted ? exhaustedAnswer(b) : afterFit(b, options));
}

/** {@link noTrendBeforeFit} of what beforeFit computed. */
function noTrendAnswer(b: BeforeFit, options: TimeToExhaustionOptions): NoTrendBeforeFit | undefined {
  const gateBlocks = b.settings.gateMode > 0 ? !b.gatePasses : !Number.isFinite(b.base.sensSlopeSeconds);
  if (b.exhausted || !gateBlocks || b.significantToward) {
    return undefined;
  }
  // The forecaster's refusals of the options, as on the full path (which fits unless exhausted).
  const model = options.model ?? 'auto';
  if (!isForecastModel(model)) {
    throw new MlError('unknown_model', unknownModelMessage('forecast', model));
  }
  checkLevelAndSeason(options);
  return { ...b.base, verdict: 'no_trend', seconds: Infinity, upper: Infinity };
}

/** The answer of {@link noTrendBeforeFit}: the fields of {@link TimeToExhaustion} known without a forecast. */
export type NoTrendBeforeFit = Pick<
  TimeToExhaustion,
  | 'trend'
  | 'slopePerSecond'
  | 'sensSlopeSeconds'
  | 'segmentStart'
  | 'resets'
  | 'levelShiftAt'
  | 'carriedAcross'
  | 'lastValue'
  | 'gate'
> & { verdict: 'no_trend'; seconds: number; upper: number };

/**
 * @example timeToExhaustion({ t, v: bytesFree }, { capacity: 0, direction: 'down' }).seconds / 86400 // days left
 */
export function timeToExhaustion(series: Series, options: TimeToExhaustionOptions): TimeToExhaustion {
  const b = beforeFit(series, options);
  return b.exhausted ? exhaustedAnswer(b) : afterFit(b, options);
}

/** Everything time to exhaustion computes before the forecast: the segment, the trend test and the gate. */
function beforeFit(series: Series, options: TimeToExhaustionOptions) {
  const { capacity, direction } = options;
  if (!Number.isFinite(capacity)) {
    throw new MlError('bad_input', `capacity must be a finite number, got ${capacity}`);
  }
  if (direction !== 'up' && direction !== 'down') {
    throw new MlError(
      'bad_input',
      `direction must be 'up' (rising to a ceiling) or 'down' (falling to a floor), got ${direction}`
    );
  }
  const horizonMs = options.horizon ?? 30 * DAY_MS;
  if (!(horizonMs > 0 && Number.isFinite(horizonMs))) {
    throw new MlError('bad_input', `horizon must be a positive number of milliseconds, got ${horizonMs}`);
  }
  checkBounds(options.bounds);
  const up = direction === 'up';
  const prepared = prepareSeries(series);
  const now = options.now ?? prepared.t[prepared.t.length - 1];
  if (options.now !== undefined && !Number.isFinite(options.now)) {
    throw new MlError('bad_input', `now must be a timestamp in ms, got ${options.now}`);
  }
  let end = prepared.t.length;
  while (end > 0 && prepared.t[end - 1] > now) {
    end--;
  }
  // A training window longer than the history (a 30-day window over a 15-day series) starts with
  // missing values: they hold nothing, and left in they would change the segment and the model choice,
  // so a window as long as the history and a longer one give the same answer.
  // Values before the window's start are a look-back, read only for the reset that may begin its tooth.
  const windowFrom = windowIndex(prepared.t, options.windowStart, end);
  const first = firstFiniteFrom(prepared.v, windowFrom, end);
  const t = prepared.t.subarray(first, end);
  const v = prepared.v.subarray(first, end);
  // None of this depends on the settings: a sweep (settings.ts) computes it once per input.
  const inputKey = () => `${direction}:${fitKey({ t, v }, {}, false)}`;
  const { resetStart, shiftStart } = sharedFit(
    () => `segment:${inputKey()}`,
    () => ({
      resetStart: lastResetIndex(v, direction, prepared.stepMs),
      // A settled step toward the limit (a one-off write) is a new level, not a trend: start after it too.
      shiftStart: lastLevelShiftIndex(v, prepared.stepMs, direction),
    })
  );
  const start = Math.max(resetStart, shiftStart);
  const settings = tteSettings();
  // A segment too young to show its own rate after a reset carries the tooth before it, by the rule
  // forecast() uses too (carryRate.ts carriedAcrossReset): the tooth, moved by the reset's step, is
  // judged with it. A tooth begun with the series inside the window (born: the window reaches
  // before the data) only when the reset clearly landed closer to the limit than it began: a clean-up,
  // not a restart to the baseline (the one-restart rule's case, oneRestart.ts).
  // Read back before the window (a door's look-back): a reset at or just before its first value makes
  // its first tooth whole, which the landing check alone read as a restart to the baseline.
  const { born, afterReset } = toothOpening(
    prepared.v.subarray(0, end),
    windowFrom,
    resetStart,
    direction,
    prepared.stepMs
  );
  const carried =
    start === resetStart
      ? sharedFit(
          () =>
            `carry:${settings.carryRateMs}:${settings.carryGate}:${settings.carryGateAlpha}:${settings.carryBirthZ}:${born ? '' : settings.carryPartialTooth}:${afterReset}:${inputKey()}`,
          () => carriedAcrossReset(t, v, direction, resetStart, settings, prepared.stepMs, born, afterReset)
        )
      : undefined;
  const segT = t.subarray(carried ? carried.from : start);
  const segV = carried ? spliceTooth(v, resetStart, carried) : v.subarray(start);
  const segKey = () => `${carried ? `carried ${carried.from} ${carried.offset}:` : ''}${inputKey()}`;
  let finite = 0;
  let lastValue = NaN;
  for (let i = 0; i < segV.length; i++) {
    if (Number.isFinite(segV[i])) {
      finite++;
      lastValue = segV[i];
    }
  }
  if (finite < 3) {
    throw new MlError(
      'not_enough_data',
      `time to exhaustion needs at least 3 finite values since the last reset, got ${finite}`
    );
  }
  const { trend, slopePerSecond } = sharedFit(
    () => `trend:${segKey()}`,
    () => ({ trend: mannKendall(segV), slopePerSecond: perSecond(sensSlope(segT, segV).slope) })
  );
  const distance = capacity - lastValue;
  const sensSlopeSeconds =
    slopePerSecond !== 0 && distance / slopePerSecond >= 0 ? distance / slopePerSecond : Infinity;
  const towardP = (up ? trend.z > 0 : trend.z < 0) ? 1 - trend.pValue / 2 : trend.pValue / 2;
  // The gate's test: across daily cycles (seasonal Mann-Kendall, a day per season) once the segment's
  // data spans two of them, so part of a cycle is not read as a fill; the plain test on shorter ones.
  // The span counts from the first value: a training window longer than the history (a 3-day window
  // over a 40-minute series) starts with missing values, which hold no cycle.
  const dayPoints = daySeasonPoints(segV, prepared.stepMs);
  let firstValue = 0;
  while (firstValue < segV.length && !Number.isFinite(segV[firstValue])) {
    firstValue++;
  }
  const gateTest =
    settings.gateMode === 2 && dayPoints > 0
      ? sharedFit(
          () => `seasonal:${segKey()}`,
          () => seasonalMannKendall(segV, dayPoints)
        )
      : trend;
  const gateToward = (up ? gateTest.z > 0 : gateTest.z < 0) ? 1 - gateTest.pValue / 2 : gateTest.pValue / 2;
  const significantToward = towardP > 1 - settings.gateAlpha;
  const gatePasses = gateToward > 1 - settings.gateAlpha;
  const gate: TrendGate = {
    // The slope that goes with the test: within a day's slot across days when it ran that way (a part
    // of the daily cycle tilts the plain Sen's slope: the demo's web-1 root read -41 B/s beside a test
    // across days at p = 0.985 away from the limit).
    slopePerSecond:
      gateTest === trend
        ? slopePerSecond
        : sharedFit(
            () => `seasonal slope:${segKey()}`,
            () => perSecond(seasonalSensSlope(segT, segV, dayPoints).slope)
          ),
    // Computed as it reads, not 1 - gateToward, which would round a tiny p-value to 0.
    pValue: (up ? gateTest.z > 0 : gateTest.z < 0) ? gateTest.pValue / 2 : 1 - gateTest.pValue / 2,
    alpha: settings.gateAlpha,
    acrossDays: gateTest !== trend,
    significant: gatePasses,
  };
  const base = {
    trend,
    slopePerSecond,
    sensSlopeSeconds,
    // Where the segment's data begins, not the start of a window that reaches before the history.
    segmentStart: segT[firstValue],
    resets: resetStart > 0,
    ...(carried ? { carriedAcross: t[resetStart] } : {}),
    ...(shiftStart > resetStart ? { levelShiftAt: segT[0] } : {}),
    lastValue,
    gate,
  };

  return {
    capacity,
    direction,
    up,
    now,
    horizonMs,
    t,
    v,
    resetStart,
    segT,
    segV,
    finite,
    lastValue,
    trend,
    sensSlopeSeconds,
    base,
    towardP,
    settings,
    gateTest,
    significantToward,
    gatePasses,
    inputKey,
    stepMs: prepared.stepMs,
    // The window reaches before the series' first value: the data begin inside it (a process or a
    // volume that started then), not where the window was cut.
    begunInWindow: born,
    exhausted: up ? lastValue >= capacity : lastValue <= capacity,
  };
}

type BeforeFit = ReturnType<typeof beforeFit>;

/**
 * The answer when the last value is at or past the limit: no forecast needed. When every value of the
 * window is past it, the limit or the direction is more likely wrong than the resource exhausted for
 * the whole window (`time_to_exhaustion(free_bytes, 0, "direction=up")` would page for every disk), so
 * the answer says so.
 */
function exhaustedAnswer(b: BeforeFit): TimeToExhaustion {
  const past = (x: number) => (b.up ? x >= b.capacity : x <= b.capacity);
  const allPast = b.v.every((x) => Number.isNaN(x) || past(x));
  return {
    ...b.base,
    seconds: 0,
    lower: 0,
    upper: 0,
    confidence: 1,
    model: 'none',
    alreadyExceeded: true,
    withinHorizon: true,
    verdict: 'exhausted',
    horizonSeconds: b.horizonMs / 1000,
    forecastStepSeconds: 0,
    warnings: allPast
      ? [
          `every value in the window is already ${b.up ? 'at or above' : 'at or below'} the limit ${b.capacity} ` +
            `(direction=${b.up ? 'up' : 'down'}): unless it has been exhausted all along, check the limit and the direction`,
        ]
      : [],
  };
}

/**
 * The forecast path up to the step before its point forecast first reaches the limit (none when the
 * first step does), flagged as cut: the part a view may draw beside a 'no_trend' verdict.
 */
function cutBeforeCrossing(
  f: { t: Float64Array; yhat: Float64Array; lower: Float64Array; upper: Float64Array },
  capacity: number,
  up: boolean
): Pick<TimeToExhaustion, 'path' | 'pathCut'> {
  const k = f.yhat.findIndex((y) => (up ? y >= capacity : y <= capacity));
  if (k <= 0) {
    return k === 0 ? { pathCut: true } : { path: { t: f.t, yhat: f.yhat, lower: f.lower, upper: f.upper } };
  }
  const [t, yhat, lower, upper] = [f.t, f.yhat, f.lower, f.upper].map((a) => a.slice(0, k));
  return { path: { t, yhat, lower, upper }, pathCut: true };
}

/** The forecast, its crossings and the verdict. */
function afterFit(b: BeforeFit, options: TimeToExhaustionOptions): TimeToExhaustion {
  const { capacity, direction, up, now, horizonMs, t, v, resetStart, segT, segV, finite, lastValue, trend } = b;
  const { sensSlopeSeconds, base, towardP, settings, gateTest, significantToward, gatePasses, inputKey } = b;
  const { stepMs, begunInWindow } = b;
  const probe = prepareSeries({ t: segT, v: segV });
  const dataStep = probe.stepMs > 0 ? probe.stepMs : horizonMs;
  const lastT = segT[segT.length - 1];
  const grid = chooseGrid(dataStep, horizonMs + (now - lastT), finite);
  const input = grid.factor > 1 ? coarsen(segT, segV, dataStep, grid.step) : { t: segT, v: segV };
  const lastGridT = input.t[input.t.length - 1];
  const steps = Math.max(1, Math.min(FORECAST_STEP_LIMIT, Math.ceil((now + horizonMs - lastGridT) / grid.step)));
  const searchedMs = Math.min(horizonMs, lastGridT + steps * grid.step - now);
  const warnings: string[] = [];
  if (base.carriedAcross !== undefined) {
    // Absolute times: the companion serves this fit until the next refit, so "ago" counted from the fit
    // read "the reset 0 ms ago" on a restart at the fit time, 40 minutes after it.
    const age = now - base.carriedAcross;
    warnings.push(
      `the segment since the reset at ${utcMinute(base.carriedAcross)} ` +
        `(${age > 0 ? `${formatSpan(age)} before the fit` : 'the fit time'}) is too young to show its own rate: ` +
        `judged with the steady tooth before it (since ${utcMinute(segT[0])}), moved by the reset's step`
    );
  }
  if (searchedMs < horizonMs) {
    warnings.push(
      `horizon cut to ${formatSpan(searchedMs)} of ${formatSpan(horizonMs)}: ` +
        `${FORECAST_STEP_LIMIT} steps of ${grid.step / 1000} s (the segment is too short for a coarser step)`
    );
  }
  const forecastOptions = {
    model: options.model ?? 'auto',
    horizon: steps,
    season: options.season,
    level: options.level,
    step: grid.step,
    purpose: 'exhaustion' as const,
  };
  // The settings the fit depends on: whether the segment is long enough for the parabola, whether Holt
  // needs a season, and the margin.
  const curveSpan = input.t[input.t.length - 1] - input.t[0] >= settings.curveMinSpanMs;
  const fitOf = () =>
    `${settings.holtNeedsSeason}:${settings.trendWindows}:${settings.shortSeasonModel}:${settings.curveHacT}:` +
    `${settings.curveNeedsAcceleration}:${settings.curveUnion}:` +
    fitKey(input, { ...forecastOptions, choiceMargin: settings.choiceMargin }, curveSpan);
  const chosen = sharedFit(fitOf, () => forecast(input, forecastOptions));
  // The seasonal path: a straight choice through whole weekly cycles is tilted by the weekly shape
  // (forecast/seasonalLine.ts); computed after the shared fit, so a sweep of the setting refits nothing.
  const fit =
    settings.seasonalLine > 0 && (options.model ?? 'auto') === 'auto'
      ? sharedFit(
          () => `seasonalLine:${settings.seasonalLine}:${fitOf()}`,
          () => seasonalLineInstead(chosen, prepareForecastInput(input, forecastOptions), settings.seasonalLine, CURVES)
        )
      : chosen;
  // A carried tooth's drift and daily rates are read on the tooth alone, before the splice: a hold-out
  // or a day's change across it reads any error of the reset's measured step as a slope (carryRate.ts
  // samePhaseOffset), grown 70-100 times to the crossing. The whole spliced segment when the tooth is
  // too short for them.
  const splice = base.carriedAcross === undefined ? input.t.length : input.t.findIndex((x) => x >= base.carriedAcross!);
  // The interval grows with the horizon by the model's out-of-sample drift (driftInterval.ts); with
  // driftScale 0 (the eval's sweep) it keeps the model's own, and the drift is not measured.
  const drift =
    settings.driftScale > 0
      ? sharedFit(
          () => `drift:${splice}:${fit.model}:${fitOf()}`,
          () => {
            const fn =
              TREND_CANDIDATES[fit.model] ??
              (fit.model === SEASONAL_LINE ? seasonalLineForecaster : undefined) ??
              FORECAST_IMPLEMENTATIONS[fit.model as keyof typeof FORECAST_IMPLEMENTATIONS];
            if (!fn) {
              return NaN;
            }
            const whole = prepareForecastInput(input, forecastOptions);
            // On the forecast's grid, which may hold rows the input lacks.
            const cut = splice < input.t.length ? whole.t.findIndex((x) => x >= base.carriedAcross!) : -1;
            const onTooth = cut > 0 ? driftPerStep(firstPoints(whole, cut), fn) : NaN;
            return Number.isFinite(onTooth) ? onTooth : driftPerStep(whole, fn);
          }
        )
      : NaN;
  const f = { ...fit, lower: Float64Array.from(fit.lower), upper: Float64Array.from(fit.upper) };
  widenForDrift(f.yhat, f.lower, f.upper, drift, settings.driftScale, fit.level);
  // And by the day-to-day spread of the daily rate (rateSpread.ts), which few refits cannot see.
  // Said when it cannot be read, not silent: the interval lacks a term the shipped setting adds to
  // other answers (listed last, after what changed the answer itself).
  let noSpread: string | undefined;
  if (settings.rateScale > 0) {
    const toothSpread =
      splice > 0 && splice < input.t.length
        ? readDailyRateSpread(input.t.subarray(0, splice), input.v.subarray(0, splice), grid.step)
        : undefined;
    const spread =
      toothSpread && !('missing' in toothSpread) ? toothSpread : readDailyRateSpread(input.t, input.v, grid.step);
    if ('missing' in spread) {
      noSpread = noRateSpreadWarning(spread, grid.step, {
        since:
          base.carriedAcross !== undefined
            ? 'segment'
            : base.levelShiftAt !== undefined
              ? 'level shift'
              : base.resets
                ? 'reset'
                : 'window',
        limit: options.dataLimit,
      });
    } else {
      widenForRate(f.yhat, f.lower, f.upper, spread, grid.step, settings.rateScale, fit.level);
    }
  }
  // Clamped after widening, not in the fit: a band clamped first widens from the bound, and its edge
  // lifted off a floor at the limit never reached it (an upper bound of +Inf with min 0, capacity 0).
  clampToBounds([f.yhat, f.lower, f.upper], options.bounds);
  const horizonSeconds = searchedMs / 1000;
  // Crossings past the horizon searched count as "not within the horizon".
  const fromNow = (ms: number) => {
    const s = Number.isFinite(ms) ? Math.max(0, (ms - now) / 1000) : Infinity;
    return s <= horizonSeconds ? s : Infinity;
  };
  let seconds = fromNow(firstCrossing(lastT, lastValue, f.t, f.yhat, capacity, up));
  // Whether the point forecast reaches the limit within the horizon, before any verdict overrides it.
  const forecastCrosses = Number.isFinite(seconds);
  const pessimistic = up ? f.upper : f.lower;
  const optimistic = up ? f.lower : f.upper;
  let lower = Math.min(seconds, fromNow(firstCrossing(lastT, lastValue, f.t, pessimistic, capacity, up)));
  let upper = Math.max(seconds, fromNow(firstCrossing(lastT, lastValue, f.t, optimistic, capacity, up)));
  let verdict: TimeToExhaustionVerdict;
  let confidence: number;
  const pattern =
    resetStart > 0
      ? sharedFit(
          () => `pattern:${inputKey()}`,
          () => recurringResets(t, v, direction, stepMs)
        )
      : undefined;
  // A reset already due (overdue: the restart did not come, the tooth runs on past where the teeth
  // ended) is no reset ahead: the leak heads to its limit now, and no view may end its line there.
  const resetAhead = pattern !== undefined && resetStillAhead(pattern.nextAt, now);
  const untilNextReset = pattern ? (pattern.nextAt - now) / 1000 : Infinity;
  // The troughs' trend counts only when their net change clears the noise of two samples (troughZ):
  // with few teeth, a slope from noise alone would decide whether a sawtooth with no trend fills.
  const troughsMove = pattern !== undefined && !(Math.abs(pattern.troughChange) <= settings.troughZ * pattern.stepSd);
  const troughAtEnd = pattern
    ? pattern.troughs[pattern.troughs.length - 1] +
      (troughsMove ? pattern.troughSlopePerMs * (now + searchedMs - pattern.lastTroughT) : 0)
    : NaN;
  // Teeth that reached the limit (within 2 % of it) were ended by it: an OOM kill, not a rotation.
  const margin = settings.teethMargin * Math.abs(capacity);
  const teethReachedLimit = pattern
    ? up
      ? Math.max(...pattern.troughs) >= capacity - margin
      : Math.min(...pattern.troughs) <= capacity + margin
    : false;
  // One reset seen, a restart to the baseline of a tooth that stayed clear of the limit (oneRestart.ts):
  // read as the first of a pattern until the next one, one tooth later, is overdue. Only when the tooth
  // before it is whole, begun with the series itself inside the window: a tooth cut by the window's
  // start would make the answer depend on where the window begins (a 3-day window began mid-tooth on
  // the demo's volume, and "full in 12 d" after its clean-up became "no trend").
  const restart =
    resetStart > 0 && begunInWindow && pattern === undefined && base.levelShiftAt === undefined
      ? sharedFit(
          () => `restart:${settings.gateAlpha}:${settings.troughZ}:${inputKey()}`,
          () => oneRestart(t, v, direction, settings.gateAlpha, settings.troughZ, stepMs)
        )
      : undefined;
  const untilRestart = restart ? (restart.nextAt - now) / 1000 : Infinity;
  // Whether the branch below that reads it answered (the trend gate's refusal comes first).
  let restartRuled = false;
  // The crossing a reset ahead denied (its warning's "alone would reach the limit in ...").
  let segmentAloneSeconds = Infinity;
  const restartHolds =
    restart !== undefined &&
    resetStillAhead(restart.nextAt, now) &&
    (up ? restart.trough < capacity - margin : restart.trough > capacity + margin) &&
    Number.isFinite(seconds) &&
    seconds >= untilRestart;
  if (
    pattern &&
    resetAhead &&
    !teethReachedLimit &&
    (up ? troughAtEnd < capacity : troughAtEnd > capacity) &&
    !(seconds < untilNextReset)
  ) {
    // Rotation-like resets come before the crossing and the teeth stay clear of the limit.
    segmentAloneSeconds = seconds;
    const nearest = up ? Math.max(...pattern.troughs) : Math.min(...pattern.troughs);
    warnings.push(
      `resets recur every ${formatSpan(pattern.everyMs)} (${pattern.count} found) and each tooth ` +
        `stayed clear of the limit (nearest ${nearest.toPrecision(4)}); the segment since the last reset ` +
        `${base.carriedAcross !== undefined ? 'at the rate of the tooth before it' : 'alone'} ` +
        (Number.isFinite(seconds)
          ? `would reach it in ${formatSpan(seconds * 1000)}`
          : 'would not reach it within the horizon')
    );
    seconds = Infinity;
    lower = lower < untilNextReset ? lower : Infinity;
    upper = Infinity;
    verdict = 'no_trend';
    confidence = Number.isFinite(lower) ? lower / untilNextReset : 1;
  } else if (
    Number.isFinite(seconds) &&
    (settings.gateMode > 0 ? !gatePasses : !significantToward && !Number.isFinite(sensSlopeSeconds))
  ) {
    // The trend test beside the forecast does not support it: no trend toward the limit is significant
    // (and Sen's slope may even point away). A fill is declared only on a significant trend toward it;
    // a short noisy segment or the start of a burst would otherwise read as one.
    const against = Number.isFinite(sensSlopeSeconds) ? '' : "Sen's slope points away from it and ";
    warnings.push(
      `the ${f.model} forecast would reach the limit in ${formatSpan(seconds * 1000)}, but ${against}` +
        `no trend toward it is significant (${gateTest === trend ? '' : 'across daily cycles, '}p = ${gateTest.pValue.toPrecision(2)}); not declared`
    );
    seconds = Infinity;
    upper = Infinity;
    verdict = 'no_trend';
    confidence = Number.isFinite(lower) ? lower / horizonSeconds : 1;
  } else if (restart && restartHolds) {
    restartRuled = true;
    segmentAloneSeconds = seconds;
    warnings.push(
      `one reset seen (${utcMinute(restart.resetAt)}), after a tooth of ${formatSpan(restart.toothMs)} since ` +
        `the data began that filled toward the limit and stayed clear of it (nearest ${restart.trough.toPrecision(4)}), ` +
        `and it brought the series back to where that tooth began: not declared before the next reset if it comes ` +
        `as late again (${utcMinute(restart.nextAt)}); the segment alone would reach the limit in ` +
        `${formatSpan(seconds * 1000)}. One reset does not show that resets recur: confidence at most ${ONE_RESTART_CONFIDENCE}`
    );
    seconds = Infinity;
    lower = lower < untilRestart ? lower : Infinity;
    upper = Infinity;
    verdict = 'no_trend';
    confidence = Math.min(ONE_RESTART_CONFIDENCE, Number.isFinite(lower) ? lower / untilRestart : 1);
  } else if (Number.isFinite(seconds)) {
    verdict = 'within';
    const precision = Number.isFinite(upper)
      ? upper > 0
        ? lower / upper
        : 1
      : seconds > 0
        ? (0.5 * lower) / seconds
        : 0.5;
    confidence = towardP * precision;
  } else {
    // How sure "not within the horizon" is: the pessimistic edge crossing early lowers it, and so does a
    // trend toward the limit that would get there soon after the horizon (0.5 at the horizon's end).
    const clear = Number.isFinite(lower) ? lower / horizonSeconds : 1;
    // The gate's test, not the plain one: the answer must agree with the gate it reports (across daily
    // cycles, a daily fall-and-rise is no trend, though the plain test reads its long falls as one).
    if (settings.gateMode > 0 ? gatePasses : significantToward) {
      verdict = 'beyond_horizon';
      const eta = sensSlopeSeconds;
      const late = Number.isFinite(eta) ? 1 - 0.5 * Math.min(1, horizonSeconds / eta) : 0.5;
      confidence = clear * late;
    } else {
      verdict = 'no_trend';
      confidence = clear;
    }
  }
  // Under a week of data holds no week: "not within the horizon" may be a weekly cycle's rise over a
  // fill (free space stepping up on a Monday), which no model of these days can tell from a trend
  // (docs/forecasting.md "The 20 misses left"). Said, so the answer is read for the days it saw.
  const spanMs = t[t.length - 1] - t[0];
  if ((verdict === 'no_trend' || verdict === 'beyond_horizon') && spanMs < WEEK_MS) {
    warnings.push(UNDER_A_WEEK_WARNING);
  }
  return {
    ...base,
    seconds,
    lower,
    upper,
    confidence: Math.min(1, Math.max(0, confidence)),
    model: f.model,
    alreadyExceeded: false,
    withinHorizon: Number.isFinite(seconds),
    verdict,
    horizonSeconds,
    forecastStepSeconds: grid.step / 1000,
    warnings: noSpread ? [...warnings, noSpread] : warnings,
    // A line that reaches the limit is not drawn beside a 'no_trend' verdict (its warning gives the
    // crossing and why it was not declared): a view would show a crossing the answer denies.
    ...(verdict === 'no_trend' && forecastCrosses
      ? cutBeforeCrossing(f, capacity, up)
      : { path: { t: f.t, yhat: f.yhat, lower: f.lower, upper: f.upper } }),
    ...(pattern ? { resetPeriodSeconds: pattern.everyMs / 1000 } : {}),
    ...(resetAhead ? { nextResetAt: pattern.nextAt } : {}),
    ...(pattern ? { resetsSeen: pattern.count } : {}),
    ...(restart && restartRuled
      ? { resetPeriodSeconds: restart.toothMs / 1000, nextResetAt: restart.nextAt, resetsSeen: 1 }
      : {}),
    ...(Number.isFinite(segmentAloneSeconds) ? { segmentAloneSeconds } : {}),
  };
}

/** 2026-12-06 12:00 UTC: a time in a warning, true whenever the warning is read. */
function utcMinute(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
