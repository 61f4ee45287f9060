/**
 * The data source's browser engine scores detectors at the resolution the companion chooses for
 * the same query and step (src/engine/resolution.ts): when the step is coarser than the data, the
 * detector runs on the data's own grid (not finer than 1 m, not finer than the samples) and each
 * step reports the highest fine score in (t - step, t], its value the sample at t. The companion
 * learns the interval from its upstream's raw samples; the data source learns it from the same
 * Prometheus through Grafana (sources/promSampleIntervals.ts), applies the same rule here on the
 * main thread, and hands the worker calls that carry the chosen resolution and a matrix fetched at
 * it. A step finer than that resolution (Grafana's 15 s for "Last 1h") scores on the coarser grid
 * as the companion does, each grid point reading the coarse point at or before it. Framework-free.
 */
import { ENGINE_DEFAULTS, type EvalGrid } from '../engine/context';
import type { FunctionCall } from '../engine/query';
import { DEFAULT_RESOLUTION, fineGrid, type SampleIntervalSource, scoringResolution } from '../engine/resolution';
import { EngineWarnings } from '../engine/warnings';
import { callFor, type DerivedFunc, type DeriveSpec } from './plan';

/** Where and how the browser engine reads and scores a query's calls. */
export interface FineScoring {
  /** The step the source matrix is fetched at and the detectors run on (the grid's step when none is finer). */
  step: number;
  /**
   * The detectors score coarser than the grid (`step` is their resolution): the raw series, read at
   * the grid's points, are fetched at the grid's step apart.
   */
  coarser?: true;
  /** The calls for the worker's evaluation at the grid's points: detectors carry `resolution` = `step`. */
  calls: FunctionCall[];
  /** The same calls as the detector runs them on the fine grid, for leadInReads at `step`. */
  readCalls: FunctionCall[];
  /** The earliest fine point a grid point reads: `k - 1` fine steps before the first grid point (the coarse point at or before it). */
  first: number;
  /** Why the resolution is not the data's own (the interval could not be told, series differ). */
  warnings: string[];
}

/**
 * The fine step of `calls` (all detectors, as one output's are) on `grid`, chosen as the companion
 * chooses with its default resolution; `intervals` undefined (a source without raw samples: Parca,
 * Pixie) scores on the grid. Calls that are not all detectors are returned unchanged.
 */
export async function fineScoring(
  calls: FunctionCall[],
  grid: EvalGrid,
  intervals: SampleIntervalSource | undefined,
  now: number,
  signal?: AbortSignal
): Promise<FineScoring> {
  return withFine(calls, grid, await fineChoice(calls, grid, intervals, now, signal));
}

/**
 * The fine step {@link fineScoring} chooses for `calls`, or the coarser resolution they score at on a
 * finer grid (neither: they score on the grid), and what it says.
 */
interface FineChoice {
  fine?: number;
  coarse?: number;
  warnings: string[];
}

async function fineChoice(
  calls: FunctionCall[],
  grid: EvalGrid,
  intervals: SampleIntervalSource | undefined,
  now: number,
  signal?: AbortSignal
): Promise<FineChoice> {
  if (calls.length === 0 || !calls.every((c) => c.func.startsWith('anomaly_')) || intervals === undefined) {
    return { warnings: [] };
  }
  const warnings = new EngineWarnings();
  const env = {
    defaults: { ...ENGINE_DEFAULTS, resolution: DEFAULT_RESOLUTION },
    sampleIntervals: intervals,
    now: () => now,
    signal,
    warnings,
  };
  // Detectors are the anomaly_* calls (leadIn.ts isDetectorFunction, not imported: it would pull the
  // whole engine into the data source's main-thread bundle). One output's calls share their inner
  // query and options: one choice for all.
  const resolution = await scoringResolution(calls[0], grid, env);
  if (resolution !== undefined && resolution > grid.step) {
    return { coarse: resolution, warnings: warnings.list() };
  }
  // Said here, as the companion's evaluate says it: the worker gets the fine step as the calls'
  // resolution (or the grid's, when the limit left no finer step) and has nothing to warn of.
  const { fine, coarsened } = fineGrid(grid.step, resolution, grid.points.length);
  if (coarsened !== undefined) {
    warnings.note(coarsened);
  }
  return fine < grid.step ? { fine, warnings: warnings.list() } : { warnings: warnings.list() };
}

/** `calls` as they run at `choice`'s fine step (unchanged on the grid when there is none). */
function withFine(calls: FunctionCall[], grid: EvalGrid, choice: FineChoice): FineScoring {
  const first = grid.points[0];
  const { fine, coarse, warnings } = choice;
  if (coarse !== undefined) {
    // As evaluateAt runs them on the coarse grid: the resolution spent, the grid the coarse one.
    return {
      step: coarse,
      coarser: true,
      calls: calls.map((c) => ({ ...c, options: { ...c.options, resolution: coarse } })),
      readCalls: calls.map((c) => {
        const { resolution: _spent, ...options } = c.options;
        return { ...c, options };
      }),
      first: Math.floor(first / coarse) * coarse,
      warnings,
    };
  }
  if (fine === undefined) {
    return { step: grid.step, calls, readCalls: calls, first, warnings };
  }
  const k = Math.round(grid.step / fine);
  return {
    step: fine,
    calls: calls.map((c) => ({ ...c, options: { ...c.options, resolution: fine } })),
    // As onFinerGrid runs them: the fine grid is the detector's own grid, the resolution spent.
    readCalls: calls.map((c) => {
      const { resolution: _spent, ...options } = c.options;
      return { ...c, options: { ...options, step: fine } };
    }),
    first: first - (k - 1) * fine,
    warnings,
  };
}

/**
 * The detectors' training window when the query gives none and they score finer than the step: the
 * companion's default (3 days), which the shipped alert rules train on, so a panel left at its
 * defaults judges as the alerts do. The grid's default (1,000 steps) is a week at 10 minutes: at one
 * minute that is 10,000 points, whose calibration remembers a week of incidents, and on the demo's
 * 28 days of history it scored the web-1 CPU saturations 0.59 to 0.67 and caught 1 of 9 latency
 * spikes, where 3 days scores all three saturations and all nine spikes above 0.76
 * (tests/node/datasource/nativeResolution.test.ts).
 */
export const FINE_DEFAULT_TRAIN = ENGINE_DEFAULTS.train;

/**
 * The spec and the fine scoring of one query's `funcs` over `inner`: when detectors score finer than
 * the step and `trainGiven` is false, the spec trains on {@link FINE_DEFAULT_TRAIN}.
 */
export async function scoringPlan(
  spec: DeriveSpec | undefined,
  trainGiven: boolean,
  funcs: DerivedFunc[],
  inner: string,
  grid: EvalGrid,
  intervals: SampleIntervalSource | undefined,
  now: number
): Promise<{ spec: DeriveSpec | undefined; fine: FineScoring }> {
  const callsOf = (s: DeriveSpec | undefined) => (s ? funcs.map((f) => callFor(f, inner, s)) : []);
  const calls = callsOf(spec);
  const choice = await fineChoice(calls, grid, intervals, now);
  if (!spec || spec.kind !== 'detect' || trainGiven || (choice.fine === undefined && choice.coarse === undefined)) {
    return { spec, fine: withFine(calls, grid, choice) };
  }
  // The choice does not depend on the training window: made once, applied to the trained calls.
  const trained = { ...spec, train: FINE_DEFAULT_TRAIN };
  return { spec: trained, fine: withFine(callsOf(trained), grid, choice) };
}
