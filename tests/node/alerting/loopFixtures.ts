/**
 * Data and configuration for the end-to-end alerting tests (loop.test.ts).
 *
 * History: one-minute samples from four days before the test started to three hours after, so the
 * incidents lie in the near future and the evaluators, which query at the wall clock, meet them as
 * time passes. Each series is a formula (expectations are worked out by hand):
 *
 * - CPU (`instance:node_cpu_utilisation:rate5m`): 0.3 + 0.2·sin(day) + U(±0.01); web-1 saturates
 *   at 0.97 from INCIDENT on (a sustained incident); web-2 stays normal.
 * - the apiserver's p99 read latency as kube-prometheus records it
 *   (`cluster_quantile:apiserver_request_sli_duration_seconds:histogram_quantile{quantile="0.99"}`):
 *   0.2·(1 + 0.5·sin(day))·(1 ± 2 %); resource "pods" jumps to 2 s from INCIDENT on; "nodes" stays
 *   normal.
 * - Free bytes (`node_filesystem_avail_bytes`): volumes falling 1 GB/h that are full 2 h, 1 day and
 *   10 days after the start (one per tier: 4 h, 2 days, 30 days) and a root volume that only
 *   oscillates (no alert).
 * - Resident memory (`process_resident_memory_bytes`): api-1 leaks 6 MB/h under a GC sawtooth;
 *   api-2 has the sawtooth only.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { mulberry32 } from '../../../src/ml/core/prng';
import { omLine } from '../../support/prometheus';
import { readYaml } from '../provisioning/files';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** The test's timeline: start of the data, the first minute of the incidents, end of the data. */
export function timeline(now = Date.now()): { start: number; incident: number; end: number } {
  const t0 = Math.floor(now / MINUTE) * MINUTE;
  return { start: t0 - 4 * DAY, incident: t0 + 2 * MINUTE, end: t0 + 3 * HOUR };
}

const DISK = { job: 'node', device: '/dev/nvme1n1', fstype: 'ext4' };
/** Filling volumes: mountpoint → when it is full, in hours after the data's fourth day begins. */
export const FILLING = { '/fast': 2, '/medium': 24, '/slow': 240 } as const;

/** The OpenMetrics text to backfill (families contiguous, `# EOF` added by the helper). */
export function historyOpenMetrics(start: number, incident: number, end: number): string {
  const t0 = start + 4 * DAY;
  const lines: string[] = [];
  const each = (f: (t: number) => void) => {
    for (let t = start; t <= end; t += MINUTE) {
      f(t);
    }
  };
  const daily = (t: number) => Math.sin((2 * Math.PI * t) / DAY);

  lines.push('# TYPE instance:node_cpu_utilisation:rate5m gauge');
  for (const instance of ['web-1:9100', 'web-2:9100']) {
    const rnd = mulberry32(instance === 'web-1:9100' ? 1 : 2);
    each((t) => {
      let v = 0.3 + 0.2 * daily(t) + (rnd() - 0.5) * 0.02;
      if (instance === 'web-1:9100' && t >= incident) {
        v = 0.97 + (rnd() - 0.5) * 0.02;
      }
      lines.push(omLine('instance:node_cpu_utilisation:rate5m', { instance, job: 'node' }, Number(v.toFixed(5)), t));
    });
  }

  const P99 = 'cluster_quantile:apiserver_request_sli_duration_seconds:histogram_quantile';
  lines.push(`# TYPE ${P99} gauge`);
  for (const resource of ['pods', 'nodes']) {
    const rnd = mulberry32(resource === 'pods' ? 3 : 4);
    const labels = { quantile: '0.99', resource, verb: 'read' };
    each((t) => {
      let v = 0.2 * (1 + 0.5 * daily(t)) * (1 + (rnd() - 0.5) * 0.04);
      if (resource === 'pods' && t >= incident) {
        v = 2 + (rnd() - 0.5) * 0.2;
      }
      lines.push(omLine(P99, labels, Number(v.toFixed(5)), t));
    });
  }

  lines.push('# TYPE node_filesystem_avail_bytes gauge');
  for (const [mountpoint, fullAfterHours] of Object.entries(FILLING)) {
    const full = t0 + fullAfterHours * HOUR;
    each((t) => {
      const v = Math.max(0, (1e9 * (full - t)) / HOUR);
      lines.push(
        omLine('node_filesystem_avail_bytes', { instance: 'db-1:9100', mountpoint, ...DISK }, Math.round(v), t)
      );
    });
  }
  each((t) => {
    const v = 61e9 + 0.5e9 * daily(t);
    lines.push(
      omLine('node_filesystem_avail_bytes', { instance: 'web-1:9100', mountpoint: '/', ...DISK }, Math.round(v), t)
    );
  });

  lines.push('# TYPE process_resident_memory_bytes gauge');
  for (const [instance, leakPerHour] of [
    ['api-1:8080', 6e6],
    ['api-2:8080', 0],
  ] as const) {
    const rnd = mulberry32(instance === 'api-1:8080' ? 5 : 6);
    each((t) => {
      const gc = 25e6 * ((t % (7 * MINUTE)) / (7 * MINUTE));
      const v = 310e6 + gc + (leakPerHour * (t - start)) / HOUR + (rnd() - 0.5) * 6e6;
      lines.push(omLine('process_resident_memory_bytes', { instance, job: 'api' }, Math.round(v), t));
    });
  }
  return lines.join('\n') + '\n';
}

/** Seconds of a Prometheus duration such as 30s, 5m, 1h, 1d. */
export function durationSeconds(d: string): number {
  const m = /^(\d+)([smhd])$/.exec(d);
  if (!m) {
    throw new Error(`unsupported duration ${JSON.stringify(d)}`);
  }
  return Number(m[1]) * { s: 1, m: 60, h: 3600, d: 86400 }[m[2] as 's' | 'm' | 'h' | 'd'];
}

/**
 * A copy of a shipped rules file, written to `dir`, that runs a minute of the shipped timing in a
 * second: every `for` divided by 60 (15m → 15s) and group intervals of 1s. Expressions, labels and
 * `keep_firing_for` are unchanged.
 */
export function quickRules(shipped: string, dir: string): string {
  const doc = readYaml(shipped);
  for (const g of doc.groups) {
    if (g.interval) {
      g.interval = '1s';
    }
    for (const r of g.rules) {
      if (r.for) {
        r.for = `${durationSeconds(r.for) / 60}s`;
      }
    }
  }
  const out = join(dir, shipped.split('/').slice(-2).join('-'));
  writeFileSync(out, stringify(doc));
  return out;
}

/**
 * The shipped Alertmanager routing with its receivers pointed at the test's webhook under `prefix`
 * (e.g. /vmalert/bellwether-p0-page) and group waits and intervals of 1s.
 */
export function quickAlertmanagerConfig(shipped: string, webhookUrl: string, prefix: string): string {
  const doc = readYaml(shipped);
  const quick = (route: any) => {
    for (const key of ['group_wait', 'group_interval']) {
      if (route[key] !== undefined || route === doc.route) {
        route[key] = '1s';
      }
    }
    (route.routes ?? []).forEach(quick);
  };
  quick(doc.route);
  for (const r of doc.receivers) {
    for (const w of r.webhook_configs ?? []) {
      w.url = `${webhookUrl}${prefix}/${r.name}`;
    }
  }
  return stringify(doc);
}
