import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { KindedError } from '../../../src/engine/errors';
import { scanMatrix } from './scanMatrix';
import type { PromEnvelope, Upstream, UpstreamMatrixResponse, UpstreamResponse } from './types';

/**
 * Endpoints Prometheus accepts as POST forms; the rest (label values, status) are GET only. Every
 * one is a read (a query, a label or series lookup): a POST here changes nothing upstream, which is
 * what makes retrying it as safe as retrying a GET.
 */
const POST_PATHS = new Set([
  '/api/v1/query',
  '/api/v1/query_range',
  '/api/v1/labels',
  '/api/v1/series',
  '/api/v1/query_exemplars',
]);

/** Socket errors of a keep-alive connection the upstream closed while it sat idle in our pool. */
const STALE_SOCKET_CODES = new Set(['ECONNRESET', 'EPIPE']);

const HTTP_AGENT = new HttpAgent({ keepAlive: true, maxSockets: 64 });
const HTTPS_AGENT = new HttpsAgent({ keepAlive: true, maxSockets: 64 });

/** Settings of a Prometheus-compatible upstream. Credentials come from config only. */
export interface PrometheusUpstreamOptions {
  /** Base URL, e.g. `http://prometheus:9090` or `http://mimir/prometheus`. */
  url: string;
  basicAuth?: { username: string; password: string };
  bearerToken?: string;
  /** Extra headers, e.g. `X-Scope-OrgID` for Mimir tenants. */
  headers?: Record<string, string>;
  /** Per-request timeout in ms. */
  timeoutMs: number;
}

/**
 * A Prometheus HTTP API upstream (Prometheus, Mimir, Thanos, VictoriaMetrics). Queries go out as
 * POST forms (no URL length limit); the response envelope comes back untouched so inner PromQL
 * errors reach the client as the upstream's own.
 */
export class PrometheusUpstream implements Upstream {
  readonly description: string;
  readonly stats = { staleSocketRetries: 0 };
  private readonly base: string;
  private readonly headers: Record<string, string>;

  constructor(private readonly opts: PrometheusUpstreamOptions) {
    const u = new URL(opts.url);
    u.username = '';
    u.password = '';
    this.base = u.toString().replace(/\/+$/, '');
    this.description = `prometheus ${this.base}`;
    this.headers = { Accept: 'application/json', ...(opts.headers ?? {}) };
    if (opts.bearerToken) {
      this.headers.Authorization = `Bearer ${opts.bearerToken}`;
    } else if (opts.basicAuth) {
      const raw = `${opts.basicAuth.username}:${opts.basicAuth.password}`;
      this.headers.Authorization = `Basic ${Buffer.from(raw).toString('base64')}`;
    }
  }

  async call(path: string, params: URLSearchParams, signal?: AbortSignal): Promise<UpstreamResponse> {
    return this.parse(path, await this.request(path, params, signal));
  }

  /**
   * A range query with its matrix read straight from the answer's bytes (scanMatrix.ts); an answer
   * in any other shape (an error, an unusual but valid matrix, malformed JSON) is parsed as `call`
   * parses it, so it gives the same result or the same error.
   */
  async queryRange(params: URLSearchParams, signal?: AbortSignal): Promise<UpstreamMatrixResponse> {
    const path = '/api/v1/query_range';
    const res = await this.request(path, params, signal);
    const scanned = scanMatrix(res.body);
    if (scanned && isEnvelope(scanned.body)) {
      return { status: res.status, body: scanned.body, matrix: scanned.matrix };
    }
    return this.parse(path, res);
  }

  private parse(path: string, res: { status: number; body: Buffer }): UpstreamResponse {
    const text = res.body.toString('utf8');
    let body: PromEnvelope;
    try {
      body = JSON.parse(text) as PromEnvelope;
    } catch {
      throw new KindedError(
        'unavailable',
        // One line: a proxy's HTML error page has line breaks.
        `upstream ${this.base} answered ${path} with HTTP ${res.status} and a non-JSON body: ${text.slice(0, 200).replace(/\s+/g, ' ')}`
      );
    }
    if (!isEnvelope(body)) {
      throw new KindedError(
        'unavailable',
        `upstream ${this.base} answered ${path} with an unexpected body (HTTP ${res.status})`
      );
    }
    return { status: res.status, body };
  }

