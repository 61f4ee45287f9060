/**
 * How many points per series the history store keeps: one detector run at the largest training
 * window (a block of BLOCK_LEAD_INS lead-ins plus its own lead-in, each LEAD_IN_WINDOWS windows:
 * src/engine/grid.ts), plus the largest range a query may ask for (its own step's limits.maxPoints,
 * or MAX_FINE_POINTS at the finer resolution a detector scores at), so consecutive evaluations (a
 * refreshing dashboard, the recording rules) find their run's history cached. Derived from the
 * grid's constants, so a longer lead-in cannot leave the store refetching every run.
 */
import { BLOCK_LEAD_INS, LEAD_IN_WINDOWS } from '../../../src/engine/grid';
import { MAX_FINE_POINTS } from '../../../src/engine/resolution';

export function historyKeepPoints(limits: { maxTrainPoints: number; maxPoints: number }): number {
  return (BLOCK_LEAD_INS + 1) * LEAD_IN_WINDOWS * limits.maxTrainPoints + Math.max(limits.maxPoints, MAX_FINE_POINTS) + 2;
}
