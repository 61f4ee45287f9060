// Public entry of the engine. Adapters (worker, companion, CLI) import from here.
export * from './types';
export { median } from '../common/median';
export * from './forecast';
export * from './trend';
export * from './tte';
export * from './detect';
export { quantile } from './core/quantile';
export { mad, MAD_TO_SIGMA } from './core/mad';
export { erf, erfc, normalCdf, normalQuantile, normalTwoSidedTail, normalUpperTail } from './core/normal';
export { prepareSeries } from './core/prepare';
export type { PreparedSeries, PrepareOptions } from './core/prepare';
export { detectSeasonality, dominantPeriod } from './core/seasonality';
export { Mulberry32, mulberry32 } from './core/prng';
// Host hooks: how augurs' MSTL and tfjs's wasm files are loaded (Node hosts supply readers from disk).
export { setAugursLoader } from './forecast/augursLoader';
export type { AugursLoader, AugursMstlBinding } from './forecast/augursLoader';
export { setTfWasmDir } from './detect/tfWasm';
