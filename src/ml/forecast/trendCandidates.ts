/**
 * Candidates for `forecast({ model: 'auto', purpose: 'exhaustion' })`, i.e. for time to exhaustion:
 * only models whose forecast keeps following a trend far ahead. The naive benchmarks (flat, or a
 * repeated season) cannot reach a limit the series has not reached yet, and damped trends (Holt-Winters'
 * phi 0.98, MSTL's AutoETS) level off after a few dozen steps, so none of them is a candidate: on a
 * steadily filling noisy disk they could win a short backtest and still answer "never".
 *
 * - `linear`, `theilsen`: a straight line (least squares; robust);
 * - `prophet`: piecewise-linear trend plus daily/weekly cycles;
 * - `holt`: Holt-Winters with an undamped trend (a local linear trend, seasonal when a period is known);
 * - `quadratic`: a least-squares parabola for accelerating fills (curvedTrend.ts), and `exponential`,
 *   multiplicative growth a + b e^{kt} (exponentialTrend.ts), each admitted only when it clearly beats
 *   the straight models in the backtest and the curvature is significant, or the segment accelerates
 *   with a curvature significant against residuals correlated over a day (curvedTrend.ts admitCurve,
 *   {@link chooseTrendModel}).
 *
 * Tried and left out (see docs/forecasting.md): the same lines fitted on recent windows only (n/2, n/4,
 * n/8). They did not improve accelerating fills and made linear and clean-up scenarios worse.
 */
import { fitHoltWinters, forecastHoltWinters } from '../models/holtWinters';
import { hasDailyTerms } from '../models/prophetRidge';
import { BacktestScore, backtest } from './auto';
import { CURVES, admitCurve, quadraticForecaster } from './curvedTrend';
import { exponentialForecaster } from './exponentialTrend';
import { linearForecaster, prophetForecaster, theilSenForecaster } from './forecasters';
import { Forecaster, ModelInput } from './model';
import { tteSettings } from '../tte/settings';

/** Holt-Winters with an undamped trend (phi = 1). */
export const holtForecaster: Forecaster = (input) => {
  const state = fitHoltWinters(input.v, { period: input.period, damped: false });
  return forecastHoltWinters(state, input.horizon, input.level);
};

/** The trend-following candidates, simplest first (backtest ties keep the first). */
export const TREND_CANDIDATES: Readonly<Record<string, Forecaster>> = {
  linear: linearForecaster,
  theilsen: theilSenForecaster,
  prophet: prophetForecaster,
  holt: holtForecaster,
  quadratic: quadraticForecaster,
  exponential: exponentialForecaster,
};

/**
 * The candidates for one input: without a seasonal period, Holt is left out when the setting in force
 * says so (tte/settings.ts `holtNeedsSeason`). Its trend is a weighted recent slope; on a segment with
 * a daily cycle it does not model (under two whole days, as on a leak's tooth after each restart), that
 * is the slope of the cycle's current phase, which says nothing about the fill: on the OOM-killed leak
 * it read 15 d for 3.5 d half a day after a crest, and "never" on long lead times at 15 s. A line and
 * Prophet's trend with its daily terms weigh the whole segment.
 */
export function trendCandidatesFor(input: ModelInput): Readonly<Record<string, Forecaster>> {
  if (input.period >= 2 || tteSettings().holtNeedsSeason === 0) {
    return TREND_CANDIDATES;
  }
  const { holt: _, ...rest } = TREND_CANDIDATES;
  return rest;
}

/**
 * The backtest `auto` ranks the trend candidates by (auto.ts): with a season, each hold-out spans at
 * least one season and is scored by its whole seasons' means (`meanOver`), so the ranking says which
 * model follows the trend, not which one caught the hour of the daily cycle. Until the segment holds
 * three seasons (two to train, one to hold out) nothing is scored and the simplest model is used.
 * Scored step by step on half a day, the demo's database volume (a steady fill with a daily write
 * pattern) went linear, Holt, Holt, Prophet-style at four hourly refits, and its time to exhaustion
 * 12.1, 15.5, 13.7, 12.0 d: Holt's level caught the hour of the daily cycle, its trend did not hold.
 * Without a season, each hold-out is scored by the means of tte/settings.ts `trendWindows` equal
 * windows of it (1, the shipped value: its whole mean), not step by step: step by step the noise of
 * each sample dominated the score, and on a noisy accelerating fill the parabola's lead over the line
 * stayed under the 10 % it needs (curvedTrend.ts), so the line answered three to five times too late.
 */
