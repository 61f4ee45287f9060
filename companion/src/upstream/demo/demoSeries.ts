/**
 * The embedded demo series: what a small production system's node exporter and application would
 * expose, as pure functions of time so every sample is reproducible. Samples sit on a 15 s grid
 * (a typical scrape interval). Injected anomalies are deterministic in wall-clock time:
 *
 * - `instance:node_cpu_utilisation:rate5m` (node-mixin recording rule): daily cycle with noise;
 *   web-1 has CPU incidents (about one day in three, 20–60 min near 100%).
 * - `instance:node_memory_utilisation:ratio` (node-mixin recording rule): each node's memory in
 *   use, steady with a small daily cycle and no incident (the home's default Memory signal).
 * - `process_resident_memory_bytes`: api-1 leaks ~6 MB/h and is restarted every 3.5 days;
 *   api-2 is healthy (GC sawtooth only).
 * - `node_filesystem_avail_bytes` / `node_filesystem_size_bytes`: db-1's PostgreSQL volume fills
 *   at ~29 GB/day with a daily write pattern and is cleaned up every 14 days; web-1's root is stable.
 * - `http_request_duration_seconds{quantile=...}` (client_golang summary): latency follows load,
 *   with spikes (2–6 min at 1.5–3 s) in about 4% of hours.
 * - `cluster_quantile:apiserver_request_sli_duration_seconds:histogram_quantile` and
 *   `code_resource:apiserver_request_total:rate5m` (kubernetes-mixin recording rules, as a
 *   kube-prometheus install has them; the home page's default latency, traffic and errors): the
 *   apiserver's p99 for reading pods spikes like api-1's (own seed, so at other hours), and its
 *   read traffic drops to 30 % on about one day in four.
 * - `http_requests_total` counters (restarted daily at 04:00 UTC like a deploy): daily traffic
 *   cycle, with a traffic drop incident to 30% on about one day in four.
 * - `pod_cpu_usage_cores{namespace="shop", deployment="web", pod=...}`: six web pods sharing the
 *   load; pod web-7d9c5-4 drifts away (up to +0.2 over 3 h, until a restart 4 h in) on about one
 *   day in three: the group-outlier demo (`outliers(..., "by=namespace,deployment")`).
 * - `shop_queue_depth`, `shop_checkout_latency_seconds`, `shop_checkout_errors_per_second` and
 *   `shop_checkout_cpu_cores` (job "checkout", namespace "shop"): on about one day in three the
 *   orders queue backs up (30–60 min), checkout latency follows 3 minutes later and errors 6 minutes
 *   later; the CPU series never moves: the "what moved together" demo.
 * - `kube_pod_container_resource_limits{resource="memory"}` (kube-state-metrics) and
 *   `container_memory_working_set_bytes` (cAdvisor, per container and per pod cgroup, which has no
 *   container label, `container=""`):
 *   the home page's default "Container memory" pair. Most containers are flat with a daily cycle;
 *   store's cart container leaks ~36 MiB/day from 250 MiB and reaches its 768 MiB limit 14 days
 *   after each restart (LEAK_CYCLE), when it is OOM-killed and starts again (same pod, same labels).
 */
import { hashNormal, hashUnit } from './noise';

/** Scrape interval of the demo series. */
export const SCRAPE_MS = 15_000;
const HOUR = 3600_000;
const DAY = 86400_000;
const GB = 1e9;

/** One demo series: its labels (with `__name__`) and its sample at a grid time. */
export interface DemoSeries {
  labels: Record<string, string>;
  /** Prometheus metric type, for /api/v1/metadata. */
  type: 'gauge' | 'counter' | 'summary';
  help: string;
  /** Sample value at grid time `t` (a multiple of SCRAPE_MS). */
  at(t: number): number;
}

/** Daily load shape in [0, 1]: low at night, peak mid-afternoon UTC. */
function load(t: number): number {
  const h = (((t % DAY) + DAY) % DAY) / HOUR;
  return 0.5 - 0.5 * Math.cos((2 * Math.PI * (h - 3)) / 24);
}

