/// <reference lib="webworker" />
// The engine worker: runs src/ml off the UI thread. One chunk, no dynamic imports (see PluginWorker);
// augurs' glue is in the chunk and its `.wasm` is fetched from the plugin root on first use.
import './workerPublicPath';
import './augursBundled';
import { handle } from './handlers';
import type { WorkerRequest, WorkerResponse } from './protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = async (event: MessageEvent<WorkerRequest>) => {
  const { id, method, args } = event.data;
  const response: WorkerResponse = { id, ...(await handle(method, args)) };
  scope.postMessage(response);
};
