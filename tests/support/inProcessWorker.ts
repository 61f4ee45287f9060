/**
 * src/worker/client for jsdom tests (jsdom has no Worker): `callWorker` runs the worker's handler
 * table in process; an error keeps the handler's message and code.
 *
 * @example
 *   jest.mock('../../../src/worker/client', () => jest.requireActual('../../support/inProcessWorker'));
 */
import { handle } from '../../src/worker/handlers';

export async function callWorker(method: string, args: unknown[]) {
  const r = await handle(method, args);
  if (!r.ok) {
    throw Object.assign(new Error(r.error.message), { code: r.error.code });
  }
  return r.result;
}
