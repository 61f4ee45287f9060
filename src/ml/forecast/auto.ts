/**
 * Automatic model choice by rolling-origin backtest (Tashman 2000): hold out the last `hb` steps at
 * `origins` successive origins (n - hb, n - 2 hb, ...), fit each candidate on the data before the origin,
 * forecast `hb` steps, and score the mean absolute error scaled by the in-sample mean absolute seasonal
 * difference (MASE). The candidate with the lowest mean score wins; ties keep the earlier candidate.
 * hb = min(horizon, n / 5); a candidate that throws at any origin is dropped. Backtests fit on at most
 * the last `maxTrain` points so that long series stay fast.
 */
import { interpolateGaps } from './grid';
import { Forecaster, ModelInput } from './model';

export interface BacktestOptions {
  /** Number of rolling origins (default 3). */
  origins?: number;
  /** Longest training window per backtest fit, in points (default 2,000). */
  maxTrain?: number;
}

export interface BacktestScore {
  model: string;
  /** Mean MASE over the origins; Infinity when the model failed. */
  score: number;
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

/** Scores every candidate and returns them best first. */
export function backtest(
  input: ModelInput,
  candidates: Record<string, Forecaster>,
  options: BacktestOptions = {}
): BacktestScore[] {
  const n = input.v.length;
  const origins = options.origins ?? 3;
  const maxTrain = options.maxTrain ?? 2000;
  const hb = Math.max(1, Math.min(input.horizon, Math.floor(n / 5)));
  const scale = maseScale(input.filled, input.period);
  const scores: BacktestScore[] = [];
  for (const [name, fn] of Object.entries(candidates)) {
    let total = 0;
    let used = 0;
    try {
      for (let o = 1; o <= origins; o++) {
        const end = n - o * hb;
        const start = Math.max(0, end - maxTrain);
        if (end - start < Math.max(10, 2 * input.period + 1)) {
          break;
        }
        const v = input.v.slice(start, end);
        const sub: ModelInput = {
          ...input,
          t: input.t.slice(start, end),
          v,
          filled: interpolateGaps(v),
          horizon: hb,
          futureT: input.t.slice(end, end + hb),
        };
        const out = fn(sub);
        let err = 0;
        let c = 0;
        for (let k = 0; k < hb; k++) {
          const actual = input.v[end + k];
          if (Number.isFinite(actual)) {
            err += Math.abs(actual - out.yhat[k]);
            c++;
          }
        }
        if (c > 0) {
          const e = err / c / scale;
          total += Number.isFinite(e) ? e : Infinity;
          used++;
        }
      }
    } catch {
      total = Infinity;
      used = Math.max(used, 1);
    }
    scores.push({ model: name, score: used > 0 ? total / used : Infinity });
  }
  return scores.sort((a, b) => a.score - b.score);
}
