// Public entry of the engine. Adapters (worker, companion, CLI) import from here.
export * from './types';
export { median } from './core/median';
export * from './forecast';
export * from './trend';
export * from './tte';
