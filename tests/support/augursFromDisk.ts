/**
 * augurs' MSTL for jsdom tests that run the engine worker's handler table in-process: the worker
 * gets augurs through the bundler (src/worker/augursBundled.ts), which Jest cannot do, so these
 * tests read it from disk as the Node hosts do (the Node Jest project installs it in its setup).
 */
import { loadAugursMstlFromDisk } from '../../companion/src/runtime/nodeMlRuntime';
import { setAugursLoader } from '../../src/ml/forecast/augursLoader';

export function supplyAugursFromDisk(): void {
  setAugursLoader(async () => loadAugursMstlFromDisk());
}