export function trendBacktest(input: ModelInput, candidates = TREND_CANDIDATES): BacktestScore[] {
  if (input.period < 2) {
    const windows = tteSettings().trendWindows;
    if (windows <= 0) {
      return backtest(input, candidates);
    }
    const holdOut = Math.max(1, Math.min(input.horizon, Math.floor(input.v.length / 5)));
    return backtest(input, candidates, { holdOut, meanOver: Math.max(1, Math.floor(holdOut / windows)) });
  }
  const holdOut = Math.max(input.period, Math.min(input.horizon, Math.floor(input.v.length / 5)));
  return backtest(input, candidates, { meanOver: input.period, holdOut });
}

/**
 * The model used when the trend backtest scored nothing: with a seasonal period (under three seasons
 * in the segment), the Prophet-style trend when tte/settings.ts `shortSeasonModel` says so, since a
 * line through whole daily cycles is biased (on a disk falling 6 %/day under a 6 % daily cycle, a line
 * through the first two days read 16 d for 7.2 d; Prophet's daily terms take the cycle out); the line
 * otherwise.
 */
export function unscoredTrendModel(input: ModelInput): string {
  return input.period >= 2 && tteSettings().shortSeasonModel === 1 && fitsDailyTerms(input) ? 'prophet' : 'linear';
}

const DAY_MS = 86_400_000;

/**
 * Whether the Prophet-style model takes this cycle out: its daily terms exist only over two days at a
 * step under 6 h (prophetRidge.ts), and only a cycle of whole days is theirs. For a 12 h or 2 h cycle
 * it is a piecewise line whose last slope follows the cycle's phase (7.2-19.1 d for a fill due in
 * 10.4 d, where the line read 10.0-11.2 d; found in review), so the line answers there.
 */
function fitsDailyTerms(input: ModelInput): boolean {
  const { t, step, period } = input;
  const days = (period * step) / DAY_MS;
  return (
    hasDailyTerms(t[t.length - 1] - t[0], step) &&
    days >= 1 - step / DAY_MS &&
    Math.abs(days - Math.round(days)) * DAY_MS <= step
  );
}

/**
 * The model `auto` uses for exhaustion, from the backtest scores (best first): a curve when
 * {@link admitCurve} admits it (with its Newey-West curvature test at `curveHacT`, 0 off, and, with
 * `curveNeedsAcceleration`, only a parabola that accelerates); otherwise the simplest straight candidate that scored (linear first,
 * in {@link TREND_CANDIDATES}' order) unless the best one beats it by more than `margin` (relative;
 * tte/settings.ts `choiceMargin`), so that a small difference between backtests, which moves from
 * refit to refit, does not flip the model. Undefined when none scored.
 */
export function chooseTrendModel(
  input: ModelInput,
  scores: readonly BacktestScore[],
  margin = 0,
  curveHacT = 0,
  curveNeedsAcceleration = false
): string | undefined {
  const usable = scores.filter((s) => Number.isFinite(s.score));
  if (usable.length === 0) {
    return undefined;
  }
  // The best of the curves, when admitted (it need not rank first: see admitCurve's second way).
  const curve = usable.find((s) => CURVES.includes(s.model));
  if (curve && admitCurve(input, usable, curve.model, curveHacT, curveNeedsAcceleration)) {
    return curve.model;
  }
  const best = usable.find((s) => !CURVES.includes(s.model));
  if (!best) {
    return undefined;
  }
  const order = Object.keys(TREND_CANDIDATES);
  const simplest = usable
    .filter((s) => !CURVES.includes(s.model))
    .reduce((a, b) => (order.indexOf(b.model) < order.indexOf(a.model) ? b : a));
  return best.score < (1 - margin) * simplest.score ? best.model : simplest.model;
}
