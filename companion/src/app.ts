/**
 * Assembles the companion from its config: upstream, cache, evaluator environment, recording rules
 * and HTTP server, and shuts it down gracefully (stop accepting, finish in-flight requests within
 * the grace period, stop the rule timer).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { answerClientError, answerConnect, MAX_HEADER_BYTES } from './api/clientError';
import { createRouter, type RouterDeps } from './api/router';
import { SelfMetrics } from './api/selfMetrics';
import type { CompanionConfig } from './config/config';
import { ByteLru, type Sized, sizedLru } from '../../src/engine/byteLru';
import type { EngineEnv } from '../../src/engine/context';
import { EngineWarnings } from '../../src/engine/warnings';
import { HistoryStore } from './history/historyStore';
import { UpstreamSampleIntervals } from './history/sampleIntervals';
import { historyKeepPoints } from './history/keepPoints';
import { Semaphore } from './limits/semaphore';
import { createLogger, type Logger } from './log/logger';
import { renderOpenMetrics } from './recording/openMetrics';
import { RuleEvaluator } from './recording/ruleEvaluator';
import { DemoUpstream } from './upstream/demo/demoUpstream';
import { PrometheusUpstream } from './upstream/prometheusUpstream';
import { upstreamHostProblem } from './upstream/hostCheck';
import type { Upstream } from './upstream/types';
import { installNodeMlRuntime } from './runtime/nodeMlRuntime';
import { ScanWarmer } from './warm/scanWarmer';

/** A running companion. */
export interface Companion {
  /** Base URL, e.g. http://127.0.0.1:9091. */
  url: string;
  server: Server;
  upstream: Upstream;
  rules: RuleEvaluator;
  /** The home page's scan kept warm (`warm:`; idle when disabled). */
  warmer: ScanWarmer;
  /** History and detector runs. */
  cache: ByteLru<Sized>;
  /** Fits of time to exhaustion and trend: FIT_CACHE_SHARE of cache.maxBytes. */
  fitCache: ByteLru<Sized>;
  history: HistoryStore;
  /** The evaluation environment (for in-process evaluation, e.g. benchmarks). */
  env(signal?: AbortSignal): EngineEnv;
  /** Stops gracefully; resolves when every connection is closed. */
  close(): Promise<void>;
}

/** Test and embedding hooks. */
export interface CompanionHooks {
  logger?: Logger;
  now?: () => number;
  upstream?: Upstream;
  /** Serves non-API paths on the same server (see RouterDeps.fallback). */
  fallback?: RouterDeps['fallback'];
}

/** Builds the upstream a config names. */
export function createUpstream(config: CompanionConfig, now: () => number): Upstream {
  const u = config.upstream;
  return u.type === 'demo' ? new DemoUpstream(now) : new PrometheusUpstream(u);
}

/** Share of cache.maxBytes kept for time to exhaustion's and trend fits (1/16: 12 MiB of the default 192, some 26,000 series). */
export const FIT_CACHE_SHARE = 1 / 16;

