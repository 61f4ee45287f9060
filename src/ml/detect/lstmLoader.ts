/**
 * Async entry points, needed for the LSTM detector. They load `./lstm` (and with it tfjs) only when
 * the LSTM is asked for, through a dynamic import, which bundlers split into its own chunk; nothing
 * else in the detection path imports tfjs.
 */
import { Series } from '../types';
import { BatchDetection, runBatch } from './detect';
import { createDetector } from './registry';
import { Detector, DetectorOptions, DetectorState } from './types';

/** Creates the LSTM detector (starts tfjs with the wasm backend, or the CPU backend as a fallback). */
export async function createLstmDetector(options: DetectorOptions = {}, state?: DetectorState): Promise<Detector> {
  const mod = await import('./lstm');
  return mod.createLstm({ ...options, model: 'lstm' }, state);
}

/**
 * Like createDetector(), for every model including 'lstm' (the state's model wins, as there).
 *
 * @example const d = await createDetectorAsync({ model: 'lstm' }); d.update(t, v);
 */
export async function createDetectorAsync(options: DetectorOptions = {}, state?: DetectorState): Promise<Detector> {
  const model = state ? state.model : options.model;
  return model === 'lstm' ? createLstmDetector(options, state) : createDetector(options, state);
}

/** Like detect(), for every model including 'lstm'. */
export async function detectAsync(series: Series, options: DetectorOptions = {}): Promise<BatchDetection> {
  if (options.model !== 'lstm') {
    return runBatch(series, options, (o) => createDetector(o));
  }
  const d = await createLstmDetector(options);
  return runBatch(series, options, () => d);
}
