/**
 * The CLI's door into the one engine (src/engine): a CSV series becomes a matrix on the engine's
 * grid, and `forecast` and `tte` read what the companion answers at the series' last point with the
 * same options: `step=<the series' step>`, `refit=<--refit, else the step>` (a fit at the point
 * itself: a file has no later "now" to count down to, the companion refits hourly), and train= only
 * when given (else the engine's default, the companion's: 3d). So the CLI, the companion, the data
 * source and the panels give the same figures for the same series, step and options.
 */
import { MAX_TRAIN_POINTS, matrixEnv, TTE_DEFAULT_TRAIN } from '../src/engine/context';
import { type FitDetail, fitDetails } from '../src/engine/functions';
import { type GridMatrix, rowsOnGrid } from '../src/engine/history';
import { formatCount, rowNotes } from '../src/engine/warnings';
import { formatSpan } from '../src/common/duration';
import type { FunctionCall } from '../src/engine/query';
import { MlError, type Series } from '../src/ml/types';
import { usageError } from './exitCodes';

/**
 * Rows a forecast or a time to exhaustion reads at most (those of the latest timestamps): four times
 * the engine's limit of training points, so the last window is whole even when rows are irregular or
 * repeat timestamps, and memory stays bounded on inputs of millions of rows.
 */
export const KEEP_ROWS = 4 * MAX_TRAIN_POINTS;

/**
 * Rows a time to exhaustion reads at most for a training window of `train` ms (its --train, else the
 * default 14 days; --train all: the default's rows): a window longer than the points limit at fine
 * steps is read coarsely (src/engine/context.ts trainRead), so it needs the rows of the whole window,
 * not of 10,000 steps: twice those of the window at 15 s (161,280 rows for 14 days, about 2.6 MB of
 * values), room for repeated or irregular timestamps. Bounded; earlier rows are counted on stderr as unused.
 */
export function tteKeepRows(train?: number | 'all'): number {
  const window = typeof train === 'number' ? train : TTE_DEFAULT_TRAIN;
  return Math.max(KEEP_ROWS, 2 * Math.round(window / 15_000));
}

/**
 * The warning when the rows tteKeepRows kept span less than the training window (rows finer than
 * 15 s apart), or than the whole series `--train all` asks for: the answer then reads less history
 * than asked; undefined otherwise (nothing dropped, or the rows kept hold the window, within an hour
 * of refit slack).
 */
export function tteKeptShort(csv: { t: Float64Array; unused: number }, train?: number | 'all'): string | undefined {
  if (csv.unused === 0 || csv.t.length < 2) {
    return undefined;
  }
  let first = Infinity;
  let last = -Infinity;
  for (const ms of csv.t) {
    first = Math.min(first, ms);
    last = Math.max(last, ms);
  }
  const span = last - first;
  const read = `time to exhaustion read ${formatSpan(span)} of history (the latest ${formatCount(csv.t.length)} rows kept)`;
  if (train === 'all') {
    return `${read}, not the whole series --train all asks for: pass --now to read every row`;
  }
  const window = train ?? TTE_DEFAULT_TRAIN;
  if (span + 3_600_000 >= window) {
    return undefined;
  }
  return (
    `${read}, less than the ${formatSpan(window)} training window the companion reads: pass --now to read every row, or a coarser series`
  );
}

/** A series on the engine's grid, with where its evaluation point lies. */
export interface EngineInput {
  matrix: GridMatrix;
  /** The grid point evaluated: the last one at or before --now, or the last one. */
  point: number;
  /** Add to engine times to get the input's own. */
  shift: number;
  step: number;
  /** Training window (ms): --train, every point for `--train all`, unset for the engine's default (3d). */
  train?: number;
  /** Refit interval (ms): --refit, else the step (a fit at the point itself). */
  refit: number;
  /** Points off the grid (irregular timestamps) the engine does not read, in words; [] when none. */
  notes: string[];
}

/**
 * The input as the engine reads it: rows sorted by time, rows of equal time merged into their mean and
 * put on the grid of the step (history.ts rowsOnGrid, as the panels and `detect` do). With `--train all` the whole series up to the point trains the
 * model, up to the engine's limit of points: the engine cuts a longer window to its last points and
 * says so (see detailAt), except time to exhaustion's, which it reads at a coarser step (trainRead).
 */
export function engineInput(
  input: Series,
  opts: { step?: number; now?: number; train?: number | 'all'; refit?: number }
): EngineInput {
  let onGrid: ReturnType<typeof rowsOnGrid>;
  try {
    onGrid = rowsOnGrid(input.t, input.v, opts.step);
  } catch (e) {
    if (e instanceof MlError && e.code === 'not_enough_data') {
      throw usageError('the series needs at least two distinct timestamps to know its step (or give --step)');
    }
    throw e;
  }
  const { matrix, step, counts } = onGrid;
  const n = matrix.series[0].values.length;
  const last = matrix.from + (n - 1) * step;
  const point =
    opts.now === undefined
      ? last
      : Math.min(last, matrix.from + Math.floor((opts.now - matrix.shift - matrix.from) / step) * step);
  if (point < matrix.from) {
    throw usageError('--now lies before the first input timestamp');
  }
  const available = Math.round((point - matrix.from) / step) + 1;
  const train = opts.train === 'all' ? available * step : opts.train;
  // Sorting and merging are reported by the reader (describeInput); points off the grid here.
  const notes = rowNotes({ outOfOrder: 0, merged: 0, noTime: 0, offGrid: counts.offGrid }, '', (one) =>
    one ? 'was not used' : 'were not used'
  );
  return { matrix, point, shift: matrix.shift, step, train, refit: opts.refit ?? step, notes };
}

/**
 * What the engine's model said for `call` at the input's point (undefined: not enough data), and
 * what the engine said limited it (e.g. a training window cut to the engine's limit of points).
 */
export async function detailAt(
  input: EngineInput,
  call: FunctionCall
): Promise<{ detail: FitDetail | undefined; warnings: string[] }> {
  const env = matrixEnv(input.matrix);
  const [s] = await fitDetails(call, input.point, input.step, env);
  return { detail: s?.detail, warnings: env.warnings?.list() ?? [] };
}

/**
 * Options a CLI call spells out: the series' step, the refit interval, and the training window when
 * given (else the engine's default, the companion's built-in one).
 */
export function callOptions(input: EngineInput): FunctionCall['options'] {
  return { step: input.step, refit: input.refit, ...(input.train === undefined ? {} : { train: input.train }) };
}
