/**
 * The engine's entry point: one function call evaluated at grid points, per series of its inner
 * query. The companion shapes the result as Prometheus would (companion/src/query/evaluate.ts); the
 * worker returns it to the data source and the panels; the CLI prints it.
 */
import { type EngineEnv, type EvalGrid, matrixEnv, type SeriesValues, trainCapWarning } from './context';
import { type DetectionOnGrid, detectAllOnGrid } from './detectRuns';
import { type FitDetail, fitDetails, FUNCTIONS, later } from './functions';
import { alignDown, gridPoints } from './grid';
import { type GridMatrix, matrixHistory } from './history';
import { isDetectorFunction } from './leadIn';
import { fineGrid, onFinerGrid, scoringResolution } from './resolution';
import type { FunctionCall, FunctionName } from './query';
import { EngineWarnings } from './warnings';

/**
 * Values of `call` at `grid.points` (ascending grid points), one entry per source series. Detector
 * functions score at the call's resolution when the grid is coarser (resolution.ts).
 */
export function evaluate(call: FunctionCall, grid: EvalGrid, env: EngineEnv): Promise<SeriesValues[]> {
  return evaluateAt(call, grid.step, grid.points, env);
}

/**
 * Values of `call` at query times `times` (ascending, any ms) on the grid of `step`, one entry per
 * source series, aligned with `times`. The one rule of every host: a detector scoring finer than
 * the step reports at t the highest score in (t - step, t] (resolution.ts, onFinerGrid); one scoring
 * coarser than the step (a 15 s grid over 1-minute data) gives t the value of the coarse point at or
 * before it; otherwise t takes the value of the grid point at or before it (grid.ts), the only grid
 * point in that window.
 */
export async function evaluateAt(
  call: FunctionCall,
  step: number,
  times: number[],
  env: EngineEnv
): Promise<SeriesValues[]> {
  const run = (c: FunctionCall, g: EvalGrid, e: EngineEnv) => FUNCTIONS[c.func](c, g, e);
  const grid = { step, points: gridPoints(times, step) };
  if (!isDetectorFunction(call)) {
    return atTimes(await run(call, grid, env), grid, times, call.func === 'time_to_exhaustion');
  }
  const resolution = await scoringResolution(call, grid, env);
  // The resolution is spent here: runs on the same grid share their cache however it was chosen.
  const { resolution: _spent, ...options } = call.options;
  const runCall = { ...call, options };
  if (resolution !== undefined && resolution > step) {
    // A grid finer than the data's resolution: score on the coarser grid (epoch-aligned, as a query at
    // that step is) and give each time the score and band of the coarse point at or before it.
    const coarse = { step: resolution, points: gridPoints(times, resolution) };
    noteTrainCap(call, env, resolution);
    return atTimes(await run(runCall, coarse, env), coarse, times);
  }
  const { fine, coarsened } = fineGrid(step, resolution, grid.points.length);
  // Counted at the step the detector trains at: 10 days at a 10-minute step are 1,440 points, but
  // scored every minute 14,400, cut to 10,000 (said nowhere before).
  noteTrainCap(call, env, fine);
  if (coarsened !== undefined) {
    env.warnings?.note(coarsened);
  }
  return fine < step
    ? onFinerGrid(runCall, step, times, fine, env, run)
    : atTimes(await run(runCall, grid, env), grid, times);
}

/** Windowed fits say this themselves (windowedFits.ts); detector runs train on the same window. */
function noteTrainCap(call: FunctionCall, env: EngineEnv, step: number): void {
  const cap = trainCapWarning(call.options, env, step);
  if (cap !== undefined) {
    env.warnings?.note(cap);
  }
}

/**
 * Values on `grid` read at query times: each time takes its grid point at or before it. A countdown
 * (time to exhaustion) is counted from the time itself: at 16:48 on a 1-hour step the 16:00 point's
 * crossing is 48 minutes nearer, not the same number of seconds away.
 */
