/**
 * Stopping abandoned work. The companion aborts a query's signal at its deadline (or when the client
 * goes away); long engine loops check it between series, so the one thread is not kept busy by work
 * nobody will read while the client sends more (a timed-out scan shard would otherwise run on and
 * make the next shards time out too).
 */
import { KindedError } from './errors';

/** Throws the signal's reason (the deadline's timeout error) once it has been aborted. */
export function stopIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) {
    throw signal.reason instanceof Error ? signal.reason : new KindedError('canceled', 'query was canceled');
  }
}
