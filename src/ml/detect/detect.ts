/**
 * Batch detection over a whole series: sanitises it (core/prepare.ts), runs a fresh causal detector
 * over it and returns the per-point result aligned with the cleaned points (sorted, duplicates merged).
 * When the series has gaps or irregular steps it is first put on a regular grid (NaN in empty slots)
 * so that season lengths in points stay meaningful; results are then read back at the original points.
 */
import { prepareSeries } from '../core/prepare';
import { DetectionResult, MlError, Series } from '../types';
import { resolveOptions } from './options';
import { createDetector } from './registry';
import { Detector, DetectorOptions } from './types';
import { minPointsFor, tooShortMessage } from './warmupPoints';

/** Batch result: the detection plus the timestamps it is aligned with (the cleaned input points). */
export type BatchDetection = DetectionResult & { t: Float64Array };

/**
 * Scores every point of `series` causally.
 *
 * @throws MlError('not_enough_data') when no point can be judged: fewer points than
 *         `minPointsFor(options, step)` at the series' step ("needs at least 331 points at this step
 *         (about 27.5 h at 5 min per point), got 250"), or enough points but too few with values;
 *         MlError('bad_input') for mismatched lengths, no finite value, or values beyond +-1e150;
 *         MlError('unknown_model') for an unknown model, or 'lstm' (use detectAsync).
 */
export function detect(series: Series, options: DetectorOptions = {}): BatchDetection {
  return runBatch(series, options, (o) => createDetector(o));
}

/** Shared by detect() and detectAsync(): prepare, check length, run `make()`'s detector, map back. */
export function runBatch(
  series: Series,
  options: DetectorOptions,
  make: (o: DetectorOptions) => Detector
): BatchDetection {
  const opts = resolveOptions(options);
  let prepared = prepareSeries(series);
  let finite = 0;
  for (let i = 0; i < prepared.v.length; i++) {
    finite += Number.isFinite(prepared.v[i]) ? 1 : 0;
  }
  if (prepared.t.length > 0 && finite === 0) {
    throw new MlError('bad_input', 'the series has no finite values');
  }
  const cleanT = prepared.t;
  if (prepared.gaps > 0 || prepared.irregular) {
    prepared = prepareSeries(series, { regularise: true });
  }
  // Warm-ups count points on the (regularised) grid; missing values can only delay the first judgement.
  const step = prepared.stepMs;
  const need = minPointsFor(opts, step);
  const points = prepared.t.length;
  if (points < need) {
    throw new MlError('not_enough_data', tooShortMessage(opts.model, need, step, points));
  }
  const res = make(opts).update(prepared.t, prepared.v);
  if (!res.score.some((x) => Number.isFinite(x))) {
    // Enough points, but the missing values kept every point from being judged.
    throw new MlError(
      'not_enough_data',
      tooShortMessage(opts.model, need, step, `${points} of which ${finite} have values; none could be judged`)
    );
  }
  const slotOf = prepared.slotOf;
  if (!slotOf) {
    return { ...res, t: cleanT };
  }
  const pick = <T extends Float64Array | Uint8Array | Uint32Array>(a: T): T => {
    const out = new (a.constructor as { new (n: number): T })(slotOf.length);
    for (let i = 0; i < slotOf.length; i++) {
      out[i] = a[slotOf[i]];
    }
    return out;
  };
  return {
    expected: pick(res.expected),
    lower: pick(res.lower),
    upper: pick(res.upper),
    score: pick(res.score),
    isAnomaly: pick(res.isAnomaly),
    ...(res.fired ? { fired: pick(res.fired), members: res.members } : {}),
    t: cleanT,
  };
}
