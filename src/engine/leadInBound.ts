/**
 * The bound on history the browser doors fetch before the visible range, one rule for the data source
 * and the forecast panel. The engine asks for the start of the detector run (or first fit) covering
 * the first point: one to five lead-ins back, each lead-in three training windows (src/engine/grid.ts),
 * so up to 150,000 points at the largest training window. Every point is fetched into the viewer's
 * browser and modelled there, so the lead-in is cut at MAX_LEAD_IN_POINTS, and the answer says so
 * with a count. The coarse lead-in's phases (time to exhaustion's 14 days, read every 150 s at 15 s)
 * are bounded apart, by MAX_HISTORY_POINTS per series with the samples before them, in both the data
 * source and the forecast panel (spendOnPhase, leadCutWarning).
 */
import { formatCount } from './warnings';

/**
 * Most grid points fetched before the first visible point. The default training window (1,000
 * points) needs at most 15,000, and any window up to 3,333 points is never cut; 50 series at this
 * bound are 20 MB of history.
 */
export const MAX_LEAD_IN_POINTS = 50_000;

/**
 * Most points per series a browser door holds before the first visible point: the forecast panel's
 * samples at the series' step (trainingHistory.ts), and in both doors the fine lead-in and the coarse
 * lead-in's phases together. A refit after a jump at 15 s reads time to exhaustion's 14 days at 15 s
 * (80,640 points; 87,859 in the data source and 87,107 in the panel with the rest of the lead-in
 * and the look-backs (context.ts lookBack) before a 1-hour range), which is fetched whole;
 * a longer window or a finer step (21 days, or 14 at 10 s: 120,960) is cut, with a count. 50 series
 * at this bound are 40 MB of history in the matrix the engine reads (8 bytes per point).
 */
export const MAX_HISTORY_POINTS = 100_000;

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

/**
 * A phase of a coarse lead-in within what is left of MAX_HISTORY_POINTS (`left` points). A refit after
 * a jump off the coarse grid (a clean-up at 15 s) reads the 14 days every 150 s at another phase, and
 * Grafana's Prometheus aligns a range's start to its step, so that phase is fetched at the step that
 * holds it: 15 s, 80,640 points, within the bound. The fetch keeps its last `left` points (those nearest the range);
 * `cut` counts the rest, which the evaluation reads as unfetched (the caller then warns, leadCutWarning).
 *
 * @example boundPhase({ start: 0, end: 99 * 15_000 }, 15_000, 40) // { fetch: { start: 60 * 15_000, end: 99 * 15_000, points: 40 }, cut: 60 }
 */
export function boundPhase(
  span: { start: number; end: number },
  step: number,
  left: number
): { fetch?: { start: number; end: number; points: number }; cut: number } {
  const n = Math.round((span.end - span.start) / step) + 1;
  const keep = Math.max(0, Math.min(n, Math.floor(left)));
  if (keep === 0) {
    return { cut: n };
  }
  return { fetch: { start: span.end - (keep - 1) * step, end: span.end, points: keep }, cut: n - keep };
}

/**
 * The warning when the samples a refit after a jump read were cut at the history limit (boundPhase), in
 * the data source's notices or the forecast panel's notes (`door`).
 */
export function leadCutWarning(
  cut: number,
  step: number,
  coarseStep: number,
  door: 'data source' | 'panel' = 'data source'
): string {
  const instead = door === 'data source' ? 'the companion engine or ' : '';
  return (
    `a refit after a jump read the history before the range every ${coarseStep / 1000}s at another phase, which ` +
    `Prometheus returns only at step ${step / 1000}s: cut at the ${door}'s history limit of ` +
    `${formatCount(MAX_HISTORY_POINTS)} points per series (${formatCount(cut)} points not fetched), so the values after the ` +
    `jump may differ from the companion's; use ${instead}a step of ${coarseStep / 1000}s`
  );
}

/** What a lead-in's phases have left of MAX_HISTORY_POINTS, and what they cut (boundPhase), per series. */
export interface LeadBudget {
  left: number;
  cut?: { points: number; step: number };
}

/**
 * The budget of a series' coarse lead-in: what MAX_HISTORY_POINTS leaves after the `before` points
 * already fetched before the range (the fine lead-in, or the panel's samples at the series' step).
 */
export function phaseBudget(before: number): LeadBudget {
  return { left: Math.max(0, MAX_HISTORY_POINTS - before) };
}

/**
 * The part of a phase's `span` at `step` to fetch within `budget` (boundPhase), counting it against
 * the budget and what it cuts: the one rule of the data source's and the panel's coarse lead-in.
 */
export function spendOnPhase(
  budget: LeadBudget,
  span: { start: number; end: number } | undefined,
  step: number
): { start: number; end: number; points: number } | undefined {
  if (!span) {
    return undefined;
  }
  const { fetch, cut } = boundPhase(span, step, budget.left);
  if (fetch) {
    budget.left -= fetch.points;
  }
  if (cut > 0) {
    budget.cut = { points: (budget.cut?.points ?? 0) + cut, step: Math.min(budget.cut?.step ?? step, step) };
  }
  return fetch;
}
