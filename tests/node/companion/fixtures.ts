/**
 * History for the companion's integration tests, backfilled into a real Prometheus. Every value is
 * defined by a formula here so expectations can be worked out by hand:
 *
 * - `bw_cpu{instance="node-a"}`: 0.4 + 0.2·sin(2πt/1d) + U(-0.01, 0.01) noise, with injected
 *   anomalies (0.98 for 10 min) starting at END - 6h, END - 30h and END - 54h.
 *   `bw_cpu{instance="node-b"}`: the same without anomalies.
 * - `bw_disk_avail_bytes{instance="node-a",mountpoint="/data"}`: a disk-fill ramp, exactly
 *   400 GB - 1 GB per hour since START (no noise): slope -1e9/3600 bytes/s, empty at START + 400h.
 * - `bw_requests_total{instance="node-a"}`: a counter growing 100 ± 50·sin req/s.
 * - `bw_pod_cpu{pod="web-0".."web-5"}`: six pods of one Deployment, 0.3 + 0.2·sin(2πt/1d) +
 *   U(-0.01, 0.01); web-4 drifts upward by 0.002 per minute from END - 3h ({@link podDriftStart}).
 * - a causal chain in job "checkout" ({@link chainStart} = END - 2h): `bw_queue_depth` rises from 20
 *   to 60 at the start, `bw_checkout_latency_seconds` from 0.2 to 0.8 three minutes later,
 *   `bw_checkout_errors` from 1 to 9 six minutes later; `bw_checkout_cpu` never moves. Each has
 *   U(-1, 1) noise in 2% of its level.
 *
 * Samples every minute from START = END - 8d to END, END = the last whole hour at least 2 h ago,
 * so the data is in the past and Prometheus' head block does not overlap it.
 */
import { mulberry32 } from '../../../src/ml/core/prng';
import { omLine } from '../../support/prometheus';

export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

/** Backfill window. */
export function window(now = Date.now()): { start: number; end: number } {
  const end = Math.floor((now - 2 * HOUR) / HOUR) * HOUR;
  return { start: end - 8 * DAY, end };
}

/** Start times of the injected CPU anomalies (each lasts 10 minutes). */
export function anomalyStarts(end: number): number[] {
  return [end - 6 * HOUR, end - 30 * HOUR, end - 54 * HOUR];
}

/** When pod web-4 of bw_pod_cpu starts to drift away from the other five. */
export function podDriftStart(end: number): number {
  return end - 3 * HOUR;
}

/** When the checkout chain's queue depth starts to rise. */
export function chainStart(end: number): number {
  return end - 2 * HOUR;
}

/** Disk available bytes at t: 400 GB minus 1 GB per hour since start. */
export function diskAt(t: number, start: number): number {
  return 400e9 - (1e9 * (t - start)) / HOUR;
}

/** The OpenMetrics text to backfill. */
export function historyOpenMetrics(start: number, end: number): string {
  const lines: string[] = [];
  const anomalies = anomalyStarts(end);
  lines.push('# TYPE bw_cpu gauge');
  for (const instance of ['node-a', 'node-b']) {
    const rnd = mulberry32(instance === 'node-a' ? 1 : 2);
    for (let t = start; t <= end; t += MINUTE) {
      let v = 0.4 + 0.2 * Math.sin((2 * Math.PI * t) / DAY) + (rnd() - 0.5) * 0.02;
      if (instance === 'node-a' && anomalies.some((a) => t >= a && t < a + 10 * MINUTE)) {
        v = 0.98;
      }
      lines.push(omLine('bw_cpu', { instance, job: 'node' }, Number(v.toFixed(5)), t));
    }
  }
  lines.push('# TYPE bw_disk_avail_bytes gauge');
  for (let t = start; t <= end; t += MINUTE) {
    lines.push(
      omLine('bw_disk_avail_bytes', { instance: 'node-a', job: 'node', mountpoint: '/data' }, diskAt(t, start), t)
    );
  }
  lines.push('# TYPE bw_requests counter');
  let total = 0;
  for (let t = start; t <= end; t += MINUTE) {
    total += 60 * (100 + 50 * Math.sin((2 * Math.PI * t) / DAY));
    lines.push(omLine('bw_requests_total', { instance: 'node-a', job: 'api' }, Math.round(total), t));
  }
  lines.push('# TYPE bw_pod_cpu gauge');
  const drift = podDriftStart(end);
  for (let p = 0; p < 6; p++) {
    const rnd = mulberry32(100 + p);
    for (let t = start; t <= end; t += MINUTE) {
      let v = 0.3 + 0.2 * Math.sin((2 * Math.PI * t) / DAY) + (rnd() - 0.5) * 0.02;
      if (p === 4 && t >= drift) {
        v += (0.002 * (t - drift)) / MINUTE;
      }
      lines.push(omLine('bw_pod_cpu', { job: 'web', pod: `web-${p}` }, Number(v.toFixed(5)), t));
    }
  }
  const chain = chainStart(end);
  const chainSeries: Array<[string, number, number, number]> = [
    ['bw_queue_depth', 20, 40, 0],
    ['bw_checkout_latency_seconds', 0.2, 0.6, 3],
    ['bw_checkout_errors', 1, 8, 6],
    ['bw_checkout_cpu', 0.5, 0, 0],
  ];
  chainSeries.forEach(([name, base, rise, lagMin], k) => {
    const rnd = mulberry32(200 + k);
    lines.push(`# TYPE ${name} gauge`);
    for (let t = start; t <= end; t += MINUTE) {
      const v = base * (1 + 0.02 * (2 * rnd() - 1)) + (t >= chain + lagMin * MINUTE ? rise : 0);
      lines.push(omLine(name, { job: 'checkout' }, Number(v.toFixed(5)), t));
    }
  });
  lines.push('# EOF');
  return lines.join('\n') + '\n';
}
