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
 *   the straight models in the backtest and the curvature is significant ({@link chooseTrendModel}).
 *
 * Tried and left out (see docs/forecasting.md): the same lines fitted on recent windows only (n/2, n/4,
 * n/8). They did not improve accelerating fills and made linear and clean-up scenarios worse.
 */
import { fitHoltWinters, forecastHoltWinters } from '../models/holtWinters';
import { BacktestScore } from './auto';
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
 * The model `auto` uses for exhaustion, from the backtest scores (best first): the best one, except that
 * a curve needs {@link admitCurve}; otherwise the best of the others. Undefined when none scored.
 */
export function chooseTrendModel(input: ModelInput, scores: readonly BacktestScore[]): string | undefined {
  const usable = scores.filter((s) => Number.isFinite(s.score));
  if (usable.length === 0) {
    return undefined;
  }
  return usable.find((s) => !CURVES.includes(s.model) || admitCurve(input, usable, s.model))?.model;
}
