/**
 * `npm run bench -- groups`: cost of group outliers and of "what moved together".
 *
 * 1. The companion as deployed: `startCompanion` with its shipped limits (maxSeries 1,000, 11,000
 *    points per upstream request, 60 s query timeout) over a Prometheus stand-in on loopback that
 *    answers `query_range` with a JSON body serialised once beforehand (so its own cost is not
 *    counted), read by the companion's Prometheus client. `outliers()` over 1,000 series x 1 day at
 *    1 m as a `query_range` POST, in 10 groups of 100 (by=deployment) and as one group of 1,000:
 *    cold (a fresh companion: history fetched), warm (history cached), the answer's size and the
 *    largest heap growth during a cold query (sampled every 20 ms).
 * 2. Where a cold query's time goes: in process over the same stand-in, the history read (upstream
 *    request, JSON parse, placing the samples on the grid) apart from the rest (model and Prometheus
 *    output).
 * 3. The model alone (src/ml/group/groupOutliers.ts) on 1,000 x 1,506 points (a day plus the lead-in),
 *    against augurs' outlier detector (@bsull/augurs/outlier, MAD and DBSCAN) on the same data. augurs
 *    judges a whole window at once; a causal value at every point needs a rerun per point over the
 *    trailing window: measured on 5 trailing 65-point windows, multiplied by the 1,440 points.
 * 4. rankMovedTogether: one target against 1,000 candidates around one time.
 * Medians of 3 runs (1 for the causal augurs figure). Prints a table and writes bench/results/groups.json.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { startCompanion } from '../companion/src/app';
import { fromRaw } from '../companion/src/config/loadConfig';
import { silentLogger } from '../companion/src/log/logger';
import { evaluateRange } from '../companion/src/query/evaluate';
import { parseQuery } from '../companion/src/query/parser';
import type { DerivedQuery } from '../companion/src/query/ast';
import { HistoryStore } from '../companion/src/history/historyStore';
import { DEFAULTS } from '../companion/src/config/config';
import { PrometheusUpstream } from '../companion/src/upstream/prometheusUpstream';
import { ByteLru, type Sized } from '../src/engine/byteLru';
import { ENGINE_DEFAULTS, type EngineEnv } from '../src/engine/context';
import { mulberry32 } from '../src/ml/core/prng';
import { groupOutliers } from '../src/ml/group/groupOutliers';
import { rankMovedTogether } from '../src/ml/group/movedTogether';
import { memoryUpstream } from '../tests/support/memoryUpstream';

const MIN = 60_000;
const DAY = 86_400_000;
const SERIES = 1000;
const LEAD = 65; // 5 m window + 1 h train at 1 m
const N = 1440 + LEAD + 1;
const T0 = Date.UTC(2026, 0, 1);

function data(): Array<{ labels: Record<string, string>; values: Float64Array }> {
  const rnd = mulberry32(7);
  return Array.from({ length: SERIES }, (_, s) => ({
    labels: { __name__: 'bench_pod_cpu', deployment: `d${s % 10}`, pod: `p${s}` },
    values: Float64Array.from(
      { length: N },
      (_, i) =>
        0.3 +
        0.2 * Math.sin((2 * Math.PI * i) / 1440) +
        0.02 * (rnd() - 0.5) +
        (s === 3 && i > 900 ? 0.001 * (i - 900) : 0)
    ),
  }));
}

/**
 * A Prometheus stand-in on loopback: `query_range` answers from `series`, each distinct request's
 * JSON body serialised once and kept, so repeated runs time the companion, not the stand-in.
 */
