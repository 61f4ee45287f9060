import type { ServerResponse } from 'node:http';
import { KindedError } from '../../../src/engine/errors';
import { PROM_ERROR_TYPE } from '../upstream/promErrors';
import { ApiError } from './apiError';

/** Writes Prometheus' success envelope. */
export function sendData(res: ServerResponse, data: unknown, warnings?: string[]): void {
  sendJson(res, 200, warnings?.length ? { status: 'success', data, warnings } : { status: 'success', data });
}

/** Writes Prometheus' error envelope with the error's status code. */
export function sendError(res: ServerResponse, err: ApiError): void {
  const body = { status: 'error', errorType: err.type, error: err.message };
  sendJson(res, err.status, err.warnings?.length ? { ...body, warnings: err.warnings } : body);
}

/** Writes a JSON body (used also to pass upstream envelopes through untouched). */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  sendJsonBytes(res, status, Buffer.from(JSON.stringify(body), 'utf8'));
}

/** Writes a JSON body already encoded (a range answer's, matrixJson.ts). */
export function sendJsonBytes(res: ServerResponse, status: number, bytes: Buffer): void {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': bytes.length });
  res.end(bytes);
}

/** Writes a plain-text body. */
export function sendText(res: ServerResponse, status: number, text: string, type = 'text/plain; charset=utf-8'): void {
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

/** Any thrown value → ApiError (unknown errors are internal, with their message). */
export function toApiError(err: unknown): ApiError {
  if (err instanceof KindedError) {
    return new ApiError(PROM_ERROR_TYPE[err.kind], err.message, err.upstreamStatus);
  }
  if (err instanceof ApiError) {
    return err;
  }
  return new ApiError('internal', `internal error: ${(err as Error)?.message ?? String(err)}`);
}
