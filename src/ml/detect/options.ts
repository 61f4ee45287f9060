/**
 * Detector options: defaults filled in and values checked, before any model is built (registry.ts
 * builds them). The model names come from the catalogue (src/common/models.ts).
 */
import { isDetectorModel, unknownModelMessage } from '../../common/models';
import { MlError } from '../types';
import { clampSensitivity } from './sensitivity';
import { DEFAULT_ADAPT_AFTER_MS, DEFAULT_SENSITIVITY, DEFAULT_TRAIN_WINDOW, DetectorOptions, ResolvedOptions } from './types';

/** Fewest training points a detector accepts (trainWindow). */
export const MIN_TRAIN_WINDOW = 50;

/** Longest accepted `adaptAfter`: 30 days. */
const MAX_ADAPT_AFTER_MS = 30 * 86_400_000;

/** Fills defaults and validates options; throws MlError('unknown_model' | 'bad_input'). */
export function resolveOptions(options: DetectorOptions = {}): ResolvedOptions {
  const model = options.model ?? 'ensemble';
  if (!isDetectorModel(model)) {
    throw new MlError('unknown_model', unknownModelMessage('detector', model));
  }
  const trainWindow = options.trainWindow ?? DEFAULT_TRAIN_WINDOW;
  if (!Number.isInteger(trainWindow) || trainWindow < MIN_TRAIN_WINDOW || trainWindow > 100_000) {
    throw new MlError('bad_input', `trainWindow must be an integer in [${MIN_TRAIN_WINDOW}, 100000], got ${trainWindow}`);
  }
  const season = options.season ?? 'auto';
  if (season !== 'auto' && !(Number.isInteger(season) && season >= 0 && season <= trainWindow / 2)) {
    throw new MlError(
      'bad_input',
      `season must be 'auto', 0 or a whole number of points up to trainWindow/2, got ${season}`
    );
  }
  const adaptAfter = options.adaptAfter ?? DEFAULT_ADAPT_AFTER_MS;
  if (!(adaptAfter >= 0 && adaptAfter <= MAX_ADAPT_AFTER_MS)) {
    throw new MlError('bad_input', `adaptAfter must be a duration in ms from 0 to 30 days, got ${adaptAfter}`);
  }
  return {
    model,
    sensitivity: clampSensitivity(options.sensitivity, DEFAULT_SENSITIVITY),
    trainWindow,
    season,
    seed: Number.isFinite(options.seed) ? (options.seed as number) >>> 0 : 1,
    adaptAfter,
  };
}
