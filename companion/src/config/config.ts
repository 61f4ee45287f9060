import { MAX_TRAIN_POINTS } from '../../../src/engine/context';
import { DEFAULT_RESOLUTION } from '../../../src/engine/resolution';
import { DEFAULT_PIXIE_CONFIG, type PixieConfig } from '../api/pixieHandler';
import { GOLDEN_SIGNALS } from '../../../src/pages/home/selectors';
import { cacheBudget, DOCUMENTED_MEMORY_LIMIT } from './memoryBudget';
/**
 * The companion's configuration: one YAML file (see companion/companion.example.yaml), overridable
 * from the environment (see ENV_OVERRIDES). Durations are written as Prometheus durations in YAML
 * and held in milliseconds here.
 */

/** Which upstream answers inner queries. */
export type UpstreamConfig =
  | {
      type: 'prometheus';
      url: string;
      basicAuth?: { username: string; password: string };
      bearerToken?: string;
      headers?: Record<string, string>;
      timeoutMs: number;
    }
  | { type: 'demo' };

/**
 * A kind of derived series a recording rule can record: `anomaly` (score and band), `forecast`
 * (yhat and its interval), `time_to_exhaustion` (seconds) or `trend` (Sen's slope per second and
 * the Mann-Kendall p-value), or `outliers` (each member's outlier score within its group).
 */
export type RecordKind = 'anomaly' | 'forecast' | 'time_to_exhaustion' | 'trend' | 'outliers';

/** Every record kind, in the order error messages list them. */
export const RECORD_KINDS: readonly RecordKind[] = ['anomaly', 'forecast', 'time_to_exhaustion', 'trend', 'outliers'];

/** One recording rule: derived series computed on the rule interval and exposed on /metrics. */
export interface RecordingRule {
  /** Prefix of the recorded metric names, e.g. `disk` → `disk:time_to_exhaustion_seconds`. */
  name: string;
  /** Inner PromQL. */
  expr: string;
  /** Which derived series to record. */
  record: RecordKind[];
  /** Option string passed to every function, e.g. `"train=7d sensitivity=0.5"`. */
  options?: string;
  /** Forecast horizon (Prometheus duration) when `forecast` is recorded. */
  horizon?: string;
  /** Capacity when `time_to_exhaustion` is recorded. */
  capacity?: number;
}

/** The whole configuration. */
export interface CompanionConfig {
  listen: { host: string; port: number };
  upstream: UpstreamConfig;
  /** Bearer token required on our API, or undefined for none. /-/healthy and /-/ready stay open. */
  authToken?: string;
  /** Value of Access-Control-Allow-Origin for browser clients (like Prometheus' --web.cors.origin); none by default. */
  corsOrigin?: string;
  limits: {
    maxSeries: number;
    maxPoints: number;
    maxRangeMs: number;
    maxBodyBytes: number;
    maxConcurrent: number;
    queryTimeoutMs: number;
    maxTrainPoints: number;
    maxForecastSteps: number;
  };
  cache: { maxBytes: number; settleMs: number };
  defaults: {
    stepMs: number;
    trainMs: number;
    refitMs: number;
    resolutionMs: number;
    model?: string;
    sensitivity?: number;
    level: number;
  };
  rules: { intervalMs: number; stepMs: number; list: RecordingRule[] };
  /**
   * The home page's "Anomalous now" scan, run in the background at start and `intervalMs` after
   * each pass ends, so its detector runs are cached when a user opens the page (warm/scanWarmer.ts).
   */
  warm: { enabled: boolean; intervalMs: number; selectors: string[] };
  log: { level: 'debug' | 'info' | 'warn' | 'error' };
  shutdownGraceMs: number;
  /** Pixie (`POST /api/v1/pixie/query`); an empty address disables the endpoints. */
  pixie: PixieConfig;
}

/** Built-in defaults. The upstream has none: a config names it (`upstream.type: demo` for demo data). */
export const DEFAULTS: Omit<CompanionConfig, 'upstream'> = {
  listen: { host: '127.0.0.1', port: 9091 },
  limits: {
    maxSeries: 1000,
    maxPoints: 11_000,
    maxRangeMs: 32 * 86400_000,
    maxBodyBytes: 1 << 20,
    maxConcurrent: 16,
    queryTimeoutMs: 60_000,
    // The engine's own limit, so the companion, panel and CLI train on the same points.
    maxTrainPoints: MAX_TRAIN_POINTS,
    maxForecastSteps: 11_000,
  },
  // Sized so the whole process stays under the manifest's 512 Mi limit (memoryBudget.ts): 192 MiB.
  cache: { maxBytes: cacheBudget(DOCUMENTED_MEMORY_LIMIT), settleMs: 60_000 },
  defaults: {
    stepMs: 60_000,
    trainMs: 3 * 86400_000,
    refitMs: 3600_000,
    resolutionMs: DEFAULT_RESOLUTION,
    level: 0.95,
  },
  rules: { intervalMs: 60_000, stepMs: 60_000, list: [] },
  // Off unless asked for (the example and compose configs ask; the Kubernetes manifest does not, for its
  // autoscaler): it holds CPU and cache whether or not anyone opens the page.
  warm: { enabled: false, intervalMs: 5 * 60_000, selectors: GOLDEN_SIGNALS.map((s) => s.expr) },
  log: { level: 'info' },
  shutdownGraceMs: 10_000,
  pixie: DEFAULT_PIXIE_CONFIG,
};
