/**
 * A range query's matrix with each series' samples as two columns, the form the history store
 * places on its grid. Prometheus sends `[ts, "value"]` pairs; holding them as Float64Arrays
 * instead of an array and a string per sample is what lets a cold query's history (millions of
 * samples) be read without millions of short-lived objects (scanMatrix.ts reads them straight from
 * the answer's bytes; {@link columnsOf} converts an answer already parsed, e.g. the demo upstream's).
 */
import { KindedError } from '../../../src/engine/errors';
import { parseValue } from '../../../src/common/promValue';
import type { PromMatrixSeries } from './types';

/** One series of a range query's answer: its labels, sample times (s, as sent) and values. */
export interface MatrixColumns {
  metric: Record<string, string>;
  times: Float64Array;
  values: Float64Array;
}

/** A sample value of the upstream's answer ("+Inf", "-Inf" and "NaN" included); garbage is the upstream's fault. */
export function upstreamValue(v: string): number {
  try {
    return parseValue(v);
  } catch (err) {
    throw new KindedError('unavailable', `upstream answered ${(err as Error).message}`);
  }
}

/**
 * A parsed matrix as columns. An index loop, not `for (const [ts, v] of ...)`: it runs once per
 * sample, and skips an iterator and a destructuring per sample.
 */
export function columnsOf(result: PromMatrixSeries[]): MatrixColumns[] {
  return result.map((s) => {
    const n = s.values.length;
    const times = new Float64Array(n);
    const values = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      const sample = s.values[j];
      times[j] = sample[0];
      values[j] = upstreamValue(sample[1]);
    }
    return { metric: s.metric, times, values };
  });
}
