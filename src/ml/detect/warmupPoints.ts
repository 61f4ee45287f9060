/**
 * How much data a detector needs before its first judgement, at the series' own step:
 * - `warmupPointsFor(options, stepMs)`: the index of the first point the detector scores on a
 *   complete, regular series sampled every `stepMs` ms (missing values only delay it);
 * - `minPointsFor(options, stepMs)`: the points a series needs for one judgement (that index + 1);
 * - `tooShortMessage(...)`: the "needs at least N points at this step" sentence adapters show.
 *
 * Without a step these give the least over all steps. The step matters for the Prophet-style model
 * (and so the ensemble): it waits for two days of data when its window will span two days. The
 * ensemble judges as soon as its provisional members do (registry.ts EnsembleDetector: the same
 * members with shorter warm-ups, warmup.ts), so the default ensemble first judges point 130 on
 * 1-minute or hourly data and point 330 on 5-minute data (the regular members take over at 330 and
 * 607).
 */
import { formatSpan } from '../../common/duration';
import { DETECTORS, type DetectorWarmup } from '../../common/models';
import { CALIBRATION_MIN } from './ensemble';
import { resolveOptions } from './options';
import { createPointModel, ENSEMBLE_MEMBERS } from './registry';
import { DetectorModel, DetectorOptions, PointModel, ResolvedOptions } from './types';

/** Index of the first point `m` scores at `stepMs` (its own rule when it has one, else `warmup`). */
function modelWarmup(m: PointModel, stepMs: number): number {
  return m.warmupAt ? m.warmupAt(stepMs) : m.warmup;
}

function warmupOf(name: DetectorModel, opts: ResolvedOptions, stepMs: number): number {
  const warmup: DetectorWarmup = DETECTORS[name].warmup;
  if (warmup.from === 'buffer') {
    // The LSTM buffers min(trainWindow, maxPoints) points (lstm.ts), trains after the last of them and
    // judges the next one; the figure comes from the catalogue because importing lstm.ts loads tfjs.
    return Math.min(opts.trainWindow, warmup.maxPoints);
  }
  return modelWarmup(createPointModel(name, opts), stepMs);
}

/**
 * Index of the first point the detector of `options` scores on a complete series at `stepMs` ms
 * (NaN or absent: the least over all steps). The ensemble judges once its earliest member, regular
 * or provisional, has CALIBRATION_MIN calibrated values.
 *
 * @example warmupPointsFor({}, 300_000) // 330: 300 points for the provisional Holt-Winters, then 30 calibration points
 */
export function warmupPointsFor(options: DetectorOptions = {}, stepMs = NaN): number {
  const opts = resolveOptions(options);
  if (DETECTORS[opts.model].warmup.from === 'members') {
    const provisional = { ...opts, provisional: true };
    return (
      Math.min(...ENSEMBLE_MEMBERS.flatMap((m) => [warmupOf(m, opts, stepMs), warmupOf(m, provisional, stepMs)])) +
      CALIBRATION_MIN
    );
  }
  return warmupOf(opts.model, opts, stepMs);
}

/**
 * Points a series sampled every `stepMs` ms needs before the detector judges one (for "needs N
 * points" messages): `warmupPointsFor(options, stepMs) + 1`. Without a step, the least over all steps.
 *
 * @example minPointsFor({}, 300_000) // 331 on 5-minute data; minPointsFor({}, 60_000) // 131
 */
export function minPointsFor(options: DetectorOptions = {}, stepMs = NaN): number {
  return warmupPointsFor(options, stepMs) + 1;
}

/**
 * The not-enough-data sentence: "the ensemble detector needs at least 331 points at this step (about
 * 27.5 h at 5 min per point), got 250". `got` is a count of points, or a phrase.
 */
export function tooShortMessage(model: string, need: number, stepMs: number, got: number | string): string {
  const at =
    stepMs > 0 ? ` at this step (about ${formatSpan((need - 1) * stepMs)} at ${formatSpan(stepMs)} per point)` : '';
  return `the ${model} detector needs at least ${need} points${at}, got ${got}`;
}