  async ready(signal?: AbortSignal): Promise<void> {
    // `1` is the cheapest query every Prometheus-compatible API supports (Mimir/Thanos lack /-/ready at the base path).
    const r = await this.call('/api/v1/query', new URLSearchParams({ query: '1' }), signal);
    if (r.body.status !== 'success') {
      throw new KindedError('unavailable', `upstream ${this.base} is not ready: ${r.body.error ?? r.status}`);
    }
  }

  /**
   * One request over a keep-alive agent, retried once on a fresh connection when a reused socket
   * turns out to be closed: an upstream drops idle keep-alive connections (Node's http server after
   * 5 s, proxies after their own idle timeout), and a request written on one as it closes fails with
   * ECONNRESET or EPIPE before any byte of an answer. That is not the upstream failing, and every
   * call here is a read (GETs, and POSTs only to the read-only POST_PATHS), so sending it again is
   * safe. A fresh connection that fails is not retried: a down upstream is reported as before.
   */
  private async request(
    path: string,
    params: URLSearchParams,
    signal?: AbortSignal
  ): Promise<{ status: number; body: Buffer }> {
    try {
      return await this.send(path, params, signal, true);
    } catch (err) {
      if (!(err instanceof StaleSocketError)) {
        throw err;
      }
      this.stats.staleSocketRetries++;
      return this.send(path, params, signal, false);
    }
  }

  /**
   * One request (node:http rather than fetch: it costs less per request, which matters when an
   * alert query is one short upstream call). `pooled` false asks for a connection of its own.
   */
  private send(
    path: string,
    params: URLSearchParams,
    signal: AbortSignal | undefined,
    pooled: boolean
  ): Promise<{ status: number; body: Buffer }> {
    const post = POST_PATHS.has(path);
    const qs = params.toString();
    const url = new URL(this.base + path + (!post && qs ? '?' + qs : ''));
    const body = post ? Buffer.from(qs) : undefined;
    const headers: Record<string, string | number> = { ...this.headers };
    if (body) {
      headers['Content-Type'] = 'application/x-www-form-urlencoded';
      headers['Content-Length'] = body.length;
    }
    const https = url.protocol === 'https:';
    return new Promise((resolve, reject) => {
      let settled = false;
      let answered = false;
      const fail = (err: Error) => {
        if (!settled) {
          settled = true;
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          req.destroy();
          reject(err);
        }
      };
      const onAbort = () =>
        fail(
          signal!.reason instanceof KindedError ? signal!.reason : new KindedError('canceled', 'query was canceled')
        );
      const timer = setTimeout(
        () =>
          fail(
            new KindedError(
              'timeout',
              `upstream ${this.base} did not answer ${path} within ${this.opts.timeoutMs / 1000}s`
            )
          ),
        this.opts.timeoutMs
      );
      const req = (https ? httpsRequest : httpRequest)(
        url,
        // agent false: a new connection outside the pool, closed after the answer.
        { method: post ? 'POST' : 'GET', headers, agent: pooled ? (https ? HTTPS_AGENT : HTTP_AGENT) : false },
        (res) => {
          answered = true;
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', (err) =>
            fail(new KindedError('unavailable', `upstream ${this.base} broke off its answer: ${err.message}`))
          );
          res.on('end', () => {
            if (!settled) {
              settled = true;
              clearTimeout(timer);
              signal?.removeEventListener('abort', onAbort);
              resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) });
            }
          });
        }
      );
      req.on('error', (err: NodeJS.ErrnoException) => {
        const retry =
          pooled && req.reusedSocket && !answered && STALE_SOCKET_CODES.has(err.code ?? '') && !signal?.aborted;
        fail(
          retry
            ? new StaleSocketError()
            : new KindedError('unavailable', `upstream ${this.base} is unreachable: ${err.code ?? err.message}`)
        );
      });
      if (signal?.aborted) {
        onAbort();
        return;
      }
      signal?.addEventListener('abort', onAbort, { once: true });
      req.end(body);
    });
  }
}

/** Prometheus' envelope: an object whose status is "success" or "error". */
function isEnvelope(body: unknown): body is PromEnvelope {
  const status = (body as PromEnvelope | null)?.status;
  return typeof body === 'object' && body !== null && (status === 'success' || status === 'error');
}

/** A request that failed on a reused keep-alive socket before any answer: worth one more try. */
class StaleSocketError extends Error {
  constructor() {
    super('the upstream closed a reused keep-alive connection');
  }
}
