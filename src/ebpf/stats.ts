/**
 * Summary of repeated runs: the median as the central value and the range (max − min) as the
 * run-to-run spread. With the 3–5 runs a benchmark can afford, the range is the honest spread: it
 * assumes no distribution, and a delta inside it cannot be told apart from noise.
 */
import { EbpfModelError } from './errors';

/** Median, minimum, maximum and range of a set of run values. */
export interface RunSummary {
  median: number;
  min: number;
  max: number;
  /** max − min: the run-to-run spread. */
  spread: number;
  /** Number of runs. */
  n: number;
}

/**
 * Median of finite numbers (mean of the two middle values for an even count).
 * @example median([3, 1, 2]) // 2
 * @example median([4, 1, 2, 3]) // 2.5
 */
export function median(values: readonly number[]): number {
  if (values.length === 0) {
    throw new EbpfModelError('bad_input', 'median requires at least one value');
  }
  if (values.some((v) => !Number.isFinite(v))) {
    throw new EbpfModelError('bad_input', 'median requires finite numbers');
  }
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/**
 * Median and range of run values.
 * @example summarize([10, 12, 11]) // { median: 11, min: 10, max: 12, spread: 2, n: 3 }
 */
export function summarize(values: readonly number[]): RunSummary {
  const m = median(values);
  const min = Math.min(...values);
  const max = Math.max(...values);
  return { median: m, min, max, spread: max - min, n: values.length };
}