/** Starts the companion and resolves once it listens. */
export async function startCompanion(config: CompanionConfig, hooks: CompanionHooks = {}): Promise<Companion> {
  installNodeMlRuntime();
  const log = hooks.logger ?? createLogger(config.log.level);
  const now = hooks.now ?? Date.now;
  const upstream = hooks.upstream ?? createUpstream(config, now);
  // Time to exhaustion's and trend fits get their own share: a few hundred bytes per series, they
  // would otherwise be evicted by one scan's detector runs (about 73 KB per series on the home
  // page's scan), and a refresh would fit them all again. In `cache`, history (refetched from the
  // upstream) goes before detector runs, never evicts them, and runs drop old outputs before they go (detectRuns.ts).
  const fitBytes = Math.floor(config.cache.maxBytes * FIT_CACHE_SHARE);
  const cache = sizedLru(config.cache.maxBytes - fitBytes);
  const fitCache = new ByteLru<Sized>(fitBytes, (v) => v.sizeBytes());
  const history = new HistoryStore(
    upstream,
    cache,
    {
      maxPointsPerRequest: config.limits.maxPoints,
      maxSeries: config.limits.maxSeries,
      maxKeepPoints: historyKeepPoints(config.limits),
    },
    config.cache.settleMs,
    now
  );
  const sampleIntervals = new UpstreamSampleIntervals(upstream, cache);
  const env = (signal?: AbortSignal): EngineEnv => ({
    history,
    sampleIntervals,
    cache,
    fitCache,
    defaults: {
      step: config.defaults.stepMs,
      train: config.defaults.trainMs,
      refit: config.defaults.refitMs,
      resolution: config.defaults.resolutionMs,
      model: config.defaults.model,
      sensitivity: config.defaults.sensitivity,
      level: config.defaults.level,
    },
    maxTrainPoints: config.limits.maxTrainPoints,
    maxForecastSteps: config.limits.maxForecastSteps,
    settleMs: config.cache.settleMs,
    now,
    signal,
    warnings: new EngineWarnings(),
  });
  const semaphore = new Semaphore(config.limits.maxConcurrent);
  const metrics = new SelfMetrics();
  const rules = new RuleEvaluator(config.rules.list, config.rules.stepMs, config.rules.intervalMs, () => env(), log);
  const warmer = new ScanWarmer(
    config.warm.enabled ? config.warm.selectors : [],
    config.warm.intervalMs,
    upstream,
    env,
    () => semaphore.inFlight > 0,
    log
  );
  const version = readVersion();
  const metricsText = () =>
    renderOpenMetrics([
      ...rules.families(),
      ...(config.warm.enabled ? warmer.families() : []),
      ...metrics.families({
        cacheBytes: cache.bytes + fitCache.bytes,
        cacheEntries: cache.size + fitCache.size,
        cacheEvictions: cache.evictions + fitCache.evictions,
        cacheHistoryDrops: cache.drops,
        inFlight: semaphore.inFlight,
        upstreamRequests: history.stats.upstreamRequests,
        upstreamRetries: upstream instanceof PrometheusUpstream ? upstream.stats.staleSocketRetries : 0,
        ruleEvaluations: rules.stats.evaluations,
        ruleFailures: rules.stats.failures,
        ruleLastSuccess: rules.stats.lastSuccessSeconds,
        rulesConfigured: config.rules.list.length,
      }),
    ]);
  const server = createServer(
    // The Host header is not used, so HTTP/1.1 without one is answered (Node's own 400 has no body).
    { maxHeaderSize: MAX_HEADER_BYTES, requireHostHeader: false },
    createRouter({
      config,
      upstream,
      env,
      semaphore,
      metrics,
      metricsText,
      log,
      version,
      now,
      fallback: hooks.fallback,
    })
  );
  server.on('clientError', answerClientError);
  server.on('connect', answerConnect);
  server.requestTimeout = config.limits.queryTimeoutMs + 10_000;
  // A busy companion (one thread, long scans yielding every 50 ms) can take long to read a request's
  // headers; a fixed 30 s answered 408 to a client that had sent them. Give them as long as a query.
  server.headersTimeout = server.requestTimeout;
  // Keep idle connections longer than clients do (Grafana's and Go's HTTP clients keep them 90 s):
  // a server that closes first races a client reusing the socket, which then sees ECONNRESET.
  server.keepAliveTimeout = 95_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.listen.port, config.listen.host, () => resolve());
  });
  const addr = server.address() as AddressInfo;
  const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  const url = `http://${host}:${addr.port}`;
  rules.start();
  warmer.start();
  if (!hooks.upstream && config.upstream.type === 'prometheus') {
    void upstreamHostProblem(config.upstream.url).then(
      (problem) => problem && log.warn(problem, { key: 'upstream.url' })
    );
  }
  log.info('companion listening', { url, upstream: upstream.description, rules: config.rules.list.length, version });

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      log.info('shutting down', { graceMs: config.shutdownGraceMs });
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const grace = setTimeout(() => server.closeAllConnections(), config.shutdownGraceMs);
      await rules.stop();
      await warmer.stop();
      await closed;
      clearTimeout(grace);
      log.info('stopped');
    })());
  return { url, server, upstream, rules, warmer, cache, fitCache, history, env, close };
}

function readVersion(): string {
  try {
    return JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8')).version;
  } catch {
    return 'unknown';
  }
}
