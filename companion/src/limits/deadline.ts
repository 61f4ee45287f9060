import { KindedError } from '../../../src/engine/errors';

/**
 * Runs `work` with a deadline: the returned promise rejects with Prometheus' timeout error when
 * `ms` pass, and the signal given to `work` aborts so upstream requests stop too, and the engine's
 * long loops stop between series (src/engine/abort.ts). The client gets its answer on time.
 */
export async function withDeadline<T>(
  ms: number,
  parent: AbortSignal | undefined,
  work: (signal: AbortSignal) => Promise<T>
): Promise<T> {
  const ctl = new AbortController();
  const timeoutError = new KindedError('timeout', `query timed out in query execution (limit ${ms / 1000}s)`);
  let timer: NodeJS.Timeout | undefined;
  const onParentAbort = () => ctl.abort(new KindedError('canceled', 'query was canceled by the client'));
  parent?.addEventListener('abort', onParentAbort, { once: true });
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      ctl.abort(timeoutError);
      reject(timeoutError);
    }, ms);
  });
  try {
    return await Promise.race([work(ctl.signal), deadline]);
  } finally {
    clearTimeout(timer);
    parent?.removeEventListener('abort', onParentAbort);
  }
}
