/**
 * The evaluation grid. Derived series are evaluated at multiples of the step (unix epoch origin),
 * and a query time between grid points takes the value of the grid point at or before it. So the
 * value at t depends only on t and the step, never on how a query's range was cut: an instant
 * query at t equals the range query's point at t, and repeated alert evaluations reuse cached work.
 */

import { alignDown } from '../../../src/ml/core/evalGrid';

// The grid rules both engines share live in src/ml so the browser engine uses the same code.
export { alignDown, BLOCK_LEAD_INS, detectorLeadIn, segmentStart } from '../../../src/ml/core/evalGrid';

/** Query times → their grid points, deduplicated, ascending. */
export function gridPoints(times: number[], step: number): number[] {
  return [...new Set(times.map((t) => alignDown(t, step)))].sort((a, b) => a - b);
}