/** Whether `t` falls in the incident window of its day (seeded), and the window itself. */
function dailyIncident(t: number, seed: number, probability: number, minMs: number, maxMs: number): boolean {
  const day = Math.floor(t / DAY);
  if (hashUnit(seed, day) >= probability) {
    return false;
  }
  const start = day * DAY + Math.floor(hashUnit(seed + 7, day) * (DAY - maxMs));
  const len = minMs + hashUnit(seed + 13, day) * (maxMs - minMs);
  return t >= start && t < start + len;
}

/**
 * An incident under way when the quick start (`bellwether demo`) starts: web-1's CPU saturated from
 * LIVE_LEAD_MS before the start for LIVE_LENGTH_MS. Without it the demo's latest incident lies up to
 * days back, and the home page, the panels and the companion's own "now" showed different times.
 */
export interface LiveIncident {
  start: number;
  end: number;
}

/** Long enough that the shipped alert's `for: 5m` holds when the page first loads. */
const LIVE_LEAD_MS = 15 * 60_000;
const LIVE_LENGTH_MS = 45 * 60_000;

/** The live incident of a demo started at `startMs` (on the scrape grid). */
export function liveIncidentAt(startMs: number): LiveIncident {
  const start = Math.floor((startMs - LIVE_LEAD_MS) / SCRAPE_MS) * SCRAPE_MS;
  return { start, end: start + LIVE_LENGTH_MS };
}

/** Options of the demo series. */
export interface DemoOptions {
  /** A web-1 CPU saturation at this time, beside the seeded ones (the quick start's). */
  live?: LiveIncident;
}

function cpu(
  instance: string,
  seed: number,
  base: number,
  amp: number,
  incidents: boolean,
  live?: LiveIncident
): DemoSeries {
  return {
    labels: { __name__: 'instance:node_cpu_utilisation:rate5m', instance, job: 'node' },
    type: 'gauge',
    help: 'Fraction of CPU time spent not idle, averaged over 5m (node-mixin recording rule).',
    at(t) {
      const k = t / SCRAPE_MS;
      let v = base + amp * load(t) + 0.015 * hashNormal(seed, k);
      const saturated =
        (incidents && dailyIncident(t, seed, 0.35, 20 * 60_000, 60 * 60_000)) ||
        (live !== undefined && t >= live.start && t < live.end);
      if (saturated) {
        v = 0.93 + 0.05 * hashUnit(seed + 3, k);
      }
      return Math.min(1, Math.max(0, v));
    },
  };
}

function nodeMemory(instance: string, seed: number, base: number): DemoSeries {
  return {
    labels: { __name__: 'instance:node_memory_utilisation:ratio', instance, job: 'node' },
    type: 'gauge',
    help: 'Fraction of memory in use (node-mixin recording rule).',
    at(t) {
      return Math.min(1, Math.max(0, base + 0.04 * load(t) + 0.004 * hashNormal(seed, t / SCRAPE_MS)));
    },
  };
}

function memory(instance: string, seed: number, leakPerHour: number): DemoSeries {
  const period = 3.5 * DAY;
  return {
    labels: { __name__: 'process_resident_memory_bytes', instance, job: 'api' },
    type: 'gauge',
    help: 'Resident memory size in bytes.',
    at(t) {
      const sinceRestart = ((t % period) + period) % period;
      const gc = 25e6 * ((t % (7 * 60_000)) / (7 * 60_000)); // GC sawtooth every 7 min
      return Math.round(310e6 + gc + (leakPerHour * sinceRestart) / HOUR + 3e6 * hashNormal(seed, t / SCRAPE_MS));
    },
  };
}

const PG_VOLUME = {
  instance: 'db-1:9100',
  job: 'node',
  device: '/dev/nvme1n1',
  fstype: 'ext4',
  mountpoint: '/var/lib/postgresql',
};
const ROOT_VOLUME = { instance: 'web-1:9100', job: 'node', device: '/dev/nvme0n1p1', fstype: 'ext4', mountpoint: '/' };

