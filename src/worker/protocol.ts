/** Messages between the UI thread and the engine worker (src/worker/engine.worker.ts). */

/** A call into the worker: `method` names an entry of the worker's handler table. */
export interface WorkerRequest {
  id: number;
  method: string;
  args: unknown[];
}

/** The worker's answer to the request with the same `id`. */
export type WorkerResponse = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: { name: string; code?: string; message: string } };
