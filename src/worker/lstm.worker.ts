/// <reference lib="webworker" />
// The LSTM worker: runs the tfjs LSTM detector off the UI thread, in its own chunk, so that tfjs is
// fetched only when a panel asks for the LSTM. Created lazily by client.ts (callLstmWorker). One
// chunk, no dynamic imports (see PluginWorker): lstm.ts is imported statically through lstmHandlers.
import { handleLstm } from './lstmHandlers';
import type { WorkerRequest, WorkerResponse } from './protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = async (event: MessageEvent<WorkerRequest>) => {
  const { id, method, args } = event.data;
  const response: WorkerResponse = { id, ...(await handleLstm(method, args)) };
  scope.postMessage(response);
};