function diskAvail(): DemoSeries {
  const size = 500 * GB;
  const period = 14 * DAY;
  const perDay = (0.92 * size) / 14; // about 3% left just before each cleanup
  const phase = (u: number) => 2 * Math.PI * (u / DAY - 1 / 8);
  return {
    labels: { __name__: 'node_filesystem_avail_bytes', ...PG_VOLUME },
    type: 'gauge',
    help: 'Filesystem space available to non-root users in bytes.',
    at(t) {
      const since = ((t % period) + period) % period;
      const days = since / DAY;
      // Writes follow load: the integral of (0.4 + 1.2 * load) since the last cleanup, in days.
      const written = perDay * (days - (1.2 * (Math.sin(phase(t)) - Math.sin(phase(t - since)))) / (4 * Math.PI));
      return Math.max(0, Math.round(0.95 * size - written + 0.2 * GB * hashNormal(41, t / SCRAPE_MS)));
    },
  };
}

function constant(name: string, labels: Record<string, string>, value: number, help: string): DemoSeries {
  return { labels: { __name__: name, ...labels }, type: 'gauge', help, at: () => value };
}

function stableDisk(): DemoSeries {
  return {
    labels: { __name__: 'node_filesystem_avail_bytes', ...ROOT_VOLUME },
    type: 'gauge',
    help: 'Filesystem space available to non-root users in bytes.',
    at: (t) =>
      Math.round(61 * GB + 0.5 * GB * Math.sin((2 * Math.PI * t) / DAY) + 0.05 * GB * hashNormal(43, t / SCRAPE_MS)),
  };
}

function latency(instance: string, quantile: string, seed: number, base: number, spikes: boolean): DemoSeries {
  return latencyOf(
    { __name__: 'http_request_duration_seconds', instance, job: 'api', handler: '/api/orders', quantile },
    'summary',
    'Request latency in seconds.',
    seed,
    base,
    spikes
  );
}

/**
 * The apiserver's p99 request latency as kube-prometheus records it (kubernetes-mixin,
 * kube-apiserver-histogram.rules: per verb, read or write, and resource).
 */
function apiserverLatency(
  verb: 'read' | 'write',
  resource: string,
  seed: number,
  base: number,
  spikes: boolean
): DemoSeries {
  return latencyOf(
    {
      __name__: 'cluster_quantile:apiserver_request_sli_duration_seconds:histogram_quantile',
      quantile: '0.99',
      verb,
      resource,
    },
    'gauge',
    'p99 apiserver request latency over 5m, in seconds (kubernetes-mixin recording rule).',
    seed,
    base,
    spikes
  );
}

/** Latency following load, with spikes of 2-6 min at 1.5-3 s in about 4 % of hours when `spikes`. */
function latencyOf(
  labels: Record<string, string>,
  type: DemoSeries['type'],
  help: string,
  seed: number,
  base: number,
  spikes: boolean
): DemoSeries {
  return {
    labels,
    type,
    help,
    at(t) {
      const k = t / SCRAPE_MS;
      let v = base * (1 + 0.8 * load(t)) * Math.exp(0.08 * hashNormal(seed, k));
      const hour = Math.floor(t / HOUR);
      if (spikes && hashUnit(seed + 5, hour) < 0.04) {
        const start = hour * HOUR + hashUnit(seed + 6, hour) * 50 * 60_000;
        const len = (2 + 4 * hashUnit(seed + 8, hour)) * 60_000;
        if (t >= start && t < start + len) {
          v = 1.5 + 1.5 * hashUnit(seed + 9, k);
        }
      }
      return v;
    },
  };
}

