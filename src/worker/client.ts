/**
 * Promise-based calls into the engine worker. The worker is created lazily by a factory that
 * tests replace (jsdom has no Worker; the real worker is tested in Chromium).
 */
import { PluginWorker } from './PluginWorker';
import type { WorkerRequest, WorkerResponse } from './protocol';

type WorkerLike = Pick<Worker, 'postMessage' | 'terminate'> & {
  onmessage: ((ev: MessageEvent<WorkerResponse>) => void) | null;
  onerror: ((ev: ErrorEvent) => void) | null;
};

let factory: () => WorkerLike = () => new PluginWorker(new URL('./engine.worker.ts', import.meta.url));

/** Replaces how the worker is created (tests, or environments without Worker). */
export function setWorkerFactory(f: () => WorkerLike): void {
  factory = f;
  reset();
}

/** An error raised inside the worker, carried back with its name and engine code. */
export class WorkerCallError extends Error {
  constructor(
    message: string,
    readonly code?: string
  ) {
    super(message);
    this.name = 'WorkerCallError';
  }
}

let worker: WorkerLike | undefined;
let nextId = 1;
const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

function reset(): void {
  worker?.terminate();
  worker = undefined;
  for (const p of pending.values()) {
    p.reject(new WorkerCallError('engine worker restarted'));
  }
  pending.clear();
}

function getWorker(): WorkerLike {
  if (!worker) {
    const w = factory();
    w.onmessage = (ev) => {
      const msg = ev.data;
      const p = pending.get(msg.id);
      if (!p) {
        return;
      }
      pending.delete(msg.id);
      if (msg.ok) {
        p.resolve(msg.result);
      } else {
        p.reject(new WorkerCallError(msg.error.message, msg.error.code));
      }
    };
    w.onerror = (ev) => {
      const message = `engine worker failed: ${ev.message || 'could not start'}`;
      for (const p of pending.values()) {
        p.reject(new WorkerCallError(message));
      }
      pending.clear();
      worker = undefined;
    };
    worker = w;
  }
  return worker;
}

/** Calls `method(...args)` in the worker. Typed arrays in `transfer` are moved, not copied. */
export function callWorker<T>(method: string, args: unknown[], transfer: Transferable[] = []): Promise<T> {
  const id = nextId++;
  const request: WorkerRequest = { id, method, args };
  return new Promise<T>((resolve, reject) => {
    pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
    getWorker().postMessage(request, transfer);
  });
}
