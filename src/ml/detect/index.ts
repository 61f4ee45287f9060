/**
 * Public detection API of the engine (see docs/anomaly-detection.md).
 * - `detect(series, options)`: batch, sanitised input, causal output aligned with the cleaned points.
 * - `createDetector(options, state?)`: incremental; `update(t, v)` in any chunking equals one batch.
 * - `minPointsFor(options, stepMs?)`: points a series at that step needs before the detector judges one
 *   ("needs N points"); `warmupPointsFor` gives the index of the first judged point.
 * - `createDetectorAsync` / `detectAsync`: every model including the tfjs LSTM, loaded only when asked for.
 */
export type { Detector, DetectorModel, DetectorOptions, DetectorState } from './types';
export { DEFAULT_SENSITIVITY, DEFAULT_TRAIN_WINDOW } from './types';
export { BROWSER_DETECTOR_MODELS, DETECTOR_MODELS, ENSEMBLE_MEMBERS, createDetector } from './registry';
export { minPointsFor, warmupPointsFor } from './warmupPoints';
export { detect } from './detect';
export type { BatchDetection } from './detect';
export { createDetectorAsync, createLstmDetector, detectAsync } from './lstmLoader';
