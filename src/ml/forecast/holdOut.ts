/**
 * The input a backtest fits on: the points before a hold-out, forecasting the hold-out. The rolling
 * origins of `auto` (auto.ts), the combination's member ranking (combination.ts) and time to
 * exhaustion's drift (tte/driftInterval.ts) all build it.
 */
import { interpolateGaps } from './grid';
import { ModelInput } from './model';

/**
 * `input` cut to the points [start, end), with gaps interpolated afresh (an interpolation across the
 * hold-out would see its values), forecasting the `holdOut` points from `end` on.
 */
export function holdOutInput(input: ModelInput, end: number, holdOut: number, start = 0): ModelInput {
  const v = input.v.slice(start, end);
  return {
    ...input,
    t: input.t.slice(start, end),
    v,
    filled: interpolateGaps(v),
    horizon: holdOut,
    futureT: input.t.slice(end, end + holdOut),
  };
}
