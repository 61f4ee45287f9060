/**
 * HTTP endpoints for Pixie, in the router's handler shape:
 * - `POST /api/v1/pixie/query` with JSON `{ "script", "from", "to", "intervalMs", "clusterId"? }`
 *   (times in ms) → `{ "status": "success", "data": { "tables": [...] } }` (see tables.ts);
 * - `GET /api/v1/pixie/health` → success when Pixie answers HealthCheck for the cluster.
 * The Pixie address comes from the companion's config only, never from a request. The API key comes
 * from config or, when the config has none, from the `X-Pixie-Api-Key` header that Grafana's data
 * proxy adds from the data source's secureJsonData.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError } from './apiError';
import { sendData, sendError, toApiError } from './respond';
import { executeScript, healthCheck, type PixieTarget } from '../pixie/client';
import { expandMacros } from '../pixie/macros';

/** The `pixie:` section of the companion config. */
export interface PixieConfig {
  /** host:port; empty disables the endpoints. Pixie Cloud: `work.withpixie.ai:443`. */
  address: string;
  tls: boolean;
  /** API key; optional when Grafana sends it per request. */
  apiKey?: string;
  /** Default cluster id; a request may name another. */
  clusterId?: string;
  timeoutMs: number;
  maxRows: number;
  maxBodyBytes: number;
}

/** Default settings (Pixie Cloud, TLS, 30 s, 100,000 rows, 1 MiB body). */
export const DEFAULT_PIXIE_CONFIG: PixieConfig = {
  address: '',
  tls: true,
  timeoutMs: 30_000,
  maxRows: 100_000,
  maxBodyBytes: 1 << 20,
};

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function readJson(req: IncomingMessage, maxBytes: number): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) {
      throw new ApiError('bad_data', `request body is larger than the limit of ${maxBytes} bytes`, 413);
    }
    chunks.push(chunk as Buffer);
  }
  try {
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new Error('not an object');
    }
    return body as Record<string, unknown>;
  } catch (e) {
    throw new ApiError('bad_data', `request body must be a JSON object: ${(e as Error).message}`);
  }
}

function target(config: PixieConfig, req: IncomingMessage, clusterId: unknown): PixieTarget {
  if (!config.address) {
    throw new ApiError('unavailable', 'Pixie is not configured on the companion (set pixie.address in its config)', 501);
  }
  const apiKey = config.apiKey || String(req.headers['x-pixie-api-key'] ?? '');
  if (!apiKey) {
    throw new ApiError('bad_data', 'no Pixie API key: set it in the data source (Pixie API key) or in the companion config (pixie.apiKey)');
  }
  const cluster = String(clusterId || config.clusterId || '');
  if (!UUID_RE.test(cluster)) {
    throw new ApiError('bad_data', `Pixie cluster id must be a UUID, got ${JSON.stringify(cluster)}`);
  }
  return { address: config.address, tls: config.tls, apiKey, clusterId: cluster, timeoutMs: config.timeoutMs, maxRows: config.maxRows };
}

function finiteMs(body: Record<string, unknown>, key: string): number {
  const v = Number(body[key]);
  if (!Number.isFinite(v)) {
    throw new ApiError('bad_data', `${key} must be a time in milliseconds, got ${JSON.stringify(body[key])}`);
  }
  return v;
}

/** Handler for `POST /api/v1/pixie/query`. */
export function pixieQueryHandler(config: PixieConfig) {
  return async (req: IncomingMessage, res: ServerResponse, _target?: unknown, signal?: AbortSignal): Promise<void> => {
    try {
      if (req.method !== 'POST') {
        throw new ApiError('bad_data', 'use POST with a JSON body', 405);
      }
      const body = await readJson(req, config.maxBodyBytes);
      const script = body.script;
      if (typeof script !== 'string' || script.trim() === '') {
        throw new ApiError('bad_data', 'script (a PxL script) is required');
      }
      const from = finiteMs(body, 'from');
      const to = finiteMs(body, 'to');
      if (to < from) {
        throw new ApiError('bad_data', 'to must not be before from');
      }
      const intervalMs = body.intervalMs === undefined ? 60_000 : finiteMs(body, 'intervalMs');
      const t = target(config, req, body.clusterId);
      const tables = await executeScript(expandMacros(script, { fromMs: from, toMs: to, intervalMs }), t, signal);
      sendData(res, { tables });
    } catch (err) {
      sendError(res, toApiError(err));
    }
  };
}

/** Handler for `GET /api/v1/pixie/health`. */
export function pixieHealthHandler(config: PixieConfig) {
  return async (req: IncomingMessage, res: ServerResponse, url?: { searchParams: URLSearchParams }): Promise<void> => {
    try {
      await healthCheck(target(config, req, url?.searchParams.get('clusterId')));
      sendData(res, { healthy: true });
    } catch (err) {
      sendError(res, toApiError(err));
    }
  };
}
