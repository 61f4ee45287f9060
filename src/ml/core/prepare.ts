import { MlError, Series } from '../types';
import { median } from '../../common/median';
import { fittedStep } from './gridStep';

/** What {@link prepareSeries} found and did, so adapters can explain it to users. */
export interface PreparedSeries extends Series {
  /**
   * Estimated sampling step in ms: the median of the positive differences of the timestamps; for an
   * irregular series, the step of the grid fitted to its times (gridStep.ts fittedStep).
   */
  stepMs: number;
  /** True when more than 10% of steps are neither the median step nor a whole multiple of it (a gap). */
  irregular: boolean;
  /** Number of gaps: steps that are a whole multiple (>= 2) of the step. */
  gaps: number;
  /** Input rows merged into an earlier row with the same timestamp. */
  duplicates: number;
  /** Input rows dropped because their timestamp was not finite. */
  droppedTimestamps: number;
  /** Values that were +-Infinity and became NaN (missing). */
  nonFinite: number;
  /** Whether the input had to be sorted. */
  sorted: boolean;
  /** Rows earlier than a row above them (the rows sorting moved), counted as the CLI's reader counts them. */
  outOfOrder: number;
  /** Index of each input row's point in the cleaned series (before regularising); -1 for a dropped row. */
  rowOf: Int32Array;
  /** For a regularised series: index of the grid slot of each cleaned input row; else undefined. */
  slotOf?: Int32Array;
}

/** Options of {@link prepareSeries}. */
export interface PrepareOptions {
  /** Put the points on the grid t0 + k*step (nearest slot; NaN in empty slots). Default false. */
  regularise?: boolean;
  /** Refuse to build a grid larger than this many slots (protects against a stray timestamp). */
  maxGridPoints?: number;
  /**
   * Fit the step of irregular times (gridStep.ts fittedStep; default true). False keeps the median
   * spacing: for a caller that brings its own step and only wants the rows sorted and merged, the fit
   * (up to 40 million phasor updates on 2,000 rows) would be thrown away.
   */
  fitStep?: boolean;
}

/** Largest magnitude accepted: its square must not overflow a float64 in variance sums. */
export const MAX_ABS_VALUE = 1e150;

/**
 * Sanitises a series before a model sees it:
 * 1. checks that `t` and `v` have the same length (else `bad_input`);
 * 2. drops rows whose timestamp is not finite, turns +-Infinity values into NaN;
 * 3. rejects values beyond +-1e150 (`bad_input`: rescale them), whose squares would overflow;
 * 4. sorts by time (stable) and merges rows with equal timestamps into their mean (NaN when none is
 *    finite), keeping where each input row went (`rowOf`), so a caller can read results back per row;
 * 5. estimates the step as the median positive difference, counts gaps and irregular steps, and
 *    for an irregular series fits the step as a grid to the times (gridStep.ts fittedStep);
 * 6. optionally regularises onto a grid of that step, leaving NaN in empty slots.
 *
 * Never mutates the input. An empty input gives an empty series with `stepMs` NaN.
 */
export function prepareSeries(series: Series, options: PrepareOptions = {}): PreparedSeries {
  const { t, v } = series;
  if (!t || !v || t.length !== v.length) {
    throw new MlError('bad_input', `timestamps and values differ in length (${t?.length} vs ${v?.length})`);
  }
  let droppedTimestamps = 0;
  let nonFinite = 0;
  const idx: number[] = [];
  for (let i = 0; i < t.length; i++) {
    if (!Number.isFinite(t[i])) {
      droppedTimestamps++;
      continue;
    }
    const x = v[i];
    if (x === Infinity || x === -Infinity) {
      nonFinite++;
    } else if (Math.abs(x) > MAX_ABS_VALUE) {
      throw new MlError('bad_input', `value ${x} at index ${i} is too large (beyond +-1e150); rescale the series`);
    }
    idx.push(i);
  }
  let outOfOrder = 0;
  let latest = -Infinity;
  for (const i of idx) {
    if (t[i] < latest) {
      outOfOrder++;
    }
    latest = Math.max(latest, t[i]);
  }
  const sorted = outOfOrder > 0;
  if (sorted) {
    idx.sort((a, b) => t[a] - t[b] || a - b);
  }
  const rowOf = new Int32Array(t.length).fill(-1);
  // Merge equal timestamps into the mean of their finite values.
  const outT: number[] = [];
  const outV: number[] = [];
  let duplicates = 0;
  for (let k = 0; k < idx.length;) {
    const ti = t[idx[k]];
    let sum = 0;
    let cnt = 0;
    let j = k;
    for (; j < idx.length && t[idx[j]] === ti; j++) {
      rowOf[idx[j]] = outT.length;
      const x = v[idx[j]];
      if (Number.isFinite(x)) {
        sum += x;
        cnt++;
      }
    }
    duplicates += j - k - 1;
    outT.push(ti);
    outV.push(cnt > 0 ? sum / cnt : NaN);
    k = j;
  }
  const n = outT.length;
  const diffs = new Float64Array(Math.max(0, n - 1));
  for (let k = 1; k < n; k++) {
    diffs[k - 1] = outT[k] - outT[k - 1];
  }
  const medianMs = median(diffs);
  let gaps = 0;
  let odd = 0;
  for (let k = 0; k < diffs.length; k++) {
    const ratio = diffs[k] / medianMs;
    const r = Math.round(ratio);
    if (Math.abs(ratio - r) > 0.01 || r < 1) {
      odd++;
    } else if (r >= 2) {
      gaps++;
    }
  }
  const irregular = diffs.length > 0 && odd > 0.1 * diffs.length;
  const stepMs = irregular && options.fitStep !== false ? fittedStep(outT, medianMs) : medianMs;
  const base = {
    stepMs,
    irregular,
    gaps,
    duplicates,
    droppedTimestamps,
    nonFinite,
    sorted,
    outOfOrder,
    rowOf,
  };
  for (let k = 0; k < n; k++) {
    if (!Number.isFinite(outV[k])) {
      outV[k] = NaN;
    }
  }
  if (!options.regularise || n < 2) {
    return { t: Float64Array.from(outT), v: Float64Array.from(outV), ...base };
  }
  const maxGrid = options.maxGridPoints ?? Math.max(10 * n, 1_000_000);
  const slots = Math.round((outT[n - 1] - outT[0]) / stepMs) + 1;
  if (!(slots <= maxGrid)) {
    throw new MlError(
      'bad_input',
      `timestamps span ${slots} steps of ${stepMs} ms, more than ${maxGrid}; check for a stray timestamp`
    );
  }
  const gridT = new Float64Array(slots);
  const gridV = new Float64Array(slots).fill(NaN);
  const cnt = new Uint32Array(slots);
  for (let s = 0; s < slots; s++) {
    gridT[s] = outT[0] + s * stepMs;
  }
  const slotOf = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    const s = Math.min(slots - 1, Math.round((outT[k] - outT[0]) / stepMs));
    slotOf[k] = s;
    const x = outV[k];
    if (Number.isFinite(x)) {
      // Several irregular points may land in one slot: keep their running mean.
      cnt[s]++;
      gridV[s] = cnt[s] === 1 ? x : gridV[s] + (x - gridV[s]) / cnt[s];
    }
  }
  return { t: gridT, v: gridV, ...base, slotOf };
}
