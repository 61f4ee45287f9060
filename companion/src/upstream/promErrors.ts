/**
 * Prometheus' error vocabulary on the wire (`errorType` in its envelope) and how it maps to our
 * neutral error kinds. Upstream errors arrive in it; the HTTP layer answers in it; the demo
 * upstream, which plays a Prometheus, speaks it too.
 */
import type { PromErrorType } from '../../../src/common/promApi';
import type { ErrorKind } from '../../../src/engine/errors';

/** Prometheus' `errorType` values (src/common/promApi.ts). */
export type ErrorType = PromErrorType;

/** Prometheus' error type for each neutral kind. */
export const PROM_ERROR_TYPE: Record<ErrorKind, ErrorType> = {
  bad_input: 'bad_data',
  execution: 'execution',
  unavailable: 'unavailable',
  timeout: 'timeout',
  canceled: 'canceled',
  not_found: 'not_found',
  internal: 'internal',
};

/** HTTP status Prometheus uses for each error type. */
export const PROM_ERROR_STATUS: Record<ErrorType, number> = {
  bad_data: 400,
  execution: 422,
  timeout: 503,
  unavailable: 503,
  internal: 500,
  not_found: 404,
  canceled: 499,
};

/** The neutral kind of an upstream's `errorType` (unknown types count as execution errors). */
export function errorKindOf(type: string | undefined): ErrorKind {
  const found = (Object.keys(PROM_ERROR_TYPE) as ErrorKind[]).find((k) => PROM_ERROR_TYPE[k] === type);
  return found ?? 'execution';
}
