/**
 * The combination forecast `auto` uses on seasonal series (M4's lesson, Makridakis et al. 2020:
 * combinations of simple statistical models beat picking one of them). Nine simple members:
 * - seasonal naive (the last season repeated);
 * - MSTL + AutoETS (augurs) on the logarithm of the values, over every season the data holds: the
 *   detected one and, when it is a day and at least two weeks are there, the week (on the values
 *   themselves when one is <= 0);
 * - MSTL + AutoETS on the values over the detected season only;
 * - the mean of the same position in the last three longest seasons (three weeks, or days), and in
 *   the last seven detected seasons (seven days);
 * - the seasonal analogue (seasonalAnalogue.ts) over the longest season, from the last three of them
 *   and from the last one;
 * - double-seasonal exponential smoothing (Taylor 2003; models/doubleSeasonal.ts) on the logarithm;
 * - Holt-Winters (ETS A,Ad,A) over the detected season.
 *
 * Per series, the members are ranked by one backtest: each is fitted on the data before the last
 * `min(horizon, n / 5)` points and scored on them (mean absolute error). Only the best {@link SELECTED}
 * are then fitted on the whole series (a member that fails there gives its place to the next), and
 * the forecast is their median, step by step (FFORMA's idea, Montero-Manso et al. 2020, that how well a
 * member did on this series should weigh, in its most robust form: no weights, a median of three).
 * When the backtest cannot hold two of the longest seasons, all members take part. The members, the
 * number kept and the backtest were chosen by rolling-origin cross-validation on the M4 Hourly
 * training series (three origins 48 h apart; docs/forecasting.md).
 *
 * Interval: the median of the kept members' lower and upper bounds (each member's own, uncalibrated),
 * scaled around the forecast by {@link INTERVAL_SCALE}, chosen by the same cross-validation so that
 * 95 % intervals hold the held-out values about 95 % of the time, then each bound held within 0.75
 * times the window's range of the forecast (bandLimit.ts): far ahead, the members' random-walk bands,
 * exponential on the logarithms, otherwise grow without limit.
 *
 * Needs augurs' WebAssembly (`initForecasting()`) and a season; without a season it is not used.
 */
import { zForLevel } from '../models/numeric';
import { MlError } from '../types';
import { augursMstl } from './augursLoader';
import { widened } from './calibration';
import { doubleSeasonalForecast } from '../models/doubleSeasonal';
import { holtWintersForecaster } from './forecasters';
import { holdOutInput } from './holdOut';
import { Forecaster, ModelInput, ModelOutput } from './model';
import { seasonalNaiveForecaster } from './naive';
import { seasonalAnalogue } from './seasonalAnalogue';
import { windowLimitedBand } from './bandLimit';

const DAY_MS = 86_400_000;
/** How many of the longest seasons the seasonal mean averages. */
const MEAN_SEASONS = 3;

/** How many of the members, best by the series' own backtest, the median takes. */
export const SELECTED = 3;

/**
 * Half-width multiplier of the combined interval, chosen by rolling-origin cross-validation on the M4
 * Hourly training series (three origins; coverage of the 95 % interval 0.938 at 1.0, 0.949 at 1.1;
 * calibration.ts, docs/forecasting.md).
 */
export const INTERVAL_SCALE = 1.1;

/** The seasons the MSTL members model: the detected period, and the week when it is a day. */
export function combinationPeriods(input: Pick<ModelInput, 'period' | 'step' | 'filled'>): number[] {
  const p = input.period;
  const week = 7 * p;
  const isDay = Math.abs(p * input.step - DAY_MS) < input.step / 2;
  return isDay && input.filled.length >= 2 * week ? [p, week] : [p];
}

/** augurs MSTL + AutoETS on `y` for `periods`, with its interval at `level`. */
function mstlOn(y: Float64Array, periods: number[], horizon: number, level: number): ModelOutput {
  const mod = augursMstl();
  if (!mod) {
    throw new MlError(
      'bad_input',
      'the combination needs the augurs WebAssembly module: call and await initForecasting() first'
    );
  }
  const model = mod.ets(periods);
  try {
    model.fit(y);
    const f = model.predict(horizon, level);
    const yhat = Float64Array.from(f.point);
    const lower = f.intervals ? Float64Array.from(f.intervals.lower) : Float64Array.from(yhat);
    const upper = f.intervals ? Float64Array.from(f.intervals.upper) : Float64Array.from(yhat);
    return { yhat, lower, upper };
  } finally {
    model.free();
  }
}

/**
 * A member's forecast; `onLogs` when it was fitted on the logarithms, so that its band, a random walk's
 * mapped back with exp, grows exponentially with the horizon (eval/longBands.eval.ts tries holding it).
 */
export interface MemberOutput extends ModelOutput {
  onLogs?: boolean;
}

/** `out`, fitted on log(y), mapped back with exp. */
function fromLogs(out: ModelOutput): MemberOutput {
  return { yhat: out.yhat.map(Math.exp), lower: out.lower.map(Math.exp), upper: out.upper.map(Math.exp), onLogs: true };
}

