/**
 * An upstream for in-process companion tests: answers `query_range` for any inner query from fixed
 * series sampled every `step` ms from `t0`, as Prometheus would (no sample where a value is NaN, no
 * series without samples).
 */
import { HistoryStore } from '../../companion/src/history/historyStore';
import type { Upstream } from '../../companion/src/upstream/types';
import { sizedLru } from '../../src/engine/byteLru';
import { MAX_FORECAST_STEPS, MAX_TRAIN_POINTS, type EngineDefaults, type EngineEnv } from '../../src/engine/context';
import { EngineWarnings } from '../../src/engine/warnings';

/** One fixed series: its labels (with `__name__` if wanted) and its values from t0. */
export interface MemorySeries {
  labels: Record<string, string>;
  values: Float64Array;
}

export function memoryUpstream(
  series: MemorySeries[],
  t0: number,
  step: number,
  { matchLabels = false }: { matchLabels?: boolean } = {}
): Upstream {
  /**
   * With `matchLabels`, the series a query's equality matchers (`{instance="a"}`) select, as
   * Prometheus answers; else all of them, whatever the query.
   */
  const selected = (query: string) => {
    const pairs = matchLabels ? [...(/\{([^{}]*)\}/.exec(query)?.[1] ?? '').matchAll(/(\w+)\s*=\s*"([^"]*)"/g)] : [];
    return series.filter((s) => pairs.every(([, k, v]) => s.labels[k] === v));
  };
  /** Samples at `start`, `start + every`, ... up to `end` (ms), per series, as Prometheus answers them. */
  const matrix = (start: number, end: number, every: number, query = '') => {
    const result = selected(query)
      .map((s) => {
        const values: Array<[number, string]> = [];
        for (let t = start; t <= end; t += every) {
          const k = Math.round((t - t0) / step);
          if (k >= 0 && k < s.values.length && Number.isFinite(s.values[k])) {
            values.push([t / 1000, String(s.values[k])]);
          }
        }
        return { metric: s.labels, values };
      })
      .filter((s) => s.values.length > 0);
    return { status: 200, body: { status: 'success' as const, data: { resultType: 'matrix', result } } };
  };
  const refuse = (error: string) => ({ status: 400, body: { status: 'error' as const, errorType: 'bad_data', error } });
  return {
    description: 'memory',
    ready: async () => undefined,
    call: async (path, params) => {
      if (path === '/api/v1/query_range') {
        const every = Number(params.get('step')) * 1000;
        if (!(every > 0)) {
          return refuse('invalid parameter "step"');
        }
        return matrix(Number(params.get('start')) * 1000, Number(params.get('end')) * 1000, every, params.get('query') ?? '');
      }
      // A range selector at `time` (the companion reads sample intervals so): the raw samples in
      // (time - range, time].
      const range = /\[(\d+)([smhd])\]$/.exec(params.get('query') ?? '');
      if (path === '/api/v1/query' && range) {
        const ms =
          Number(range[1]) * { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[range[2] as 's' | 'm' | 'h' | 'd'];
        const at = Number(params.get('time')) * 1000;
        const first = t0 + Math.floor((at - ms - t0) / step + 1) * step;
        return matrix(first, at, step, params.get('query') ?? '');
      }
      return refuse(
        `the memory upstream answers query_range and range selectors, not ${path} ${params.get('query') ?? ''}`
      );
    },
  };
}

/**
 * An engine environment over `upstream` through the companion's history store, with its own caches
 * and a fixed clock: what the companion builds per request, for in-process tests. `cacheBytes`: the
 * cache's bound (256 MiB unless a test puts it under pressure).
 */
export function companionEnv(upstream: Upstream, defaults: EngineDefaults, now: () => number, cacheBytes = 256 * 1024 * 1024): EngineEnv {
  const cache = sizedLru(cacheBytes);
  return {
    history: new HistoryStore(
      upstream,
      cache,
      { maxPointsPerRequest: 11_000, maxSeries: 10, maxKeepPoints: 100_000 },
      0,
      now
    ),
    cache,
    defaults,
    maxTrainPoints: MAX_TRAIN_POINTS,
    maxForecastSteps: MAX_FORECAST_STEPS,
    settleMs: 0,
    now,
    warnings: new EngineWarnings(),
  };
}