async function prometheusStandIn(series: ReturnType<typeof data>): Promise<{ url: string; server: Server }> {
  const answer = memoryUpstream(series, T0, MIN);
  const bodies = new Map<string, string>();
  const server = createServer((req, res) => {
    let form = '';
    req.on('data', (c) => (form += c));
    req.on('end', async () => {
      const path = (req.url ?? '').split('?')[0];
      if (path !== '/api/v1/query_range') {
        res.writeHead(path === '/-/ready' ? 200 : 404).end();
        return;
      }
      const params = new URLSearchParams(form);
      const key = ['start', 'end', 'step'].map((k) => params.get(k)).join(' ');
      if (!bodies.has(key)) {
        bodies.set(key, JSON.stringify((await answer.call(path, params)).body));
      }
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(bodies.get(key));
    });
  });
  // Longer than a cold query, so the companion's keep-alive client never reuses a socket the
  // stand-in is closing (Node's default of 5 s raced it: ECONNRESET).
  server.keepAliveTimeout = 120_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

/** An in-process engine environment over `upstreamUrl` through the companion's history store; `history` sums the time spent reading history. */
function env(upstreamUrl: string, spent: { history: number }): EngineEnv {
  const upstream = new PrometheusUpstream({ url: upstreamUrl, timeoutMs: DEFAULTS.limits.queryTimeoutMs });
  const cache = new ByteLru<Sized>(DEFAULTS.cache.maxBytes, (v) => v.sizeBytes());
  const now = () => T0 + 2 * DAY;
  const store = new HistoryStore(
    upstream,
    cache,
    { maxPointsPerRequest: DEFAULTS.limits.maxPoints, maxSeries: DEFAULTS.limits.maxSeries, maxKeepPoints: 100_000 },
    0,
    now
  );
  return {
    history: {
      get: async (...args: Parameters<HistoryStore['get']>) => {
        const a = performance.now();
        const w = await store.get(...args);
        spent.history += performance.now() - a;
        return w;
      },
    },
    cache,
    defaults: ENGINE_DEFAULTS,
    maxTrainPoints: DEFAULTS.limits.maxTrainPoints,
    maxForecastSteps: DEFAULTS.limits.maxForecastSteps,
    settleMs: 0,
    now,
  };
}

/** A range query through the companion's HTTP API, the answer read whole; its size in bytes. */
async function queryRange(companionUrl: string, query: string, start: number, end: number): Promise<number> {
  const body = new URLSearchParams({
    query,
    start: String(start / 1000),
    end: String(end / 1000),
    step: String(MIN / 1000),
  });
  const res = await fetch(`${companionUrl}/api/v1/query_range`, { method: 'POST', body });
  const text = await res.text();
  if (res.status !== 200) {
    throw new Error(`${query}: HTTP ${res.status} ${text.slice(0, 200)}`);
  }
  return Buffer.byteLength(text);
}

/** Runs `fn` while sampling the heap every 20 ms; the largest growth over the heap before it (bytes). */
async function peakHeapGrowth(fn: () => Promise<unknown>): Promise<number> {
  global.gc?.();
  const before = process.memoryUsage().heapUsed;
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 20);
  try {
    await fn();
  } finally {
    clearInterval(timer);
  }
  return Math.max(peak, process.memoryUsage().heapUsed) - before;
}

async function ms(fn: () => Promise<unknown> | unknown): Promise<number> {
  const a = performance.now();
  await fn();
  return performance.now() - a;
}

const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

/** augurs' outlier binding, loaded from disk as the Node runtime loads its MSTL. */
function loadAugursOutlier(): {
  OutlierDetector: { mad(o: { sensitivity: number }): Det; dbscan(o: { sensitivity: number }): Det };
} {
  const dir = dirname(require.resolve('@bsull/augurs/outlier'));
  let src = readFileSync(join(dir, 'outlier.js'), 'utf8');
  src = src.replace(/^export\s+\{[^}]*\};?\s*$/m, 'return { OutlierDetector, initSync };');
  src = src.replace(/^export\s+(class|function|const|let|async function)\s/gm, '$1 ');
  src = src.replace(/import\.meta\.url/g, '"file:///augurs/"');
  const raw = new Function(src)();
  raw.initSync({ module: readFileSync(join(dir, 'outlier_bg.wasm')) });
  return raw;
}
interface Det {
  detect(y: Float64Array[]): { outlyingSeries: number[] };
  free(): void;
}

