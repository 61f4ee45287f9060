/**
 * The engine worker's augurs loader: the package's wasm-bindgen glue is bundled into the worker's
 * one chunk (a static import, no extra chunk), and its initialiser fetches the `.wasm` asset from the
 * plugin root (workerPublicPath.ts) on the first forecast that needs it. Supplying the loader makes
 * the engine load augurs before 'auto' and 'mstl' (src/engine/models.ts), as the companion and the
 * CLI do, so 'auto' gives the same answer behind every door. Only the worker entry imports this:
 * handlers.ts stays loadable in Node.
 */
import initAugursMstl, { MSTL } from '@bsull/augurs/mstl';
import { type AugursMstlBinding, setAugursLoader } from '../ml/forecast/augursLoader';

setAugursLoader(async () => {
  await initAugursMstl();
  return { MSTL } as unknown as AugursMstlBinding;
});