function requests(instance: string, code: string, seed: number, peak: number, drops: boolean): DemoSeries {
  const perSample = (t: number) => {
    let r = peak * (0.2 + 0.8 * load(t)) * (1 + 0.05 * hashNormal(seed, t / SCRAPE_MS));
    if (drops && dailyIncident(t, seed, 0.25, 15 * 60_000, 45 * 60_000)) {
      r *= 0.3;
    }
    return Math.max(0, r) * (SCRAPE_MS / 1000);
  };
  const restartOffset = 4 * HOUR; // daily deploy at 04:00 UTC resets the counter
  const prefix = new Map<number, Float64Array>();
  return {
    labels: { __name__: 'http_requests_total', instance, job: 'api', handler: '/api/orders', method: 'GET', code },
    type: 'counter',
    help: 'Total number of HTTP requests.',
    at(t) {
      const cycle = Math.floor((t - restartOffset) / DAY);
      let sums = prefix.get(cycle);
      if (!sums) {
        const n = DAY / SCRAPE_MS;
        sums = new Float64Array(n);
        const t0 = cycle * DAY + restartOffset;
        let acc = 0;
        for (let i = 0; i < n; i++) {
          acc += perSample(t0 + i * SCRAPE_MS);
          sums[i] = Math.round(acc);
        }
        if (prefix.size > 32) {
          prefix.delete(prefix.keys().next().value as number);
        }
        prefix.set(cycle, sums);
      }
      return sums[Math.floor((t - (cycle * DAY + restartOffset)) / SCRAPE_MS)];
    },
  };
}

/**
 * The apiserver's request rate as kube-prometheus records it (kubernetes-mixin,
 * kube-apiserver-availability.rules: per code, resource and verb), already a 5-minute rate, so its
 * noise is that of a 5-minute average; with drops to 30 % on about one day in four when `drops`.
 */
function apiserverRequests(
  code: string,
  verb: 'read' | 'write',
  resource: string,
  seed: number,
  peak: number,
  drops: boolean
): DemoSeries {
  return {
    labels: { __name__: 'code_resource:apiserver_request_total:rate5m', code, resource, verb },
    type: 'gauge',
    help: 'apiserver requests per second over 5m (kubernetes-mixin recording rule).',
    at(t) {
      let r = peak * (0.2 + 0.8 * load(t)) * (1 + 0.012 * hashNormal(seed, t / SCRAPE_MS));
      if (drops && dailyIncident(t, seed, 0.25, 15 * 60_000, 45 * 60_000)) {
        r *= 0.3;
      }
      return Math.max(0, r);
    },
  };
}

/** Six pods of one Deployment; pod 4 drifts away on its incident days (see the module comment). */
function webPod(index: number): DemoSeries {
  const seed = 61 + index;
  return {
    labels: { __name__: 'pod_cpu_usage_cores', namespace: 'shop', deployment: 'web', pod: `web-7d9c5-${index}` },
    type: 'gauge',
    help: 'CPU cores used by the pod, averaged over 5m.',
    at(t) {
      let v = 0.15 + 0.35 * load(t) + 0.01 * hashNormal(seed, t / SCRAPE_MS);
      if (index === 4) {
        const start = podDriftStart(t);
        if (start !== undefined && t >= start && t - start < 4 * HOUR) {
          v += 0.2 * Math.min(1, (t - start) / (3 * HOUR));
        }
      }
      return Math.max(0, v);
    },
  };
}

/** Start of web pod 4's drift on the day of `t`, if that day has one (seeded, one day in three). */
function podDriftStart(t: number): number | undefined {
  const day = Math.floor(t / DAY);
  return hashUnit(67, day) < 0.35 ? day * DAY + Math.floor(hashUnit(68, day) * 18) * HOUR : undefined;
}

/** Start of the day's checkout incident (queue backs up), if it has one (seeded, one day in three). */
function checkoutIncident(t: number): { start: number; length: number } | undefined {
  const day = Math.floor(t / DAY);
  if (hashUnit(71, day) >= 0.35) {
    return undefined;
  }
  const start = day * DAY + Math.floor(hashUnit(72, day) * 22 * 60) * 60_000;
  return { start, length: (30 + Math.floor(30 * hashUnit(73, day))) * 60_000 };
}

/** One series of the checkout chain: `rise` added from `lagMs` after the incident's start to its end. */
function checkout(name: string, help: string, seed: number, base: number, rise: number, lagMs: number): DemoSeries {
  return {
    labels: { __name__: name, namespace: 'shop', job: 'checkout' },
    type: 'gauge',
    help,
    at(t) {
      let v = base * (1 + 0.3 * load(t)) * (1 + 0.03 * hashNormal(seed, t / SCRAPE_MS));
      const inc = checkoutIncident(t);
      if (inc && t >= inc.start + lagMs && t < inc.start + inc.length + lagMs) {
        v += rise * Math.min(1, (t - inc.start - lagMs) / (5 * 60_000));
      }
      return Math.max(0, v);
    },
  };
}

