/**
 * Async entry points for the LSTM detector. They load `./lstm` (and with it tfjs) only when called,
 * through a dynamic import, which bundlers split into its own chunk; nothing else in the detection
 * path imports tfjs.
 */
import { Series } from '../types';
import { BatchDetection, runBatch } from './detect';
import { createDetector } from './registry';
import { Detector, DetectorOptions, DetectorState } from './types';

/** Creates the LSTM detector (loads tfjs with the wasm backend, or the CPU backend as a fallback). */
export async function createLstmDetector(options: DetectorOptions = {}, state?: DetectorState): Promise<Detector> {
  const mod = await import('./lstm');
  return mod.createLstm({ ...options, model: 'lstm' }, state);
}

/** Like detect(), but also accepts model 'lstm'. */
export async function detectAsync(series: Series, options: DetectorOptions = {}): Promise<BatchDetection> {
  if (options.model !== 'lstm') {
    return runBatch(series, options, (o) => createDetector(o));
  }
  const d = await createLstmDetector(options);
  return runBatch(series, options, () => d);
}
