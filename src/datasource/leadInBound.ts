/**
 * The bound on history the data source fetches before the visible range. The engine asks for the
 * start of the detector run (or first fit) covering the first point: one to five lead-ins back,
 * each lead-in three training windows (src/engine/grid.ts), so up to 150,000 points at the largest
 * training window. Every point is fetched into the viewer's browser and modelled there, so the
 * lead-in is cut at MAX_LEAD_IN_POINTS, and the answer says so with a count.
 */
import { formatCount } from '../engine/warnings';

/**
 * Most grid points fetched before the first visible point. The default training window (1,000
 * points) needs at most 15,000, and any window up to 3,333 points is never cut; 50 series at this
 * bound are 20 MB of history.
 */
export const MAX_LEAD_IN_POINTS = 50_000;

/**
 * Where the fetch starts: `historyFrom` (what the engine reads for `first`), or MAX_LEAD_IN_POINTS
 * before `first` when that is later, with the warning that says how much was not fetched.
 *
 * @example boundLeadIn(0, 60_000 * 60_000, 60_000).from // 600_000_000: 10,000 points of 60,000 are not fetched
 */
export function boundLeadIn(historyFrom: number, first: number, step: number): { from: number; warning?: string } {
  const earliest = first - MAX_LEAD_IN_POINTS * step;
  if (historyFrom >= earliest) {
    return { from: historyFrom };
  }
  const cut = Math.round((earliest - historyFrom) / step);
  return {
    from: earliest,
    warning:
      `the history before the range was cut to ${formatCount(MAX_LEAD_IN_POINTS)} points at step ${step / 1000}s, ` +
      `the data source's lead-in limit (${formatCount(cut)} points not fetched): the first values of the range may ` +
      `differ from the companion's; use a larger step or a shorter training window`,
  };
}