const MI = 1024 ** 2;

/**
 * A container of the demo's Kubernetes cluster: where it runs, its memory limit and working set. None
 * in namespace shop: "What else moved?" reads every shop series as the checkout chain's neighbours.
 */
interface DemoContainer {
  namespace: string;
  pod: string;
  container: string;
  node: string;
  image: string;
  limitBytes: number;
  workingSet(t: number): number;
}

/**
 * The leaking cart container's cycle: OOM-killed at its limit every 14 days, a day after db-1's volume
 * is cleaned up (so the two never run out together). One reset at most in time to exhaustion's 14-day
 * window: the kill comes on this clock, not when the working set touches the limit, so with several
 * in the window the teeth end short of the limit and the engine rightly reads clockwork restarts
 * ("not full before the next reset"); a kill at the limit itself is read as the limit being reached.
 */
export const LEAK_CYCLE = { periodMs: 14 * DAY, oomAtMs: DAY };

/** A container whose working set follows load around `base`, with no trend. */
function steady(c: Omit<DemoContainer, 'workingSet'>, seed: number, base: number, swing: number): DemoContainer {
  return {
    ...c,
    workingSet: (t) => Math.round(base + swing * load(t) + 0.01 * base * hashNormal(seed, t / SCRAPE_MS)),
  };
}

/**
 * store's cart: leaks at a constant rate from `base` after each start and reaches its limit (at the
 * daily peak) a LEAK_CYCLE later, when the kernel OOM-kills it and the kubelet restarts it.
 */
function leaking(c: Omit<DemoContainer, 'workingSet'>, seed: number, base: number, swing: number): DemoContainer {
  const period = LEAK_CYCLE.periodMs;
  const perMs = (c.limitBytes - base - swing) / period;
  return {
    ...c,
    workingSet(t) {
      const since = (((t - LEAK_CYCLE.oomAtMs) % period) + period) % period;
      const v = base + perMs * since + swing * load(t) + 2 * MI * hashNormal(seed, t / SCRAPE_MS);
      return Math.round(Math.min(c.limitBytes, v));
    },
  };
}

const CONTAINERS: DemoContainer[] = [
  steady(
    {
      namespace: 'store',
      pod: 'frontend-6b7f9-2xkqp',
      container: 'frontend',
      node: 'web-1',
      image: 'store/frontend:2.14.1',
      limitBytes: 512 * MI,
    },
    111,
    180 * MI,
    50 * MI
  ),
  steady(
    {
      namespace: 'store',
      pod: 'frontend-6b7f9-9wz4m',
      container: 'frontend',
      node: 'web-2',
      image: 'store/frontend:2.14.1',
      limitBytes: 512 * MI,
    },
    112,
    175 * MI,
    50 * MI
  ),
  leaking(
    {
      namespace: 'store',
      pod: 'cart-5f6d8-x2k4q',
      container: 'cart',
      node: 'web-1',
      image: 'store/cart:1.8.0',
      limitBytes: 768 * MI,
    },
    113,
    250 * MI,
    20 * MI
  ),
  steady(
    {
      namespace: 'store',
      pod: 'payments-7b9f8-q8r2t',
      container: 'payments',
      node: 'web-2',
      image: 'store/payments:3.2.0',
      limitBytes: 1024 * MI,
    },
    114,
    420 * MI,
    80 * MI
  ),
  steady(
    {
      namespace: 'kube-system',
      pod: 'coredns-5d78c-7xk2p',
      container: 'coredns',
      node: 'web-1',
      image: 'registry.k8s.io/coredns/coredns:v1.11.1',
      limitBytes: 170 * MI,
    },
    115,
    22 * MI,
    3 * MI
  ),
];

