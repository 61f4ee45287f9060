/**
 * Automatic model choice by rolling-origin backtest (Tashman 2000): hold out `hb` steps at successive
 * origins (n - hb, n - 2 hb, ...), fit each candidate on the data before the origin, forecast `hb` steps,
 * and score the mean absolute error scaled by the in-sample mean absolute seasonal difference (MASE).
 * The candidate with the lowest mean score wins; ties keep the earlier candidate.
 * hb = min(horizon, n / 5); a candidate that throws at any origin is dropped. Backtests fit on at most
 * the last `maxTrain` points so that long series stay fast.
 *
 * Screening (successive halving, Jamieson & Talwalkar 2016, in its simplest form): every candidate is
 * scored at the first origin; a costly candidate (`costly`, by default MSTL, Holt-Winters' grid search
 * and Theil-Sen) goes on to the remaining origins only when its first-origin score is within its
 * `screen` margin (relative; 10 % for MSTL, 50 % for the others) of the best first-origin score. A model
 * far behind at the latest origin rarely wins on average, and MSTL, which costs more than all other
 * candidates together, is then fitted once instead of `origins` times. Cheap candidates always run every origin (screening them saves no time and
 * costs accuracy). Screened-out candidates are listed after the finalists, with their first score.
 */
import { holdOutInput } from './holdOut';
import { Forecaster, ModelInput } from './model';

export interface BacktestOptions {
  /** Number of rolling origins (default 3). */
  origins?: number;
  /** Longest training window per backtest fit, in points (default 2,000). */
  maxTrain?: number;
  /**
   * Costly candidates whose first-origin score exceeds the best one by more than this fraction skip the
   * other origins: one fraction for all, or one per model, where a costly model missing from the record
   * gets 0.5 (default {@link SCREEN}; Infinity scores every candidate at every origin).
   */
  screen?: number | Readonly<Record<string, number>>;
  /** Candidates subject to screening (default mstl, holtwinters, theilsen). */
  costly?: readonly string[];
  /**
   * Compare the means of the forecast and the actual values over consecutive windows of this many
   * steps of each hold-out, not step by step (default 1). Time to exhaustion passes the season: its
   * question is where the trend goes, and a whole season's mean leaves out the seasonal phase, which
   * otherwise decides the ranking and changes with the hour of the refit (forecast/trendCandidates.ts).
   * A hold-out shorter than the window is compared over its whole length.
   */
  meanOver?: number;
  /** Hold-out length in steps (default min(horizon, n / 5)). */
  holdOut?: number;
}

const COSTLY = ['mstl', 'holtwinters', 'theilsen'];

/**
 * Default screening margins. MSTL alone costs about as much per fit as all other candidates together
 * (augurs' AutoETS, ~50 ms at 2,000 points), so it continues only when within 10 % of the best first
 * score; the others within 50 %. On the M4 Hourly eval this moved auto's OWA from 0.6070 to 0.6081
 * (docs/forecasting.md).
 */
export const SCREEN: Readonly<Record<string, number>> = { mstl: 0.1, holtwinters: 0.5, theilsen: 0.5 };

export interface BacktestScore {
  model: string;
  /** Mean MASE over the origins it was scored at; Infinity when the model failed. */
  score: number;
  /** Number of origins scored (1 for a screened-out candidate). */
  origins: number;
}

function maseScale(y: Float64Array, m: number): number {
  const lag = m >= 2 && y.length > m ? m : 1;
  let s = 0;
  let c = 0;
  for (let i = lag; i < y.length; i++) {
    s += Math.abs(y[i] - y[i - lag]);
    c++;
  }
  return c > 0 && s > 0 ? s / c : 1;
}

/** Scores every candidate and returns them best first (finalists before screened-out ones). */
export function backtest(
  input: ModelInput,
  candidates: Record<string, Forecaster>,
  options: BacktestOptions = {}
): BacktestScore[] {
  const n = input.v.length;
  const origins = options.origins ?? 3;
  const maxTrain = options.maxTrain ?? 2000;
  const screenOpt = options.screen ?? SCREEN;
  const margin = (model: string) => (typeof screenOpt === 'number' ? screenOpt : (screenOpt[model] ?? 0.5));
  const hb = Math.max(1, options.holdOut ?? Math.min(input.horizon, Math.floor(n / 5)));
  const win = Math.max(1, Math.min(hb, Math.floor(options.meanOver ?? 1)));
  const scale = maseScale(input.filled, input.period);

  // Training slices per origin, built once and shared by every candidate.
  const subs: ModelInput[] = [];
  for (let o = 1; o <= origins; o++) {
    const end = n - o * hb;
    const start = Math.max(0, end - maxTrain);
    if (end - start < Math.max(10, 2 * input.period + 1)) {
      break;
    }
    subs.push(holdOutInput(input, end, hb, start));
  }

  /** Scaled MAE of `fn` at origin index `o`; NaN when the hold-out has no finite value. */
  const errorAt = (fn: Forecaster, o: number): number => {
    const end = n - (o + 1) * hb;
    const out = fn(subs[o]);
    let err = 0;
    let c = 0;
    for (let w = 0; w + win <= hb; w += win) {
      // Mean error over the window (one step when win = 1), over its finite actual values.
      let d = 0;
      let m = 0;
      for (let k = w; k < w + win; k++) {
        const actual = input.v[end + k];
        if (Number.isFinite(actual)) {
          d += actual - out.yhat[k];
          m++;
        }
      }
      if (m > 0) {
        err += Math.abs(d / m);
        c++;
      }
    }
    if (c === 0) {
      return NaN;
    }
    const e = err / c / scale;
    return Number.isFinite(e) ? e : Infinity;
  };

  const costly = options.costly ?? COSTLY;
  const state = Object.entries(candidates).map(([model, fn]) => ({
    model,
    fn,
    total: 0,
    used: 0,
    failed: false,
  }));
  const run = (s: (typeof state)[number], o: number) => {
    if (s.failed) {
      return;
    }
    try {
      const e = errorAt(s.fn, o);
      if (!Number.isNaN(e)) {
        s.total += e;
        s.used++;
      }
    } catch {
      s.failed = true;
    }
  };
  const score = (s: (typeof state)[number]) => (s.failed ? Infinity : s.used > 0 ? s.total / s.used : Infinity);

  if (subs.length === 0) {
    return state.map((s) => ({ model: s.model, score: Infinity, origins: 0 }));
  }
  for (const s of state) {
    run(s, 0);
  }
  const best = Math.min(...state.map(score));
  const finalists = state.filter((s) => !costly.includes(s.model) || score(s) <= best * (1 + margin(s.model)));
  for (const s of finalists) {
    for (let o = 1; o < subs.length; o++) {
      run(s, o);
    }
  }
  const out = (list: typeof state, origins: number) =>
    list.map((s) => ({ model: s.model, score: score(s), origins })).sort((a, b) => a.score - b.score);
  return [
    ...out(finalists, subs.length),
    ...out(
      state.filter((s) => !finalists.includes(s)),
      1
    ),
  ];
}
