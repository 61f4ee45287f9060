/**
 * Which door a call's model must work through: a host refuses, up front and in the operator's
 * words, a model of the catalogue that it cannot run (src/common/models.ts, `doors`).
 */
import { type ModelDoor, modelRefusal } from '../common/models';
import { KindedError } from './errors';
import type { FunctionCall, FunctionName } from './query';

/** The catalogue a function's `model=` names: detectors, forecasters, or none (trends). */
export function modelKindOf(func: FunctionName): 'detector' | 'forecast' | undefined {
  if (func.startsWith('anomaly_')) {
    return 'detector';
  }
  return func.startsWith('forecast') || func === 'time_to_exhaustion' ? 'forecast' : undefined;
}

/** Throws bad input when a call names a model that `door` does not run (or that does not exist). */
export function checkModelDoor(calls: FunctionCall[], door: ModelDoor): void {
  for (const c of calls) {
    const kind = modelKindOf(c.func);
    const refusal = kind && c.options.model !== undefined ? modelRefusal(kind, c.options.model, door) : undefined;
    if (refusal) {
      throw new KindedError('bad_input', refusal);
    }
  }
}