/** MSTL on log(y) mapped back with exp (a multiplicative season); on y itself if any value is <= 0. */
function logMstl(y: Float64Array, periods: number[], horizon: number, level: number): MemberOutput {
  for (let i = 0; i < y.length; i++) {
    if (!(y[i] > 0)) {
      return mstlOn(y, periods, horizon, level);
    }
  }
  return fromLogs(mstlOn(y.map(Math.log), periods, horizon, level));
}

/**
 * Mean of the values at the same position in the last `seasons` seasons of length `m` (as many as the
 * data hold); its interval uses the spread of each value around that mean in the training data.
 */
export function seasonalMean(
  y: Float64Array,
  m: number,
  horizon: number,
  level: number,
  seasons = MEAN_SEASONS
): ModelOutput {
  const n = y.length;
  const k = Math.max(1, Math.min(seasons, Math.floor(n / m)));
  const at = (base: number) => {
    let s = 0;
    for (let j = 0; j < k; j++) {
      s += y[base - j * m];
    }
    return s / k;
  };
  // Residual scale: each point of the last season against the mean of the k seasons before it, or of
  // as many as precede it (at least one) when the data hold fewer than k + 1 seasons: with exactly k
  // seasons there would be no residual at all, and the band would have width 0, reported as certain.
  const kr = Math.max(1, Math.min(k, Math.floor(n / m) - 1));
  const before = (base: number) => {
    let s = 0;
    for (let j = 0; j < kr; j++) {
      s += y[base - j * m];
    }
    return s / kr;
  };
  let ss = 0;
  let c = 0;
  for (let i = Math.max(kr * m, n - m); i < n; i++) {
    const d = y[i] - before(i - m);
    ss += d * d;
    c++;
  }
  const sigma = c > 0 ? Math.sqrt(ss / c) : 0;
  const z = zForLevel(level);
  const out: ModelOutput = {
    yhat: new Float64Array(horizon),
    lower: new Float64Array(horizon),
    upper: new Float64Array(horizon),
  };
  for (let h = 0; h < horizon; h++) {
    out.yhat[h] = at(n - m * Math.ceil((h + 1) / m) + h);
    const half = z * sigma * Math.sqrt(Math.floor(h / m) + 1);
    out.lower[h] = out.yhat[h] - half;
    out.upper[h] = out.yhat[h] + half;
  }
  return out;
}

function median(xs: number[]): number {
  xs.sort((a, b) => a - b);
  const q = xs.length;
  return q % 2 === 1 ? xs[(q - 1) / 2] : 0.5 * (xs[q / 2 - 1] + xs[q / 2]);
}

/** Step-by-step median of the members' forecasts and of their bounds, the bounds widened by `scale`. */
export function combineMedian(members: ModelOutput[], horizon: number, scale = INTERVAL_SCALE): ModelOutput {
  const out: ModelOutput = {
    yhat: new Float64Array(horizon),
    lower: new Float64Array(horizon),
    upper: new Float64Array(horizon),
  };
  for (let h = 0; h < horizon; h++) {
    out.yhat[h] = median(members.map((m) => m.yhat[h]));
    out.lower[h] = median(members.map((m) => m.lower[h]));
    out.upper[h] = median(members.map((m) => m.upper[h]));
  }
  return widened(out, scale);
}

/** Double-seasonal exponential smoothing on log(y) mapped back (on y itself if a value is <= 0). */
function logDoubleSeasonal(y: Float64Array, periods: number[], horizon: number, level: number): MemberOutput {
  const [m1, m2 = 0] = periods;
  if (y.some((x) => !(x > 0))) {
    return doubleSeasonalForecast(y, m1, m2, horizon, level);
  }
  return fromLogs(doubleSeasonalForecast(y.map(Math.log), m1, m2, horizon, level));
}

/**
 * A member: its forecast for `input`, given the seasons the combination models and whether a trend
 * dominates the series (`trendBinds`, trendTest.ts: the seasonal analogue then works in differences).
 */
type Member = (input: ModelInput, periods: number[], trendBinds: boolean) => MemberOutput;

/** The members in tie-breaking order (names for docs and tests). */
export const MEMBERS: ReadonlyArray<readonly [string, Member]> = [
  ['seasonal_naive', (input) => seasonalNaiveForecaster(input)],
  ['log_mstl', (input, periods) => logMstl(input.filled, periods, input.horizon, input.level)],
  ['mstl', (input) => mstlOn(input.filled, [input.period], input.horizon, input.level)],
  [
    'mean_3_long',
    (input, periods) => seasonalMean(input.filled, periods[periods.length - 1], input.horizon, input.level),
  ],
  ['mean_7', (input) => seasonalMean(input.filled, input.period, input.horizon, input.level, 7)],
  [
    'analogue_3',
    (input, periods, trendBinds) =>
      seasonalAnalogue(
        input.filled,
        periods[periods.length - 1],
        3,
        input.period,
        input.horizon,
        input.level,
        trendBinds
      ),
  ],
  [
    'analogue_1',
    (input, periods, trendBinds) =>
      seasonalAnalogue(
        input.filled,
        periods[periods.length - 1],
        1,
        input.period,
        input.horizon,
        input.level,
        trendBinds
      ),
  ],
  ['log_double_seasonal', (input, periods) => logDoubleSeasonal(input.filled, periods, input.horizon, input.level)],
  ['holtwinters', (input) => holtWintersForecaster(input)],
];

