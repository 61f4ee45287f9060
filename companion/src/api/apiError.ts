/**
 * Errors in Prometheus' API vocabulary. The HTTP layer maps the type to a status code once, here,
 * as Prometheus' web/api/v1 does: bad_data 400, execution 422, timeout 503, unavailable 503,
 * internal 500, not_found 404, canceled 499.
 */
import { type ErrorType, PROM_ERROR_STATUS as STATUS } from '../upstream/promErrors';

export type { ErrorType };

/** An error that becomes `{"status":"error","errorType":type,"error":message[,"warnings"]}` with the mapped code. */
export class ApiError extends Error {
  /** HTTP status; defaults to the type's code, or the upstream's when passed through. */
  readonly status: number;

  constructor(
    readonly type: ErrorType,
    message: string,
    status?: number,
    /** The envelope's `warnings` (Prometheus' error envelope may carry them too). */
    readonly warnings?: string[]
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = status ?? STATUS[type];
  }
}

/** HTTP status Prometheus uses for an error type. */
export function statusOf(type: ErrorType): number {
  return STATUS[type];
}