export async function run(): Promise<void> {
  const series = data();
  const rows: Array<[string, number, string]> = [];
  const start = T0 + (LEAD + 1) * MIN;
  const end = start + DAY - MIN;
  const timeout = DEFAULTS.limits.queryTimeoutMs;
  const prom = await prometheusStandIn(series);
  const companionOn = () =>
    startCompanion(fromRaw({ listen: { port: 0 }, upstream: { url: prom.url } }), {
      logger: silentLogger,
      now: () => T0 + 2 * DAY,
    });
  try {
    // One query unmeasured, so the stand-in has serialised its answer (every query below reads the same range).
    const first = await companionOn();
    await queryRange(first.url, 'outliers(bench_pod_cpu)', start, end).finally(() => first.close());
    for (const [name, q] of [
      ['outliers by=deployment (10 x 100), mad', 'outliers(bench_pod_cpu, "by=deployment")'],
      ['outliers by=deployment (10 x 100), dbscan', 'outliers(bench_pod_cpu, "by=deployment algorithm=dbscan")'],
      ['outliers one group of 1,000, mad', 'outliers(bench_pod_cpu)'],
    ] as const) {
      const cold: number[] = [];
      const warm: number[] = [];
      let heap = 0;
      let bytes = 0;
      for (let r = 0; r < 3; r++) {
        const companion = await companionOn();
        try {
          let t = 0;
          const growth = await peakHeapGrowth(
            async () => (t = await ms(async () => (bytes = await queryRange(companion.url, q, start, end))))
          );
          cold.push(t);
          warm.push(await ms(() => queryRange(companion.url, q, start, end)));
          heap = Math.max(heap, growth);
        } finally {
          await companion.close();
        }
      }
      rows.push([
        `companion HTTP ${name}: cold (limit ${timeout.toLocaleString('en-US')} ms, limits.queryTimeoutMs)`,
        med(cold),
        'ms',
      ]);
      rows.push([`companion HTTP ${name}: warm (limit ${timeout.toLocaleString('en-US')} ms)`, med(warm), 'ms']);
      rows.push([`companion HTTP ${name}: answer size`, bytes / 1e6, 'MB']);
      rows.push([
        `companion HTTP ${name}: peak heap growth, cold (companion and client in one process)`,
        heap / 1e6,
        'MB',
      ]);
    }
    // Where a cold query's time goes, in process over the same stand-in.
    const parsed = parseQuery('outliers(bench_pod_cpu)') as DerivedQuery;
    const read: number[] = [];
    const rest: number[] = [];
    for (let r = 0; r < 3; r++) {
      const spent = { history: 0 };
      const total = await ms(() => evaluateRange(parsed, start, end, MIN, env(prom.url, spent)));
      read.push(spent.history);
      rest.push(total - spent.history);
    }
    rows.push([
      'in process, one group of 1,000, cold: history read (upstream request, JSON parse, grid)',
      med(read),
      'ms',
    ]);
    rows.push(['in process, one group of 1,000, cold: model and Prometheus output', med(rest), 'ms']);
  } finally {
    prom.server.close();
  }
  const members = series.map((s) => s.values);
  for (const algorithm of ['mad', 'dbscan'] as const) {
    const t = med(
      await Promise.all(
        [0, 1, 2].map(() =>
          ms(() => groupOutliers(members, { algorithm, sensitivity: 0.5, window: 5, scaleWindow: 60 }))
        )
      )
    );
    rows.push([`groupOutliers ${algorithm}, 1,000 x ${N} (causal, every point)`, t, 'ms']);
  }
  const augurs = loadAugursOutlier();
  for (const algorithm of ['mad', 'dbscan'] as const) {
    const whole: number[] = [];
    for (let r = 0; r < 3; r++) {
      const det = augurs.OutlierDetector[algorithm]({ sensitivity: 0.5 });
      whole.push(await ms(() => det.detect(members)));
      det.free();
    }
    rows.push([`augurs ${algorithm}, 1,000 x ${N}, one whole-window verdict`, med(whole), 'ms']);
    const det = augurs.OutlierDetector[algorithm]({ sensitivity: 0.5 });
    const windows = 5;
    const t = await ms(() => {
      for (let w = 0; w < windows; w++) {
        det.detect(members.map((m) => m.subarray(w * 60, w * 60 + LEAD)));
      }
    });
    det.free();
    rows.push([
      `augurs ${algorithm}, causal (rerun on the trailing ${LEAD} points at each of 1,440)`,
      (t / windows) * 1440,
      'ms',
    ]);
  }
  const target = members[3];
  rows.push([
    'rankMovedTogether, 1 target x 1,000 candidates',
    med(
      await Promise.all(
        [0, 1, 2].map(() =>
          ms(() => rankMovedTogether(target, members, 1000, { lookBack: 30, after: 10, baseline: 120 }))
        )
      )
    ),
    'ms',
  ]);
  for (const [name, v, unit] of rows) {
    process.stdout.write(`${name.padEnd(110)} ${v.toFixed(unit === 'MB' ? 1 : 0).padStart(8)} ${unit}\n`);
  }
  const dir = join(__dirname, 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'groups.json'),
    JSON.stringify({ rows: rows.map(([name, value, unit]) => ({ name, value, unit })) }, null, 2) + '\n'
  );
}