/** A member's forecast for `input` (a season is required); undefined when it failed. */
function runMember(member: Member, input: ModelInput, periods: number[], trendBinds = false): MemberOutput | undefined {
  try {
    const out = member(input, periods, trendBinds);
    return out.yhat.every(Number.isFinite) ? out : undefined;
  } catch {
    return undefined;
  }
}

/** Every member's forecast for `input` (a season is required); undefined for a member that failed. */
function runMembers(input: ModelInput, periods: number[], trendBinds = false): Array<MemberOutput | undefined> {
  return MEMBERS.map(([, member]) => runMember(member, input, periods, trendBinds));
}

/** The nine members' forecasts for `input` (a season is required); a member that failed is left out. */
export function combinationMembers(input: ModelInput): MemberOutput[] {
  return runMembers(input, combinationPeriods(input)).filter((m): m is MemberOutput => m !== undefined);
}

/**
 * Mean absolute error of each member on the last `min(horizon, n / 5)` points when fitted on the data
 * before them (Infinity for a member that failed); undefined when that backtest would not hold two of
 * the longest seasons.
 */
export function memberBacktest(
  input: ModelInput,
  periods: number[],
  rankHorizon = input.horizon,
  trendBinds = false
): number[] | undefined {
  const n = input.v.length;
  const hb = Math.min(rankHorizon, input.horizon, Math.floor(n / 5));
  const end = n - hb;
  if (hb < 1 || end < 2 * periods[periods.length - 1]) {
    return undefined;
  }
  return runMembers(holdOutInput(input, end, hb), periods, trendBinds).map((out) => {
    if (!out) {
      return Infinity;
    }
    let err = 0;
    let c = 0;
    for (let k = 0; k < hb; k++) {
      const actual = input.v[end + k];
      if (Number.isFinite(actual)) {
        err += Math.abs(actual - out.yhat[k]);
        c++;
      }
    }
    return c > 0 ? err / c : Infinity;
  });
}

/**
 * The members the combination takes the median of: the {@link SELECTED} that backtested best on this
 * series, fitted on all of it (every member that fits when the backtest cannot hold two of the longest
 * seasons); throws without a season of two full cycles, without augurs, or when none fits.
 */
export function keptMembers(input: ModelInput, rankHorizon = input.horizon, trendBinds = false): MemberOutput[] {
  if (input.period < 2 || input.filled.length < 2 * input.period) {
    throw new MlError('bad_input', 'the combination needs a season with at least two full cycles of data');
  }
  if (!augursMstl()) {
    throw new MlError(
      'bad_input',
      'the combination needs the augurs WebAssembly module: call and await initForecasting() first'
    );
  }
  const periods = combinationPeriods(input);
  const scores = memberBacktest(input, periods, rankHorizon, trendBinds);
  let kept: MemberOutput[];
  if (scores) {
    // Best backtest first (ties keep the earlier member); only the kept members are fitted on the whole
    // series, so a member that fails there is passed over as if it had not been ranked.
    const ranked = scores.map((score, i) => ({ score, i })).sort((a, b) => a.score - b.score || a.i - b.i);
    kept = [];
    for (const { i } of ranked) {
      if (kept.length === SELECTED) {
        break;
      }
      const out = runMember(MEMBERS[i][1], input, periods, trendBinds);
      if (out) {
        kept.push(out);
      }
    }
  } else {
    kept = runMembers(input, periods, trendBinds).filter((m): m is MemberOutput => m !== undefined);
  }
  if (kept.length === 0) {
    throw new MlError('bad_input', 'no member of the combination produced a finite forecast');
  }
  return kept;
}

/**
 * The median combination of the members that backtested best on this series, its band held within
 * 0.75 times the window's range of the forecast (bandLimit.ts); throws without a season of two full
 * cycles or without augurs.
 */
export const combinationForecaster: Forecaster = (input) => combinationRankedOver(input.horizon)(input);

/**
 * The combination with its members ranked on a hold-out of at most `rankHorizon` steps, whatever
 * horizon it then forecasts. `auto` forecasts two seasons to measure a forecast's drift against the
 * trend test (trendTest.ts); ranking on that longer hold-out chose other members than the requested
 * horizon would (on the demo's db-1 disk, 3 days at 1 min, 1 h ahead: a 14.4 h hold-out instead of
 * 1 h, and a forecast 4-6 GB above the value seen an hour later on a disk falling 33 GB/day).
 * `trendBinds`: the trend test binds (auto passes it), and the seasonal analogue works in differences.
 */
export function combinationRankedOver(rankHorizon: number, trendBinds = false): Forecaster {
  return (input) =>
    windowLimitedBand(combineMedian(keptMembers(input, rankHorizon, trendBinds), input.horizon), input.filled);
}
