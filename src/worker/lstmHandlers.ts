/**
 * The LSTM worker's handler table (src/worker/lstm.worker.ts). Kept apart from handlers.ts because it
 * imports the LSTM detector statically, and with it TensorFlow.js: only the LSTM worker's chunk may
 * contain tfjs. Same request/response protocol as the engine worker, but the handlers are async
 * (starting the tfjs backend is).
 */
import { createLstm, initTfBackend } from '../ml/detect/lstm';
import { BatchDetection, runBatch } from '../ml/detect/detect';
import type { DetectorOptions } from '../ml/detect/types';
import type { HandlerOutcome, HandlerTable } from './protocol';

export const lstmHandlers = {
  ping: () => 'pong',
  /** Starts the tfjs backend (the CPU backend in a browser bundle) and returns its name. */
  init: () => initTfBackend(),
  /** Batch LSTM detection of one series, as the engine worker's `detect` (see ml/detect/detect.ts). */
  detect: async (t: Float64Array, v: Float64Array, options: DetectorOptions): Promise<BatchDetection> => {
    const opts = { ...options, model: 'lstm' as const };
    const detector = await createLstm(opts);
    return runBatch({ t, v }, opts, () => detector);
  },
} satisfies HandlerTable;

/** Runs one request against the table, awaiting async handlers; errors become values. */
export async function handleLstm(method: string, args: unknown[]): Promise<HandlerOutcome> {
  const fn: HandlerTable[string] | undefined = Object.prototype.hasOwnProperty.call(lstmHandlers, method)
    ? (lstmHandlers as HandlerTable)[method]
    : undefined;
  if (!fn) {
    return { ok: false, error: { name: 'Error', message: `unknown LSTM worker method "${method}"` } };
  }
  try {
    return { ok: true, result: await fn(...args) };
  } catch (e) {
    const err = e as Error & { code?: string };
    return { ok: false, error: { name: err.name ?? 'Error', code: err.code, message: err.message ?? String(e) } };
  }
}
