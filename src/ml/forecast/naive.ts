/**
 * The M4 competition's benchmarks (Makridakis et al. 2020, and the organisers' R code):
 * - seasonal naive: each future step repeats the value one season earlier;
 * - Naive2: naive (last value) on the seasonally adjusted series, re-seasonalised. The adjustment is a
 *   classical multiplicative decomposition (centred 2 x m moving average, seasonal index = mean ratio
 *   per position, normalised to mean 1), applied only when the 90 % autocorrelation test at lag m
 *   passes: |r_m| > 1.645 sqrt((1 + 2 sum_{k<m} r_k^2) / n), and the series has at least 3 seasons.
 *   A series with a value <= 0 cannot be divided; it is not adjusted.
 * Intervals: sigma of the one-step (or one-season) differences, growing with sqrt of the number of
 * steps (seasons) ahead; Naive2's is scaled by the seasonal index.
 */
import { zForLevel } from '../models/numeric';
import { Forecaster, ModelOutput } from './model';

/** Sample autocorrelation (mean removed, biased, like R's `acf`) at lags 1..maxLag. */
export function acf(y: Float64Array, maxLag: number): Float64Array {
  const n = y.length;
  let mean = 0;
  for (let i = 0; i < n; i++) {
    mean += y[i];
  }
  mean /= n;
  let c0 = 0;
  for (let i = 0; i < n; i++) {
    c0 += (y[i] - mean) * (y[i] - mean);
  }
  const out = new Float64Array(maxLag + 1);
  for (let k = 1; k <= maxLag; k++) {
    let c = 0;
    for (let i = 0; i + k < n; i++) {
      c += (y[i] - mean) * (y[i + k] - mean);
    }
    out[k] = c0 > 0 ? c / c0 : 0;
  }
  return out;
}

/** M4's seasonality test at lag m (90 % one-sided, tcrit 1.645). */
export function isSeasonal(y: Float64Array, m: number): boolean {
  if (m < 2 || y.length < 3 * m) {
    return false;
  }
  const r = acf(y, m);
  let sum = 1;
  for (let k = 1; k < m; k++) {
    sum += 2 * r[k] * r[k];
  }
  return Math.abs(r[m]) > (1.645 / Math.sqrt(y.length)) * Math.sqrt(sum);
}

/**
 * Seasonal indices of a classical multiplicative decomposition (R's `decompose(type = "multiplicative")`
 * figure): index k applies to points i with i mod m = k.
 */
export function multiplicativeIndices(y: Float64Array, m: number): Float64Array {
  const n = y.length;
  const half = Math.floor(m / 2);
  const sum = new Float64Array(m);
  const cnt = new Float64Array(m);
  for (let i = half; i < n - half; i++) {
    let tr = 0;
    if (m % 2 === 0) {
      tr += 0.5 * y[i - half] + 0.5 * y[i + half];
      for (let j = i - half + 1; j < i + half; j++) {
        tr += y[j];
      }
    } else {
      for (let j = i - half; j <= i + half; j++) {
        tr += y[j];
      }
    }
    tr /= m;
    sum[i % m] += y[i] / tr;
    cnt[i % m]++;
  }
  const idx = new Float64Array(m);
  let mean = 0;
  for (let k = 0; k < m; k++) {
    idx[k] = sum[k] / cnt[k];
    mean += idx[k] / m;
  }
  for (let k = 0; k < m; k++) {
    idx[k] /= mean;
  }
  return idx;
}

/** Root mean square of the lag-`lag` differences y_i - y_{i-lag}; 0 when there are none. */
export function rmsDiff(y: Float64Array, lag: number): number {
  let s = 0;
  let c = 0;
  for (let i = lag; i < y.length; i++) {
    const d = y[i] - y[i - lag];
    s += d * d;
    c++;
  }
  return c > 0 ? Math.sqrt(s / c) : 0;
}

/** Seasonal naive: y_{n+h} = y_{n+h-m*ceil(h/m)}; plain naive when there is no period. */
export const seasonalNaiveForecaster: Forecaster = (input) => {
  const y = input.filled;
  const n = y.length;
  const m = input.period >= 2 && n >= input.period ? input.period : 1;
  const sigma = rmsDiff(y, m);
  const z = zForLevel(input.level);
  const out: ModelOutput = {
    yhat: new Float64Array(input.horizon),
    lower: new Float64Array(input.horizon),
    upper: new Float64Array(input.horizon),
  };
  for (let k = 0; k < input.horizon; k++) {
    out.yhat[k] = y[n - m + (k % m)];
    const half = z * sigma * Math.sqrt(Math.floor(k / m) + 1);
    out.lower[k] = out.yhat[k] - half;
    out.upper[k] = out.yhat[k] + half;
  }
  return out;
};

/** Naive2 as in M4: naive on the multiplicatively seasonally adjusted series when the test passes. */
export const naive2Forecaster: Forecaster = (input) => {
  const y = input.filled;
  const n = y.length;
  const m = input.period;
  let positive = true;
  for (let i = 0; i < n; i++) {
    if (!(y[i] > 0)) {
      positive = false;
      break;
    }
  }
  const idx = positive && isSeasonal(y, m) ? multiplicativeIndices(y, m) : null;
  const si = (i: number) => (idx ? idx[i % m] : 1);
  const adj = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    adj[i] = y[i] / si(i);
  }
  const sigma = rmsDiff(adj, 1);
  const z = zForLevel(input.level);
  const last = adj[n - 1];
  const out: ModelOutput = {
    yhat: new Float64Array(input.horizon),
    lower: new Float64Array(input.horizon),
    upper: new Float64Array(input.horizon),
  };
  for (let k = 0; k < input.horizon; k++) {
    const s = si(n + k);
    out.yhat[k] = last * s;
    const half = z * sigma * Math.sqrt(k + 1) * s;
    out.lower[k] = out.yhat[k] - half;
    out.upper[k] = out.yhat[k] + half;
  }
  return out;
};
