/**
 * Messages between the UI thread and the workers (engine.worker.ts, lstm.worker.ts), typed by the
 * workers' handler tables: a method name is a key of the table, its arguments are the handler's
 * parameters and its result the handler's (awaited) return value, so `callWorker('forecast', [t, v,
 * options])` is checked against handlers.ts. Only types are imported here: the UI bundle does not
 * pull the engine in through this file.
 */
import type { handlers } from './handlers';
import type { lstmHandlers } from './lstmHandlers';

/** A handler table: method name → function of structured-cloneable arguments. */
export type HandlerTable = Record<string, (...args: any[]) => unknown>;

/** The engine worker's table (handlers.ts). */
export type EngineHandlers = typeof handlers;
/** The LSTM worker's table (lstmHandlers.ts). */
export type LstmHandlers = typeof lstmHandlers;

/** Method names of a table. */
export type MethodOf<H extends HandlerTable> = keyof H & string;
/** Arguments of method `M`, as the tuple the request carries. */
export type ArgsOf<H extends HandlerTable, M extends MethodOf<H>> = Parameters<H[M]>;
/** What method `M` answers (async handlers answer once their promise settles). */
export type ResultOf<H extends HandlerTable, M extends MethodOf<H>> = Awaited<ReturnType<H[M]>>;

/** A call into a worker: `method` names an entry of its handler table. */
export interface WorkerRequest {
  id: number;
  method: string;
  args: unknown[];
}

/** An error raised by a handler, as a value (the worker never dies on bad input). */
export interface WorkerError {
  name: string;
  /** The engine's error code (MlError.code), when it has one. */
  code?: string;
  message: string;
}

/** A handler's outcome as a value. */
export type HandlerOutcome = { ok: true; result: unknown } | { ok: false; error: WorkerError };

/** The worker's answer to the request with the same `id`. */
export type WorkerResponse = { id: number } & HandlerOutcome;
