/**
 * An upstream for in-process companion tests: answers `query_range` for any inner query from fixed
 * series sampled every `step` ms from `t0`, as Prometheus would (no sample where a value is NaN, no
 * series without samples).
 */
import { HistoryStore } from '../../companion/src/history/historyStore';
import type { Upstream } from '../../companion/src/upstream/types';
import { ByteLru, type Sized } from '../../src/engine/byteLru';
import { MAX_TRAIN_POINTS, type EngineDefaults, type EngineEnv } from '../../src/engine/context';
import { EngineWarnings } from '../../src/engine/warnings';

/** One fixed series: its labels (with `__name__` if wanted) and its values from t0. */
export interface MemorySeries {
  labels: Record<string, string>;
  values: Float64Array;
}

export function memoryUpstream(series: MemorySeries[], t0: number, step: number): Upstream {
  return {
    description: 'memory',
    ready: async () => undefined,
    call: async (_path, params) => {
      const start = Number(params.get('start')) * 1000;
      const end = Number(params.get('end')) * 1000;
      const every = Number(params.get('step')) * 1000;
      const result = series
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
      return { status: 200, body: { status: 'success', data: { resultType: 'matrix', result } } };
    },
  };
}

/**
 * An engine environment over `upstream` through the companion's history store, with its own caches
 * and a fixed clock: what the companion builds per request, for in-process tests.
 */
export function companionEnv(upstream: Upstream, defaults: EngineDefaults, now: () => number): EngineEnv {
  const cache = new ByteLru<Sized>(256 * 1024 * 1024, (v) => v.sizeBytes());
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
    maxForecastSteps: 10_000,
    settleMs: 0,
    now,
    warnings: new EngineWarnings(),
  };
}
