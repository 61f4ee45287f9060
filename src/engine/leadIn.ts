/**
 * How much history before its first grid point a call reads: what a caller holding its own data
 * (the data source's browser path, the CLI) must fetch so its values equal the companion's, which
 * reads the same history from its upstream.
 */
import { type EngineSettings, trainRead } from './context';
import { detectLeadIn } from './detectRuns';
import { alignDown, segmentStart } from './grid';
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
 * @example historyStart({ func: 'trend_slope', inner: 'x', options: { train: 3_600_000, refit: 600_000 } }, 60_000, 7_200_000, env) // 3_660_000
 */
export function historyStart(call: FunctionCall, step: number, firstPoint: number, env: EngineSettings): number {
  if (isDetectorFunction(call)) {
    return segmentStart(firstPoint, detectLeadIn(call, env, step), step);
  }
  if (call.func.startsWith('outliers')) {
    return alignDown(firstPoint, step) - outlierLeadIn(call, step);
  }
  // A window read coarsely (time to exhaustion, trainRead) starts one coarse step after f - train; it
  // reaches further back than the jump test's window at the call's step (windowedFits.jumpsAfter).
  const read = trainRead(call.options, env, step, call.func, call.capacity);
  return alignDown(firstPoint, refitInterval(call, env, step)) - read.train + read.step;
}