function atTimes(series: SeriesValues[], grid: EvalGrid, times: number[], countdown = false): SeriesValues[] {
  if (times.length === grid.points.length && times.every((t, i) => t === grid.points[i])) {
    return series;
  }
  const index = new Map(grid.points.map((g, i) => [g, i]));
  const at = times.map((t) => index.get(alignDown(t, grid.step))!);
  const since = times.map((t) => t - alignDown(t, grid.step));
  return series.map((s) => ({
    labels: s.labels,
    values: Float64Array.from(at, (i, k) => (countdown ? later(s.values[i], since[k]) : s.values[i])),
  }));
}

/** Values of one call, per source series, and what limited them (warnings.ts). */
export interface CallValues {
  func: FunctionName;
  series: SeriesValues[];
  warnings: string[];
  /**
   * Phases of the matrix's coarse lead-in (history.ts CoarseLead) the call read and the matrix does not
   * hold (a refit after a jump off the refit grid): the caller fetches them and evaluates again.
   */
  unfetched?: number[];
  /** Phases of the coarse lead-in the call read, held or not (history.ts MatrixHistory.leadRead). */
  leadRead?: number[];
}

/**
 * Evaluates several calls over the same source matrix (the worker's and the CLI's path): one
 * environment, so calls over the same fits (forecast and its bounds) fit once. The matrix should
 * start at `historyStart` (leadIn.ts) of the first point for the values to equal the companion's.
 * `step`, the grid of `points`, is the matrix's unless given: a detector call whose resolution is
 * finer than it runs on the matrix at that resolution (the data source fetches it so, fineScoring.ts).
 */
export async function evaluateMatrix(
  matrix: GridMatrix,
  calls: FunctionCall[],
  points: number[],
  step: number = matrix.step
): Promise<CallValues[]> {
  const history = matrixHistory(matrix);
  const env = { ...matrixEnv(matrix), history };
  const out: CallValues[] = [];
  for (const call of calls) {
    env.warnings = new EngineWarnings();
    const series = await evaluate(call, { step, points }, env);
    const unfetched = history.unfetched();
    const leadRead = history.leadRead();
    out.push({
      func: call.func,
      series,
      warnings: env.warnings.list(),
      ...(unfetched.length ? { unfetched } : {}),
      ...(leadRead.length ? { leadRead } : {}),
    });
  }
  return out;
}

/**
 * What the windowed calls' models said at time `at` (ms; the matrix's grid point at or before it), per
 * call and series (see fitDetails: a time to exhaustion is counted from `at`, as the companion counts
 * an instant query's from its time).
 */
export async function detailsOnMatrix(
  matrix: GridMatrix,
  calls: FunctionCall[],
  at: number
): Promise<
  Array<
    Array<{ labels: Record<string, string>; detail: FitDetail | undefined; unfetched?: number[]; leadRead?: number[] }>
  >
> {
  const history = matrixHistory(matrix);
  const env = { ...matrixEnv(matrix), history };
  const out = [];
  for (const call of calls) {
    const details = await fitDetails(call, at, matrix.step, env);
    // As evaluateMatrix: the phases of the coarse lead-in read and not held (CallValues.unfetched), and all read.
    const unfetched = history.unfetched();
    const leadRead = history.leadRead();
    out.push(
      details.map((d) => ({
        ...d,
        ...(unfetched.length ? { unfetched } : {}),
        ...(leadRead.length ? { leadRead } : {}),
      }))
    );
  }
  return out;
}

/** Every detector output of an anomaly_* call over a matrix at grid points (see detectAllOnGrid). */
export function detectionsOnMatrix(
  matrix: GridMatrix,
  call: FunctionCall,
  points: number[]
): Promise<DetectionOnGrid[]> {
  return detectAllOnGrid(call, { step: matrix.step, points }, matrixEnv(matrix));
}
