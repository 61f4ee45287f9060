/**
 * Load generation with autocannon at a fixed overall request rate (`overallRate`, the CLI's `-R`),
 * and conversion of its result into the result file's `ClientStats`.
 *
 * Latency is recorded without autocannon's coordinated-omission correction: autocannon 8–9 pass
 * `Math.ceil(1 / rate)` (rate in requests per second per connection) as the expected interval, which
 * is always 1 ms, so the correction would add synthetic samples at 1 ms steps to every response slower
 * than 1 ms. Raw latencies are right as long as the target keeps up; a shortfall in the achieved rate
 * shows when it does not.
 */
import { ClientStats, LatencyPercentiles } from '../../src/ebpf';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon') as (opts: Record<string, unknown>, cb: (err: Error | null, result: AutocannonResult) => void) => { stop(): void };

/** The parts of autocannon's result object the harness reads. */
export interface AutocannonResult {
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  latency: Record<string, number>;
  requests: { total: number; average: number; sent?: number };
}

/** autocannon's package version. */
export function autocannonVersion(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('autocannon/package.json') as { version: string }).version;
}

/** One load run's settings. */
export interface LoadSpec {
  url: string;
  method: string;
  rateRps: number;
  connections: number;
  durationSeconds: number;
  timeoutSeconds?: number;
}

/**
 * Converts an autocannon result. Achieved rate is completed responses over autocannon's measured
 * duration; latency keys are autocannon's (`p50`, `p99`, `p99_9`, …).
 * @throws when the result lacks p50/p90/p99 (no successful response at all).
 */
export function clientStatsFromAutocannon(r: AutocannonResult): ClientStats {
  const latencyMs: Record<string, number> = {};
  for (const [k, v] of Object.entries(r.latency)) {
    if (/^p[0-9]+(_[0-9]+)?$/.test(k) && Number.isFinite(v)) {
      latencyMs[k] = v;
    }
  }
  if (r.requests.total === 0 || latencyMs.p50 === undefined || latencyMs.p90 === undefined || latencyMs.p99 === undefined) {
    throw new Error(`no successful response in the run (errors ${r.errors}, non-2xx ${r.non2xx}): is the target up?`);
  }
  if (!(r.duration > 0)) {
    throw new Error(`autocannon reported a duration of ${r.duration}`);
  }
  return {
    requests: r.requests.total,
    achievedRps: r.requests.total / r.duration,
    errors: r.errors,
    timeouts: r.timeouts,
    non2xx: r.non2xx,
    latencyMs: latencyMs as LatencyPercentiles,
    latencyMeanMs: r.latency.mean,
    latencyMaxMs: r.latency.max,
  };
}

/** Runs autocannon in-process and resolves with its raw result. */
export function runAutocannon(spec: LoadSpec): Promise<AutocannonResult> {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: spec.url,
        method: spec.method,
        overallRate: spec.rateRps,
        connections: spec.connections,
        duration: spec.durationSeconds,
        timeout: spec.timeoutSeconds ?? 10,
        ignoreCoordinatedOmission: true,
      },
      (err, result) => (err ? reject(err) : resolve(result))
    );
  });
}
