/**
 * Candidates for `forecast({ model: 'auto', purpose: 'exhaustion' })`, i.e. for time to exhaustion:
 * only models whose forecast keeps following a trend far ahead. The naive benchmarks (flat, or a
 * repeated season) cannot reach a limit the series has not reached yet, and damped trends (Holt-Winters'
 * phi 0.98, MSTL's AutoETS) level off after a few dozen steps, so none of them is a candidate: on a
 * steadily filling noisy disk they could win a short backtest and still answer "never".
 *
 * - `linear`, `theilsen`: a straight line (least squares; robust);
 * - `prophet`: piecewise-linear trend plus daily/weekly cycles;
 * - `holt`: Holt-Winters with an undamped trend (a local linear trend, seasonal when a period is known).
 *
 * Tried and left out (see docs/forecasting.md): the same lines fitted on recent windows only (n/2, n/4,
 * n/8). They did not improve accelerating fills and made linear and clean-up scenarios worse.
 */
import { fitHoltWinters, forecastHoltWinters } from '../models/holtWinters';
import { linearForecaster, prophetForecaster, theilSenForecaster } from './forecasters';
import { Forecaster } from './model';

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
};
