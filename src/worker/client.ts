/**
 * Promise-based calls into the plugin's workers, each created lazily by a factory that tests replace
 * (jsdom has no Worker; the real workers are tested in Chromium):
 * - the engine worker (`callWorker`): every synchronous model, forecasts, the data source engine;
 * - the LSTM worker (`callLstmWorker`): the tfjs LSTM detector, in its own chunk, so tfjs is fetched
 *   only when a panel asks for the LSTM.
 * Both speak the protocol in protocol.ts; method names, arguments and results are checked against
 * the workers' handler tables.
 */
import { PluginWorker } from './PluginWorker';
import type {
  ArgsOf,
  EngineHandlers,
  HandlerTable,
  LstmHandlers,
  MethodOf,
  ResultOf,
  WorkerRequest,
  WorkerResponse,
} from './protocol';

type WorkerLike = Pick<Worker, 'postMessage' | 'terminate'> & {
  onmessage: ((ev: MessageEvent<WorkerResponse>) => void) | null;
  onerror: ((ev: ErrorEvent) => void) | null;
};

/** An error raised inside a worker (or the worker failing to start), with its engine code. */
export class WorkerCallError extends Error {
  constructor(
    message: string,
    readonly code?: string
  ) {
    super(message);
    this.name = 'WorkerCallError';
  }
}

/** One lazily created worker, speaking the handler table `H`, and its pending calls. */
class WorkerChannel<H extends HandlerTable> {
  private worker: WorkerLike | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  constructor(
    /** Name used in error messages ("engine worker", "LSTM worker"). */
    private readonly label: string,
    private factory: () => WorkerLike
  ) {}

  setFactory(f: () => WorkerLike): void {
    this.factory = f;
    this.reset();
  }

  private reset(): void {
    this.worker?.terminate();
    this.worker = undefined;
    this.failAll(`${this.label} restarted`);
  }

  private failAll(message: string): void {
    for (const p of this.pending.values()) {
      p.reject(new WorkerCallError(message, 'worker'));
    }
    this.pending.clear();
  }

  private get(): WorkerLike {
    if (!this.worker) {
      const w = this.factory();
      w.onmessage = (ev) => {
        const msg = ev.data;
        const p = this.pending.get(msg.id);
        if (!p) {
          return;
        }
        this.pending.delete(msg.id);
        if (msg.ok) {
          p.resolve(msg.result);
        } else {
          p.reject(new WorkerCallError(msg.error.message, msg.error.code));
        }
      };
      w.onerror = (ev) => {
        // A worker that cannot start (chunk not found, script error) is dropped; the next call
        // creates a new one.
        this.failAll(`${this.label} failed: ${ev.message || 'could not start'}`);
        w.terminate();
        this.worker = undefined;
      };
      this.worker = w;
    }
    return this.worker;
  }

  call<M extends MethodOf<H>>(method: M, args: ArgsOf<H, M>, transfer: Transferable[]): Promise<ResultOf<H, M>> {
    const id = this.nextId++;
    const request: WorkerRequest = { id, method, args };
    return new Promise<ResultOf<H, M>>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.get().postMessage(request, transfer);
    });
  }
}

const engine = new WorkerChannel<EngineHandlers>(
  'engine worker',
  () => new PluginWorker(new URL('./engine.worker.ts', import.meta.url))
);
// webpack emits lstm.worker.ts (and tfjs with it) as its own chunk; the browser fetches it only
// when this factory first runs, i.e. on the first callLstmWorker.
const lstm = new WorkerChannel<LstmHandlers>(
  'LSTM worker',
  () => new PluginWorker(new URL('./lstm.worker.ts', import.meta.url))
);

/** Replaces how the engine worker is created (tests, or environments without Worker). */
export function setWorkerFactory(f: () => WorkerLike): void {
  engine.setFactory(f);
}

/** Replaces how the LSTM worker is created (tests, or environments without Worker). */
export function setLstmWorkerFactory(f: () => WorkerLike): void {
  lstm.setFactory(f);
}

/**
 * Calls `method(...args)` in the engine worker (src/worker/handlers.ts). Typed arrays in `transfer`
 * are moved, not copied.
 *
 * @example const f = await callWorker('forecast', [t, v, { horizon: 24 }], [t.buffer, v.buffer]); // ForecastResult
 */
export function callWorker<M extends MethodOf<EngineHandlers>>(
  method: M,
  args: ArgsOf<EngineHandlers, M>,
  transfer: Transferable[] = []
): Promise<ResultOf<EngineHandlers, M>> {
  return engine.call(method, args, transfer);
}

/**
 * Calls `method(...args)` in the LSTM worker (src/worker/lstmHandlers.ts: `init`, `detect`, `ping`),
 * creating it, and so loading its tfjs chunk, on the first call.
 *
 * @example const r = await callLstmWorker('detect', [t, v, { model: 'lstm' }], [t.buffer, v.buffer]); // BatchDetection
 */
export function callLstmWorker<M extends MethodOf<LstmHandlers>>(
  method: M,
  args: ArgsOf<LstmHandlers, M>,
  transfer: Transferable[] = []
): Promise<ResultOf<LstmHandlers, M>> {
  return lstm.call(method, args, transfer);
}
