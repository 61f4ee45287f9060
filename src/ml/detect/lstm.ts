/**
 * LSTM forecaster-residual detector: NOT IMPLEMENTED YET.
 *
 * What was checked: `@tensorflow/tfjs` 4.22 with `@tensorflow/tfjs-backend-wasm` loads and runs in
 * Node 20 (setBackend('wasm') in ~50 ms). The detector itself (train on the warm-up window, score
 * one-step residuals, batch the predictions of each chunk) was not written within the time box, so it
 * cannot join the ensemble. This module is the only place that may import tfjs; it is reached only
 * through the dynamic import in lstmLoader.ts.
 */
import { MlError } from '../types';
import { Detector, DetectorOptions, DetectorState } from './types';

export async function createLstm(_options: DetectorOptions, _state?: DetectorState): Promise<Detector> {
  throw new MlError('unknown_model', "the 'lstm' detector is not implemented yet; use 'ensemble' or another model");
}