/** kube-state-metrics' memory limit of a container (a constant; job label as kube-prometheus scrapes it). */
function memoryLimit(c: DemoContainer): DemoSeries {
  return constant(
    'kube_pod_container_resource_limits',
    {
      namespace: c.namespace,
      pod: c.pod,
      container: c.container,
      node: c.node,
      resource: 'memory',
      unit: 'byte',
      job: 'kube-state-metrics',
    },
    c.limitBytes,
    'The number of requested limit resource by a container.'
  );
}

/**
 * cAdvisor's labels of a pod or container, as Prometheus stores the kubelet's /metrics/cadvisor
 * answer: the pod cgroup's `container=""` is no label at all (Prometheus keeps no empty label), so
 * the demo's answers carry none either (`container=""` still matches it).
 */
function cadvisorLabels(c: DemoContainer, container: string): Record<string, string> {
  return {
    __name__: 'container_memory_working_set_bytes',
    namespace: c.namespace,
    pod: c.pod,
    ...(container ? { container, image: c.image } : {}),
    node: c.node,
    job: 'kubelet',
    metrics_path: '/metrics/cadvisor',
  };
}

const WORKING_SET_HELP = 'Current working set of the container in bytes';

/** cAdvisor's working set of a container. */
function workingSet(c: DemoContainer): DemoSeries {
  return { labels: cadvisorLabels(c, c.container), type: 'gauge', help: WORKING_SET_HELP, at: (t) => c.workingSet(t) };
}

/** cAdvisor's working set of the pod's cgroup (`container=""`): its container and the pause container. */
function podWorkingSet(c: DemoContainer): DemoSeries {
  return { labels: cadvisorLabels(c, ''), type: 'gauge', help: WORKING_SET_HELP, at: (t) => c.workingSet(t) + 1 * MI };
}

/** All demo series, in a stable order. */
export function demoSeries(options: DemoOptions = {}): DemoSeries[] {
  return [
    cpu('web-1:9100', 11, 0.12, 0.45, true, options.live),
    cpu('web-2:9100', 12, 0.1, 0.4, false),
    cpu('db-1:9100', 13, 0.2, 0.25, false),
    nodeMemory('web-1:9100', 14, 0.52),
    nodeMemory('web-2:9100', 15, 0.41),
    nodeMemory('db-1:9100', 16, 0.71),
    memory('api-1:8080', 21, 6e6),
    memory('api-2:8080', 22, 0),
    diskAvail(),
    constant('node_filesystem_size_bytes', PG_VOLUME, 500 * GB, 'Filesystem size in bytes.'),
    stableDisk(),
    constant('node_filesystem_size_bytes', ROOT_VOLUME, 100 * GB, 'Filesystem size in bytes.'),
    latency('api-1:8080', '0.99', 31, 0.18, true),
    latency('api-1:8080', '0.5', 32, 0.045, false),
    latency('api-2:8080', '0.99', 33, 0.17, false),
    requests('api-1:8080', '200', 51, 180, true),
    requests('api-2:8080', '200', 52, 170, false),
    requests('api-1:8080', '500', 53, 0.9, false),
    apiserverLatency('read', 'pods', 91, 0.18, true),
    apiserverLatency('write', 'pods', 92, 0.17, false),
    apiserverRequests('200', 'read', 'pods', 101, 180, true),
    apiserverRequests('201', 'write', 'pods', 102, 40, false),
    apiserverRequests('500', 'read', 'pods', 103, 0.9, false),
    ...[0, 1, 2, 3, 4, 5].map(webPod),
    checkout('shop_queue_depth', 'Messages waiting in the orders queue.', 81, 12, 150, 0),
    checkout('shop_checkout_latency_seconds', 'p99 checkout latency in seconds.', 82, 0.25, 1.2, 3 * 60_000),
    checkout('shop_checkout_errors_per_second', 'Failed checkouts per second, over 5m.', 83, 0.05, 2, 6 * 60_000),
    checkout('shop_checkout_cpu_cores', 'CPU cores used by checkout, over 5m.', 84, 0.6, 0, 0),
    ...CONTAINERS.map(memoryLimit),
    ...CONTAINERS.map(workingSet),
    ...CONTAINERS.map(podWorkingSet),
  ];
}
