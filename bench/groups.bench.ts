/**
 * `npm run bench -- groups`: cost of group outliers and of "what moved together".
 *
 * 1. The companion (in process, over an in-memory upstream through its own history store and its
 *    shipped limits: maxSeries 1,000, 11,000 points per upstream request): `outliers()` range query
 *    over 1,000 series x 1 day at 1 m, in 10 groups of 100 (by=deployment) and as one group of 1,000,
 *    cold (history fetched) and warm (history cached); heap growth after the query.
 * 2. The model alone (src/ml/group/groupOutliers.ts) on 1,000 x 1,505 points (a day plus the lead-in),
 *    against augurs' outlier detector (@bsull/augurs/outlier, MAD and DBSCAN) on the same data. augurs
 *    judges a whole window at once; a causal value at every point needs a rerun per point over the
 *    trailing window: measured on 5 trailing 65-point windows, multiplied by the 1,440 points.
 * 3. rankMovedTogether: one target against 1,000 candidates around one time.
 * Medians of 3 runs (1 for the causal augurs figure). Prints a table and writes bench/results/groups.json.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { evaluateRange } from '../companion/src/query/evaluate';
import { parseQuery } from '../companion/src/query/parser';
import type { DerivedQuery } from '../companion/src/query/ast';
import { HistoryStore } from '../companion/src/history/historyStore';
import { DEFAULTS } from '../companion/src/config/config';
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

function env(series: ReturnType<typeof data>): EngineEnv {
  const upstream = memoryUpstream(series, T0, MIN);
  const cache = new ByteLru<Sized>(DEFAULTS.cache.maxBytes, (v) => v.sizeBytes());
  const now = () => T0 + 2 * DAY;
  return {
    history: new HistoryStore(
      upstream,
      cache,
      { maxPointsPerRequest: DEFAULTS.limits.maxPoints, maxSeries: DEFAULTS.limits.maxSeries, maxKeepPoints: 100_000 },
      0,
      now
    ),
    cache,
    defaults: ENGINE_DEFAULTS,
    maxTrainPoints: DEFAULTS.limits.maxTrainPoints,
    maxForecastSteps: DEFAULTS.limits.maxForecastSteps,
    settleMs: 0,
    now,
  };
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
  for (const [name, q] of [
    ['outliers by=deployment (10 x 100), mad', 'outliers(bench_pod_cpu, "by=deployment")'],
    ['outliers by=deployment (10 x 100), dbscan', 'outliers(bench_pod_cpu, "by=deployment algorithm=dbscan")'],
    ['outliers one group of 1,000, mad', 'outliers(bench_pod_cpu)'],
  ] as const) {
    const parsed = parseQuery(q) as DerivedQuery;
    const cold: number[] = [];
    const warm: number[] = [];
    let heap = 0;
    for (let r = 0; r < 3; r++) {
      const e = env(series);
      global.gc?.();
      const before = process.memoryUsage().heapUsed;
      cold.push(await ms(() => evaluateRange(parsed, start, end, MIN, e)));
      heap = Math.max(heap, process.memoryUsage().heapUsed - before);
      warm.push(await ms(() => evaluateRange(parsed, start, end, MIN, e)));
    }
    rows.push([`companion ${name}: cold`, med(cold), 'ms']);
    rows.push([`companion ${name}: warm`, med(warm), 'ms']);
    rows.push([`companion ${name}: heap growth`, heap / 1e6, 'MB']);
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
    process.stdout.write(`${name.padEnd(92)} ${v.toFixed(unit === 'MB' ? 1 : 0).padStart(8)} ${unit}\n`);
  }
  const dir = join(__dirname, 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'groups.json'),
    JSON.stringify({ rows: rows.map(([name, value, unit]) => ({ name, value, unit })) }, null, 2) + '\n'
  );
}
