/**
 * A generated fleet for the home page's scale tests and bench: `filesystems` node-exporter
 * filesystems (5 per instance) and `cpus` CPU-utilisation series, served by the demo upstream's
 * Prometheus semantics (selectors, /api/v1/series, range and instant queries) over these series
 * instead of the demo's. Deterministic: every value is a function of the series index and time,
 * anchored at `anchor` (ms): the state at the anchor is known, so tests can count what must show.
 *
 * Filesystems (size 200 GB): index % 50 == 0 fill within about 2 h of the anchor (critical), index
 * % 50 == 1 within about 1 d (warning), index % 10 == 2 within about 10 d (info), the rest are flat.
 * CPU: index % 100 == 0 jumps from about 0.3 to 0.9 for the last 30 minutes before the anchor.
 */
import { DemoUpstream } from '../../companion/src/upstream/demo/demoUpstream';
import { type DemoSeries, SCRAPE_MS } from '../../companion/src/upstream/demo/demoSeries';
import { hashNormal, hashUnit } from '../../companion/src/upstream/demo/noise';

const GB = 1e9;
const DAY = 86_400_000;
const SIZE = 200 * GB;

/** Hours to full at the anchor for filesystem `i`, or Infinity for a flat one. */
export function fleetHoursToFull(i: number): number {
  if (i % 50 === 0) {
    return 2;
  }
  if (i % 50 === 1) {
    return 24;
  }
  return i % 10 === 2 ? 240 : Infinity;
}

export const fleetInstance = (i: number) => `node-${String(Math.floor(i / 5)).padStart(4, '0')}:9100`;

function filesystem(i: number, anchor: number): DemoSeries {
  const availNow = (0.1 + 0.3 * hashUnit(7, i)) * SIZE;
  const hours = fleetHoursToFull(i);
  const perMs = Number.isFinite(hours) ? availNow / (hours * 3_600_000) : 0;
  return {
    labels: {
      __name__: 'node_filesystem_avail_bytes',
      instance: fleetInstance(i),
      job: 'node',
      device: `/dev/sd${'abcde'[i % 5]}`,
      fstype: 'ext4',
      mountpoint: `/data${i % 5}`,
    },
    type: 'gauge',
    help: 'Filesystem space available to non-root users in bytes.',
    at: (t) => Math.max(0, availNow - perMs * (t - anchor) + 0.05 * GB * hashNormal(1000 + i, t / SCRAPE_MS)),
  };
}

/** CPU series `i` of the fleet (anomalous when i is a multiple of 100), on `instance` if given. */
export function fleetCpu(i: number, anchor: number, instance = `node-${String(i).padStart(4, '0')}:9100`): DemoSeries {
  const h = (t: number) => (((t % DAY) + DAY) % DAY) / 3_600_000;
  return {
    labels: { __name__: 'instance:node_cpu_utilisation:rate5m', instance, job: 'node' },
    type: 'gauge',
    help: 'CPU utilisation.',
    at: (t) => {
      const base = 0.25 + 0.1 * Math.sin((2 * Math.PI * h(t)) / 24) + 0.01 * hashNormal(5000 + i, t / SCRAPE_MS);
      return i % 100 === 0 && t > anchor - 30 * 60_000 ? 0.9 + 0.01 * hashNormal(9000 + i, t / SCRAPE_MS) : base;
    },
  };
}

/** The fleet's upstream; its clock is pinned to `anchor`. */
export function fleetUpstream(filesystems: number, cpus: number, anchor: number): DemoUpstream {
  const upstream = new DemoUpstream(() => anchor);
  const series = [
    ...Array.from({ length: filesystems }, (_, i) => filesystem(i, anchor)),
    ...Array.from({ length: cpus }, (_, i) => fleetCpu(i, anchor)),
  ];
  // The demo upstream's query semantics over the fleet's series instead of the demo's.
  Object.defineProperty(upstream, 'series', { value: series });
  return upstream;
}
