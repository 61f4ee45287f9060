/**
 * How much history before its first grid point a call reads: what a caller holding its own data
 * (the data source's browser path, the CLI) must fetch so its values equal the companion's, which
 * reads the same history from its upstream.
 */
import { type EngineSettings, lookBack, trainRead, trainWindow } from './context';
import { detectLeadIn } from './detectRuns';
import { alignDown, mod, segmentStart } from './grid';
import { outlierLeadIn } from './groupOutliers';
import type { FunctionCall } from './query';
import { refitInterval } from './windowedFits';

/** Detector functions: values come from runs over segments; the rest are windowed fits. */
export function isDetectorFunction(call: FunctionCall): boolean {
  return call.func.startsWith('anomaly_');
}

/**
 * Earliest grid point whose source value the call reads to evaluate `firstPoint` and later points
 * on the grid of `step`: the start of the detector run that covers it, or the start of the
 * training window of its first fit.
 *
 * @example historyStart({ func: 'trend_slope', inner: 'x', options: { train: 3_600_000, refit: 600_000 } }, 60_000, 7_200_000, env) // 2_760_000 (3_660_000 less the look-back of 15 steps: context.ts lookBack)
 */
export function historyStart(call: FunctionCall, step: number, firstPoint: number, env: EngineSettings): number {
  if (isDetectorFunction(call)) {
    return segmentStart(firstPoint, detectLeadIn(call, env, step), step);
  }
  if (call.func.startsWith('outliers')) {
    return alignDown(firstPoint, step) - outlierLeadIn(call, step);
  }
  // A window read coarsely (time to exhaustion, a long forecast: trainRead) starts one coarse step
  // after f - train; it reaches further back than the jump test's window at the call's step
  // (windowedFits.jumpsAfter).
  // Time to exhaustion, the trend tests and forecasts read a few samples more before it (lookBack),
  // for a reset at its start.
  const read = trainRead(call.options, env, step, call.func, call.capacity, call.horizon);
  return alignDown(firstPoint, refitInterval(call, env, step)) - read.train + read.step - lookBack(call, read);
}

/**
 * What a caller holding its own data (the data source's browser path, the panels) must fetch before
 * its first grid point so the calls read what the companion reads, and no more: every sample at the
 * call's step from `fineFrom`, and before it only the samples of the coarse reads (time to
 * exhaustion's 14 days at 15 s are read every 150 s: 8,064 samples, where the whole window at 15 s is
 * 80,640). The coarse samples a read takes are those ≡ its fit time modulo `coarseStep`: `phases`
 * holds those of the fit times on the refit grid; a refit after a jump at another step time reads
 * another phase, which the caller learns from the evaluation (matrixHistory's `unfetched`) and fetches.
 */
export interface LeadInReads {
  /** Earliest time read (historyStart of the calls). */
  from: number;
  /** From here to the first point every sample at the call's step is read (a jump test, a fine fit). */
  fineFrom: number;
  /** The step of the reads before `fineFrom` (the call's step when none is coarser). */
  coarseStep: number;
  /** Times modulo `coarseStep` of the coarse samples the fit times on the refit grid read. */
  phases: number[];
}

/**
 * The reads of `calls` before `firstPoint` on the grid of `step` (see {@link LeadInReads}); with
 * `alsoAt`, a later grid point whose refit after a jump may read the window ending there too (a
 * panel evaluates at one point, so its phase is known up front).
 *
 * @example leadInReads([tte], 15_000, first, env) // { from: first - 14 d …, fineFrom: f - 41.7 h …, coarseStep: 150_000, phases: [0] }
 */
export function leadInReads(
  calls: FunctionCall[],
  step: number,
  firstPoint: number,
  env: EngineSettings,
  alsoAt?: number
): LeadInReads {
  let from = firstPoint;
  let fineFrom = firstPoint;
  const coarse: Array<{ step: number; fitTime: number }> = [];
  for (const call of calls) {
    const start = historyStart(call, step, firstPoint, env);
    from = Math.min(from, start);
    const read =
      isDetectorFunction(call) || call.func.startsWith('outliers')
        ? undefined
        : trainRead(call.options, env, step, call.func, call.capacity, call.horizon);
    if (!read || read.step === step) {
      fineFrom = Math.min(fineFrom, start);
      continue;
    }
    // The jump test reads the call's step, at most the points limit back (windowedFits.ts jumpsAfter).
    const f = alignDown(firstPoint, refitInterval(call, env, step));
    const jumpTrain = Math.min(
      trainWindow(call.options, env, step, call.func, call.capacity),
      env.maxTrainPoints * step
    );
    fineFrom = Math.min(fineFrom, f - jumpTrain + step);
    coarse.push({ step: read.step, fitTime: f });
  }
  if (coarse.length === 0 || fineFrom <= from) {
    return { from, fineFrom: from, coarseStep: step, phases: [] };
  }
  const coarseStep = coarse.reduce((g, c) => gcd(g, c.step), coarse[0].step);
  const times = [...coarse.map((c) => c.fitTime), ...(alsoAt === undefined ? [] : [alsoAt])];
  const phases = [...new Set(times.map((t) => mod(t, coarseStep)))].sort((a, b) => a - b);
  return { from, fineFrom, coarseStep, phases };
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}
