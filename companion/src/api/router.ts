/**
 * The HTTP layer: translates Prometheus API requests into parser/evaluator/upstream calls and their
 * results or errors back into Prometheus' envelopes. No query logic lives here.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CompanionConfig } from '../config/config';
import type { EngineEnv } from '../../../src/engine/context';
import { evaluateInstant, rangeAnswer } from '../query/evaluate';
import { rangeBody } from './matrixJson';
import { movedTogetherHandler } from './movedTogetherHandler';
import { withDeadline } from '../limits/deadline';
import { checkModelDoor } from '../../../src/engine/modelDoor';
import type { Semaphore } from '../limits/semaphore';
import type { Logger } from '../log/logger';
import { formatDuration } from '../../../src/common/duration';
import { parseQuery } from '../query/parser';
import { QueryParseError } from '../../../src/engine/promql/parseError';
import { pixieHealthHandler, pixieQueryHandler } from './pixieHandler';
import type { Upstream } from '../upstream/types';
import { EveryRefused, KindedError } from '../../../src/engine/errors';
import { ApiError } from './apiError';
import { bearerMatches } from './auth';
import { readParams } from './body';
import { buildInfo } from './buildInfo';
import { exhaustionAt } from './exhaustionHandler';
import { formatQuery } from './formatQuery';
import { readRequestTarget, type RequestTarget } from './requestTarget';
import { parseDurationParam, parseRangeParams, parseTimeParam, rejectUnknownParams, required } from '../query/params';
import { sendData, sendError, sendJson, sendJsonBytes, sendText, toApiError } from './respond';
import type { SelfMetrics } from './selfMetrics';

/** What the router needs from the assembled service. */
export interface RouterDeps {
  config: CompanionConfig;
  upstream: Upstream;
  env: (signal: AbortSignal) => EngineEnv;
  semaphore: Semaphore;
  metrics: SelfMetrics;
  metricsText: (openMetrics: boolean) => string;
  log: Logger;
  version: string;
  now: () => number;
  /**
   * Serves paths that are not API endpoints (e.g. the quick start's preview page on the same
   * origin); returns true when it handled the request. Auth and CORS do not apply to it.
   */
  fallback?: (req: IncomingMessage, res: ServerResponse) => boolean;
}

type Handler = (req: IncomingMessage, res: ServerResponse, target: RequestTarget, signal: AbortSignal) => Promise<void>;

/** Endpoints answered with an empty success: Grafana calls them and tolerates empty answers. */
const EMPTY_OK: Record<string, unknown> = {
  '/api/v1/query_exemplars': [],
  '/api/v1/rules': { groups: [] },
  '/api/v1/alerts': { alerts: [] },
  '/api/v1/targets/metadata': [],
};

/**
 * When a query that accepts a partial answer is aborted anyway: four times its deadline, and at
 * least a minute after it. At the deadline it only finishes the series in hand (at least one per
 * detector run) and writes the answer, unless an upstream read or a single series takes that long.
 */
const partialHardMs = (timeout: number) => Math.max(4 * timeout, timeout + 60_000);

/** The parameter by which a client of query_range accepts a partial answer at the deadline (partialOf). */
export const PARTIAL_PARAM = 'bellwether_partial';

/** The 503 of a query that reached its deadline, in Prometheus' words. */
const timedOut = (ms: number) => new KindedError('timeout', `query timed out in query execution (limit ${ms / 1000}s)`);

/** Read-only endpoints forwarded to the upstream as they are. */
const PASSTHROUGH = new Set(['/api/v1/labels', '/api/v1/series', '/api/v1/metadata']);

