/**
 * Summary of repeated runs: the median as the central value and the range (max − min) as the
 * run-to-run spread. With the 3–5 runs a benchmark can afford, the range is the honest spread: it
 * assumes no distribution, and a delta inside it cannot be told apart from noise.
 */
import { median } from '../common/median';
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
 * Median and range of run values; every run must have a finite value (a missing run is an error,
 * not a smaller sample).
 * @example summarize([10, 12, 11]) // { median: 11, min: 10, max: 12, spread: 2, n: 3 }
 */
export function summarize(values: readonly number[]): RunSummary {
  if (values.length === 0) {
    throw new EbpfModelError('bad_input', 'a summary requires at least one value');
  }
  if (values.some((v) => !Number.isFinite(v))) {
    throw new EbpfModelError('bad_input', 'a summary requires finite numbers');
  }
  const m = median(values);
  const min = Math.min(...values);
  const max = Math.max(...values);
  return { median: m, min, max, spread: max - min, n: values.length };
}
