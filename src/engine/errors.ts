/**
 * Errors in a neutral vocabulary. The engine and the companion's lower rooms (history, upstream,
 * limits, Pixie) raise these; only the companion's HTTP layer (`companion/src/api`) maps a kind to
 * Prometheus' error type and status, and the worker and the CLI map it to their own messages.
 */

/**
 * What went wrong, from the caller's point of view:
 * - `bad_input`: the request itself is wrong (a bad option, a too-long horizon, an unknown model);
 * - `execution`: the request is fine but the model refused the data;
 * - `unavailable`: an upstream could not be reached or answered garbage;
 * - `timeout`: the request ran out of time; `canceled`: the caller went away;
 * - `not_found`: no such thing (endpoint, table);
 * - `internal`: a bug on our side.
 */
export type ErrorKind = 'bad_input' | 'execution' | 'unavailable' | 'timeout' | 'canceled' | 'not_found' | 'internal';

/** An error of a known kind, with a message written for the operator who will read it. */
export class KindedError extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
    /** An upstream's HTTP status to pass through unchanged (upstream errors only). */
    readonly upstreamStatus?: number
  ) {
    super(message);
    this.name = 'KindedError';
  }
}

/** The engine could not judge a window yet; evaluators emit no sample for it. */
export class NotEnoughData extends Error {}

/**
 * A limit one series can never reach (src/ml/forecast/bounds.ts unreachableLimit): refused for that
 * series alone. A query whose every series is refused fails with it (`bad_input`); otherwise the other
 * series are answered and a counted warning names the refused ones (refusals.ts).
 */
export class LimitUnreachable extends KindedError {
  constructor(message: string) {
    super('bad_input', message);
    this.name = 'LimitUnreachable';
  }
}

/**
 * Every series of a query refused (refusals.ts): the query fails with the refusal (`bad_input`), and
 * `warning` is the counted sentence a query with some series answered would carry ("time_to_exhaustion:
 * 3 of 3 series refused: …"), so a caller that split one selector into shards (the home page) can say
 * those series were refused, with the reason, rather than that its query failed.
 */
export class EveryRefused extends KindedError {
  constructor(
    message: string,
    readonly warning: string
  ) {
    super('bad_input', message);
    this.name = 'EveryRefused';
  }
}