/** Builds the request listener. */
export function createRouter(deps: RouterDeps): (req: IncomingMessage, res: ServerResponse) => void {
  const { config } = deps;
  const open = new Set(['/-/healthy', '/-/ready']);

  const query: Handler = async (req, res, target, signal) => {
    const params = await readParams(req, target.search, config.limits.maxBodyBytes);
    const text = required(params, 'query');
    const time = params.get('time') ? parseTimeParam('time', params.get('time')!) : deps.now();
    const timeout = timeoutOf(params);
    const parsed = parse(text);
    await limited(signal, timeout, async (s) => {
      if (parsed.kind === 'passthrough') {
        return forward(res, '/api/v1/query', params, s);
      }
      const env = deps.env(s);
      sendData(res, await evaluateInstant(parsed, time, env), env.warnings?.list());
    });
  };

  const queryRange: Handler = async (req, res, target, signal) => {
    const params = await readParams(req, target.search, config.limits.maxBodyBytes);
    const text = required(params, 'query');
    const range = parseRangeParams(params, config.limits.maxPoints);
    if (range.end - range.start > config.limits.maxRangeMs) {
      throw new ApiError(
        'bad_data',
        `query range of ${formatDuration(range.end - range.start)} is longer than the limit of ${formatDuration(config.limits.maxRangeMs)} (limits.maxRange)`
      );
    }
    const timeout = timeoutOf(params);
    const parsed = parse(text);
    const partial = partialOf(params) && parsed.kind !== 'passthrough';
    await limited(
      signal,
      timeout,
      async (s, wrapUp) => {
        if (parsed.kind === 'passthrough') {
          return forward(res, '/api/v1/query_range', params, s);
        }
        const env = { ...deps.env(s), wrapUp };
        const answer = await rangeAnswer(parsed, range.start, range.end, range.step, env);
        sendJsonBytes(res, 200, rangeBody(answer, env.warnings?.list()));
      },
      partial
    );
  };

  /** The app's home page: time to exhaustion with its interval and the trend test, per series. */
  const exhaustion: Handler = async (req, res, target, signal) => {
    const params = await readParams(req, target.search, config.limits.maxBodyBytes);
    rejectUnknownParams(params, ['query', 'time', 'trend', 'interval', 'timeout']);
    const parsed = parse(required(params, 'query'));
    if (parsed.kind === 'passthrough') {
      throw new ApiError(
        'bad_data',
        'invalid parameter "query": expected time_to_exhaustion(<selector>, <capacity>[, "<options>"])'
      );
    }
    const time = params.get('time') ? parseTimeParam('time', params.get('time')!) : deps.now();
    const trend = params.get('trend') ?? 'true';
    if (trend !== 'true' && trend !== 'false') {
      throw new ApiError('bad_data', `invalid parameter "trend": expected true or false, got "${trend}"`);
    }
    const interval = params.get('interval') ?? 'true';
    if (interval !== 'true' && interval !== 'false') {
      throw new ApiError('bad_data', `invalid parameter "interval": expected true or false, got "${interval}"`);
    }
    await limited(signal, timeoutOf(params), async (s) => {
      checkModelDoor([parsed], 'companion');
      const env = deps.env(s);
      try {
        // The envelope's warnings, as a query's: e.g. the series refused a limit they can never reach.
        sendData(
          res,
          await exhaustionAt(parsed, time, env, trend === 'true', interval === 'true'),
          env.warnings?.list()
        );
      } catch (err) {
        // Every series refused: still the 400 that says why, with the counted sentence a partly refused
        // answer carries, so the home page shows a shard whose series were all refused as refused
        // series, not as a failed query.
        if (err instanceof EveryRefused) {
          throw new ApiError('bad_data', err.message, undefined, [err.warning]);
        }
        throw err;
      }
    });
  };

  const passthrough: Handler = async (req, res, target, signal) => {
    const params = await readParams(req, target.search, config.limits.maxBodyBytes);
    await limited(signal, config.limits.queryTimeoutMs, (s) => forward(res, target.path, params, s));
  };

  /** `/api/v1/label/<name>/values`: the name is sent on escaped again, whatever it contains. */
  const labelValues = (name: string): Handler => {
    return async (req, res, target, signal) => {
      const params = await readParams(req, target.search, config.limits.maxBodyBytes);
      const path = `/api/v1/label/${encodeURIComponent(name)}/values`;
      await limited(signal, config.limits.queryTimeoutMs, (s) => forward(res, path, params, s));
    };
  };

  const formatQueryHandler: Handler = async (req, res, target, signal) => {
    const params = await readParams(req, target.search, config.limits.maxBodyBytes);
    // No `required`: an empty query goes to the upstream, whose parse error Prometheus gives too.
    const text = params.get('query') ?? '';
    const parsed = parse(text);
    await limited(signal, config.limits.queryTimeoutMs, async (s) => {
      const r = await formatQuery(text, parsed, deps.upstream, s);
      reply(res, '/api/v1/format_query', r.status, r.body);
    });
  };

  const buildinfo: Handler = async (_req, res) => sendData(res, buildInfo(deps.version, deps.upstream.description));

  const ready: Handler = async (_req, res) => {
    try {
      await deps.upstream.ready(AbortSignal.timeout(5000));
      sendText(res, 200, 'Bellwether companion is Ready.\n');
    } catch (err) {
      sendText(res, 503, `Bellwether companion is not ready: ${toApiError(err).message}\n`);
    }
  };

  async function forward(
    res: ServerResponse,
    path: string,
    params: URLSearchParams,
    signal: AbortSignal
  ): Promise<void> {
    const r = await deps.upstream.call(path, params, signal);
    reply(res, path, r.status, r.body);
  }

  /** Passes an upstream's answer through; an upstream 5xx is logged as the upstream's, in one line. */
  function reply(res: ServerResponse, path: string, status: number, body: unknown): void {
    if (status >= 500) {
      const b = body as { errorType?: string; error?: string };
      logUpstreamError(path, status, b.errorType, b.error);
    }
    sendJson(res, status, body);
  }

  function logUpstreamError(
    path: string,
    status: number,
    errorType: string | undefined,
    error: string | undefined
  ): void {
    deps.log.warn('upstream error', { upstream: deps.upstream.description, path, status, errorType, error });
  }

  /**
   * Runs `work` within limits.maxConcurrent and the query's deadline. With `partial`
   * (bellwether_partial=true) the deadline wraps the work up instead (EngineEnv.wrapUp): detector
   * runs stop feeding further series and the answer comes with those scored and a counted warning,
   * a little after the deadline; only partialHardMs aborts it.
   */
  async function limited(
    signal: AbortSignal,
    timeout: number,
    work: (s: AbortSignal, wrapUp?: AbortSignal) => Promise<void>,
    partial = false
  ): Promise<void> {
    if (timeout <= 0 && !partial) {
      // Prometheus times such a query out before it starts: the same 503, without a race.
      throw new KindedError(
        'timeout',
        `query timed out in query execution (timeout ${timeout / 1000}s is not positive)`
      );
    }
    const wrapUp = partial ? AbortSignal.timeout(Math.max(0, timeout)) : undefined;
    const hard = partial ? partialHardMs(timeout) : timeout;
    await withDeadline(hard, signal, async (s) => {
      // A query still queued at its deadline has nothing to give: it times out as any other.
      const release = await deps.semaphore.acquire(wrapUp ? AbortSignal.any([s, wrapUp]) : s).catch((err) => {
        throw wrapUp?.aborted && !s.aborted ? timedOut(timeout) : err;
      });
      try {
        await work(s, wrapUp);
      } catch (err) {
        // The engine stops between series once `s` aborts (src/engine/abort.ts), so the slot is
        // free for the client's next query rather than held by work nobody will read.
        if (s.aborted) {
          deps.metrics.queryAborted();
        }
        throw err;
      } finally {
        release();
      }
    });
  }

  /**
   * Whether the client accepts a partial answer at the deadline (`bellwether_partial=true`). Not
   * Thanos' `partial_response`: Grafana data sources and rule evaluators often carry it for every
   * query (Thanos' custom query parameters), alerts and recording rules included, which must never
   * read a partial answer as complete; so it is ignored, as Prometheus does.
   */
  function partialOf(params: URLSearchParams): boolean {
    const p = params.get(PARTIAL_PARAM) ?? 'false';
    if (p !== 'true' && p !== 'false') {
      throw new ApiError('bad_data', `invalid parameter "${PARTIAL_PARAM}": expected true or false, got "${p}"`);
    }
    return p === 'true';
  }

  /** The query's deadline in ms: `timeout=` may only shorten limits.queryTimeout; <= 0 times out at once. */
  function timeoutOf(params: URLSearchParams): number {
    const t = params.get('timeout');
    const asked = t ? parseDurationParam('timeout', t) : config.limits.queryTimeoutMs;
    return Math.min(asked, config.limits.queryTimeoutMs);
  }

  const routes: Record<string, { methods: string[]; handler: Handler }> = {
    '/api/v1/query': { methods: ['GET', 'POST'], handler: query },
    '/api/v1/query_range': { methods: ['GET', 'POST'], handler: queryRange },
    '/api/v1/format_query': { methods: ['GET', 'POST'], handler: formatQueryHandler },
    '/api/v1/bellwether/exhaustion': { methods: ['GET', 'POST'], handler: exhaustion },
    '/api/v1/status/buildinfo': { methods: ['GET'], handler: buildinfo },
    '/api/v1/bellwether/moved_together': {
      methods: ['GET', 'POST'],
      handler: async (req, res, target, signal) => {
        const params = await readParams(req, target.search, config.limits.maxBodyBytes);
        const run = movedTogetherHandler(params, deps.now(), deps.upstream);
        await limited(signal, timeoutOf(params), async (s) => sendData(res, await run(deps.env(s))));
      },
    },
    '/-/healthy': {
      methods: ['GET', 'HEAD'],
      handler: async (_q, res) => sendText(res, 200, 'Bellwether companion is Healthy.\n'),
    },
    '/-/ready': { methods: ['GET', 'HEAD'], handler: ready },
    '/metrics': {
      methods: ['GET'],
      handler: async (req, res) => {
        const om = String(req.headers.accept ?? '').includes('application/openmetrics-text');
        const type = om
          ? 'application/openmetrics-text; version=1.0.0; charset=utf-8'
          : 'text/plain; version=0.0.4; charset=utf-8';
        sendText(res, 200, deps.metricsText(om), type);
      },
    },
  };
  for (const p of PASSTHROUGH) {
    routes[p] = { methods: ['GET', 'POST'], handler: passthrough };
  }
  if (config.pixie.address) {
    // Pixie is reached only through the companion (gRPC); see companion/src/pixie/.
    routes['/api/v1/pixie/query'] = { methods: ['POST'], handler: pixieQueryHandler(config.pixie) };
    routes['/api/v1/pixie/health'] = { methods: ['GET'], handler: pixieHealthHandler(config.pixie) };
  }
  for (const [p, data] of Object.entries(EMPTY_OK)) {
    routes[p] = { methods: ['GET', 'POST'], handler: async (_q, res) => sendData(res, data) };
  }

  return (req, res) => {
    const started = performance.now();
    const rawUrl = req.url ?? '/';
    let path = rawUrl.split('?')[0];
    let handlerName = 'other';
    const ctl = new AbortController();
    res.on('close', () => !res.writableFinished && ctl.abort(new ApiError('canceled', 'client closed the connection')));
    res.on('finish', () => {
      const seconds = (performance.now() - started) / 1000;
      deps.metrics.observe(handlerName, res.statusCode, seconds);
      deps.log.debug('request', { method: req.method, path, status: res.statusCode, ms: Math.round(seconds * 1000) });
    });
    const run = async () => {
      if (config.corsOrigin) {
        res.setHeader('Access-Control-Allow-Origin', config.corsOrigin);
        res.setHeader('Vary', 'Origin');
        if (req.method === 'OPTIONS') {
          res.writeHead(204, {
            'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
            'Access-Control-Allow-Headers': 'Authorization, Content-Type',
            'Access-Control-Max-Age': '600',
          });
          res.end();
          return;
        }
      }
      const target = readRequestTarget(rawUrl);
      if ('redirect' in target) {
        // As Go's ServeMux (and so Prometheus): a path that is not clean moves to its clean form.
        res.setHeader('Location', target.redirect);
        throw new ApiError('bad_data', `path is not canonical; it moved to ${target.redirect}`, 301);
      }
      path = target.path;
      const label = /^\/api\/v1\/label\/([^/]+)\/values$/.exec(path);
      const route = label ? { methods: ['GET'], handler: labelValues(label[1]) } : routes[path];
      handlerName = label ? '/api/v1/label/:name/values' : route ? path : 'other';
      if (!route && deps.fallback?.(req, res)) {
        return; // an embedding (e.g. the quick-start demo) served this path itself
      }
      if (config.authToken && !open.has(path) && !bearerMatches(req.headers.authorization, config.authToken)) {
        res.setHeader('WWW-Authenticate', 'Bearer realm="bellwether"');
        throw new ApiError('bad_data', 'unauthorized: a valid "Authorization: Bearer <token>" header is required', 401);
      }
      if (!route) {
        throw new ApiError('not_found', `no such endpoint: ${path}`);
      }
      if (!route.methods.includes(req.method ?? '')) {
        res.setHeader('Allow', route.methods.join(', '));
        throw new ApiError('bad_data', `method ${req.method} not allowed for ${path}`, 405);
      }
      await route.handler(req, res, target, ctl.signal);
    };
    run()
      .catch((err) => {
        const e = toApiError(err);
        if (err instanceof KindedError && err.upstreamStatus !== undefined) {
          if (e.status >= 500) {
            logUpstreamError(path, err.upstreamStatus, e.type, e.message);
          }
        } else if (e.type === 'internal') {
          deps.log.error('internal error', { path, error: (err as Error)?.stack ?? String(err) });
        } else if (e.status >= 500) {
          deps.log.warn('query failed', { path, errorType: e.type, error: e.message });
        }
        if (!res.headersSent && !res.destroyed) {
          sendError(res, e);
        }
      })
      .catch((err) => {
        // Writing the error itself failed (the socket broke): nothing is left to answer.
        deps.log.warn('could not send an error answer', { path, error: String(err) });
        res.destroy();
      });
  };

  function parse(text: string) {
    try {
      return parseQuery(text);
    } catch (err) {
      if (err instanceof QueryParseError) {
        throw new ApiError('bad_data', `invalid parameter "query": ${err.message}`);
      }
      throw err;
    }
  }
}
