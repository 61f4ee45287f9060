/**
 * `npm run eval -- coarseStep`: what a step coarser than the data costs and what a multiple-comparison
 * adjustment of the step's score would buy (issue 12, item 3). At such a step every door reports the
 * highest fine score in (t - step, t] (src/engine/resolution.ts); the highest of k scores crosses the
 * shipped threshold more often than one score does. The candidate measured here discounts that
 * maximum for the k looks, from the score's own definition:
 * - below the threshold the score is the calibrated surprise u = ln(1/p) / ln(M) (M the calibration's
 *   memory, max(100, trainWindow points); src/ml/detect/ensemble.ts), so the Bonferroni p of the
 *   smallest of k tail probabilities, k p, is a surprise lower by ln(k) / ln(M);
 * - above it the surprise is half of the score (magnitudeScore, src/ml/detect/bandScore.ts), the other
 *   half the distance outside the band, so the score is lower by half that.
 * `c` scales the discount (0: the shipped rule; 1: Bonferroni) and is chosen by leave-one-file-out.
 *
 * Two parts, both deterministic:
 * 1. The 18 NAB development files (../shared/data/dev/anomaly), each scored by the engine at its own
 *    step (as the anomaly eval's `engine` row) and read at k times that step: blocks of k points
 *    aligned to the epoch, each flagged at its last row when its (discounted) maximum reaches the
 *    shipped alert threshold 0.76. NAB's standard / low FP / low FN scores at that threshold, the
 *    windows with a flagged step, and flagged regions outside every window.
 * 2. The demo (companion/src/upstream/demo): web-1 CPU over the 7 days to 2026-12-04 06:08 UTC and
 *    api-1 p99 (`direction=above min_rel=0.5`) over the 14 days to then, scored by a companion every
 *    minute (28 days of one-minute history) and read at 10 minutes as onFinerGrid reads them.
 * Prints the tables and writes eval/results/coarseStep.json. COARSE_STEP_LONG_ONLY=1 runs only the
 * 30-day api-1 p99 table (longRangePart) and writes nothing.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startCompanion } from '../companion/src/app';
import { fromRaw } from '../companion/src/config/loadConfig';
import { silentLogger } from '../companion/src/log/logger';
import { demoSeries } from '../companion/src/upstream/demo/demoSeries';
import { ANOMALY_ALERT_SCORE } from '../src/common/anomalyAlertScore';
import { callDetectorOptions } from '../src/engine/detectRuns';
import { detectSeries } from '../src/engine/detectSeries';
import { prepareSeries } from '../src/ml/core/prepare';
import { resolveOptions } from '../src/ml/detect/options';
import { ensembleThreshold } from '../src/ml/detect/sensitivity';
import { DEFAULT_SENSITIVITY } from '../src/ml/detect/types';
import { NAB_PROFILES, nabBounds, normaliseNab, prepareNabFile, scoreNabFile } from '../src/ml/scoring/nab';
import { memoryUpstream } from '../tests/support/memoryUpstream';
import { table } from './forecast/table';
import { loadCorpus } from './nab/corpus';

const KS = [1, 2, 3, 6, 12];
const CS = [0, 0.5, 1];
const T = ANOMALY_ALERT_SCORE;
const THRESHOLD = ensembleThreshold(DEFAULT_SENSITIVITY);

/** The highest of k fine scores, discounted by c times the Bonferroni shift for k looks (see above). */
export function discounted(max: number, k: number, memory: number, c: number): number {
  const shift = (c * Math.log(k)) / Math.log(memory);
  return max >= THRESHOLD ? max - shift / 2 : max - shift;
}

interface Scored {
  name: string;
  step: number;
  memory: number;
  t0: number;
  windows: Array<[number, number]>;
  score: Float64Array;
}

/** Per file: NAB raw / null / perfect per profile, windows caught and regions outside the windows. */
interface FileCell {
  raw: number[];
  nul: number[];
  perfect: number[];
  caught: number;
  outside: number;
}

/**
 * With `orTwo`, a step where two or more fine scores reach the threshold keeps its maximum undiscounted
 * (two exceedances among k looks are rarer than one: about C(k, 2) p^2 against k p).
 */
function readAtStep(f: Scored, k: number, c: number, orTwo = false): FileCell {
  const n = f.score.length;
  const flag = new Uint8Array(n);
  const blockMs = f.step * k;
  const lead = Math.round((f.t0 - Math.floor(f.t0 / blockMs) * blockMs) / f.step);
  const blocks: Array<[number, number, boolean]> = [];
  for (let a = -lead; a < n; a += k) {
    const lo = Math.max(0, a);
    const hi = Math.min(n, a + k);
    let max = -Infinity;
    let over = 0;
    for (let i = lo; i < hi; i++) {
      max = f.score[i] > max ? f.score[i] : max;
      over += f.score[i] >= T ? 1 : 0;
    }
    const on = Number.isFinite(max) && (discounted(max, k, f.memory, c) >= T || (orTwo && over >= 2));
    flag[hi - 1] = on ? 1 : 0;
    blocks.push([lo, hi, on]);
  }
  const file = prepareNabFile(n, f.windows);
  const cell: FileCell = { raw: [], nul: [], perfect: [], caught: 0, outside: 0 };
  NAB_PROFILES.forEach((p) => {
    cell.raw.push(scoreNabFile(file, (i) => flag[i] === 1, p).raw);
    const b = nabBounds(file, p);
    cell.nul.push(b.nullScore);
    cell.perfect.push(b.perfect);
  });
  const inWindow = ([lo, hi]: [number, number, boolean]) => f.windows.some(([a, b]) => lo <= b && hi - 1 >= a);
  cell.caught = f.windows.filter(([a, b]) => blocks.some(([lo, hi, on]) => on && lo <= b && hi - 1 >= a)).length;
  blocks.forEach((b, i) => {
    const prev = blocks[i - 1];
    if (b[2] && !inWindow(b) && !(prev && prev[2] && !inWindow(prev))) {
      cell.outside++;
    }
  });
  return cell;
}

function normalised(cells: FileCell[], p: number): number {
  const sum = (get: (c: FileCell) => number) => cells.reduce((a, c) => a + get(c), 0);
  return normaliseNab(
    sum((c) => c.raw[p]),
    sum((c) => c.nul[p]),
    sum((c) => c.perfect[p])
  );
}

async function nabPart(): Promise<unknown> {
  const files: Scored[] = [];
  for (const f of loadCorpus()) {
    const p = prepareSeries({ t: f.t, v: f.v });
    const r = await detectSeries(p.t, p.v, p.stepMs, {});
    const call = { func: 'anomaly_score' as const, inner: 'series', options: { step: p.stepMs } };
    const memory = Math.max(100, resolveOptions(callDetectorOptions(call, p.stepMs)).trainWindow);
    const at = new Map<number, number>();
    p.t.forEach((x, i) => at.set(x, i));
    const score = Float64Array.from(f.t, (x) => (at.has(x) ? r.score[at.get(x)!] : NaN));
    files.push({ name: f.name, step: p.stepMs, memory, t0: f.t[0], windows: f.windows, score });
  }
  const windows = files.reduce((a, f) => a + f.windows.length, 0);
  // What a discount can remove: points flagged outside every window, and those at 0.99 or more.
  let outsidePoints = 0;
  let outsideTop = 0;
  for (const f of files) {
    f.score.forEach((s, i) => {
      if (s >= T && !f.windows.some(([a, b]) => i >= a && i <= b)) {
        outsidePoints++;
        outsideTop += s >= 0.99 ? 1 : 0;
      }
    });
  }
  process.stdout.write(
    `NAB points at ${T} or more outside every window: ${outsidePoints}, of which ${outsideTop} at 0.99 or more\n`
  );
  const rows: Array<Array<string | number>> = [];
  const out: unknown[] = [];
  for (const k of KS) {
    const cells = CS.map((c) => files.map((f) => readAtStep(f, k, c)));
    // Leave one file out: c chosen on the other files' standard score (ties: the smaller c).
    const held: FileCell[] = [];
    const chosen: number[] = [];
    files.forEach((_, i) => {
      const others = (ci: number) => cells[ci].filter((_, j) => j !== i);
      let best = 0;
      CS.forEach((_, ci) => {
        best = normalised(others(ci), 0) > normalised(others(best), 0) + 1e-9 ? ci : best;
      });
      chosen.push(CS[best]);
      held.push(cells[best][i]);
    });
    CS.forEach((c, ci) => {
      const fig = NAB_PROFILES.map((_, p) => normalised(cells[ci], p).toFixed(1)).join(' / ');
      const caught = cells[ci].reduce((a, x) => a + x.caught, 0);
      const outside = cells[ci].reduce((a, x) => a + x.outside, 0);
      rows.push([String(k), c === 0 ? '0 (shipped)' : String(c), fig, `${caught} of ${windows}`, String(outside)]);
      out.push({ k, c, scores: fig, caught, windows, outside });
    });
    const orTwo = files.map((f) => readAtStep(f, k, 1, true));
    const orTwoFig = NAB_PROFILES.map((_, p) => normalised(orTwo, p).toFixed(1)).join(' / ');
    const orTwoCaught = orTwo.reduce((a, x) => a + x.caught, 0);
    const orTwoOutside = orTwo.reduce((a, x) => a + x.outside, 0);
    rows.push([
      String(k),
      '1, or 2+ fine points at 0.76',
      orTwoFig,
      `${orTwoCaught} of ${windows}`,
      String(orTwoOutside),
    ]);
    out.push({ k, c: 1, orTwo: true, scores: orTwoFig, caught: orTwoCaught, windows, outside: orTwoOutside });
    const cv = NAB_PROFILES.map((_, p) => normalised(held, p).toFixed(1)).join(' / ');
    const picks = CS.map((c) => `${c}: ${chosen.filter((x) => x === c).length}`).join(', ');
    rows.push([String(k), `leave one file out (c chosen: ${picks})`, cv, '', '']);
    out.push({ k, leaveOneFileOut: cv, chosen: picks });
  }
  process.stdout.write(
    `NAB development files read at k times their step (flagged at ${T}; standard / low FP / low FN)\n` +
      table(['k', 'c', 'NAB at 0.76', 'windows flagged', 'regions outside windows'], rows) +
      '\n'
  );
  return out;
}

const MIN = 60_000;
const DAY = 86_400_000;
const STEP = 10 * MIN;
const END = Date.UTC(2026, 11, 4, 6, 8);
const NOW = END + DAY;
/** The companion's calibration memory at one minute: its default 3-day training window in points. */
const DEMO_MEMORY = (3 * DAY) / MIN;

const demo = demoSeries();
const cpu = demo.find(
  (s) => s.labels.__name__ === 'instance:node_cpu_utilisation:rate5m' && s.labels.instance === 'web-1:9100'
)!;
const latency = demo.find(
  (s) =>
    s.labels.__name__ === 'http_request_duration_seconds' &&
    s.labels.instance === 'api-1:8080' &&
    s.labels.quantile === '0.99'
)!;
const LATENCY = `anomaly_score(http_request_duration_seconds{instance="api-1:8080",quantile="0.99"}, "direction=above min_rel=0.5")`;

/** A companion on the demo's web-1 CPU and api-1 p99 sampled every minute for `days` before END. */
async function demoCompanion(days: number) {
  const t0 = END - days * DAY;
  const upstream = memoryUpstream(
    [cpu, latency].map((s) => ({
      labels: s.labels,
      values: Float64Array.from({ length: (NOW - t0) / MIN + 1 }, (_, i) => s.at(t0 + i * MIN)),
    })),
    t0,
    MIN,
    { matchLabels: true }
  );
  const companion = await startCompanion(
    fromRaw({ listen: { host: '127.0.0.1', port: 0 }, upstream: { type: 'demo' }, limits: { queryTimeout: '1h' } }),
    { logger: silentLogger, upstream, now: () => NOW }
  );
  /** The companion's answer to a range query (ms → value) and its warnings. */
  const range = async (query: string, from: number, to: number, step: number) => {
    const res = await fetch(`${companion.url}/api/v1/query_range`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        query,
        start: String(from / 1000),
        end: String(to / 1000),
        step: String(step / 1000),
      }).toString(),
    });
    const body = (await res.json()) as { status: string; error?: string; warnings?: string[]; data: { result: any[] } };
    if (body.status !== 'success') {
      throw new Error(body.error);
    }
    const values = new Map<number, number>(
      (body.data.result[0].values as Array<[number, string]>).map(([t, v]) => [Math.round(t * 1000), Number(v)])
    );
    return { values, warnings: body.warnings ?? [] };
  };
  return { range, close: () => companion.close() };
}

/** [start, end) of each run of one-minute samples of `series` at or above `high` in [from, to]. */
function incidentsOf(
  series: { at(t: number): number },
  high: number,
  from: number,
  to: number
): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  let start: number | undefined;
  for (let t = from; t <= to + MIN; t += MIN) {
    const on = t <= to && series.at(t) >= high;
    if (on && start === undefined) {
      start = t;
    } else if (!on && start !== undefined) {
      runs.push([start, t]);
      start = undefined;
    }
  }
  return runs;
}

/** Whether the step ending at t (window (t - step, t]) holds a minute of the run [a, b). */
const holds = (t: number, step: number, [a, b]: [number, number]) => t >= a && t - step < b - MIN;

async function demoPart(): Promise<unknown> {
  // 28 days of history, as tests/node/datasource/nativeResolution.test.ts.
  const companion = await demoCompanion(28);
  const fine = async (query: string, from: number, to: number) => (await companion.range(query, from, to, MIN)).values;
  const rows: Array<Array<string | number>> = [];
  const out: unknown[] = [];
  try {
    const views = [
      {
        name: 'web-1 CPU, 7 d',
        series: cpu,
        query: `anomaly_score(instance:node_cpu_utilisation:rate5m{instance="web-1:9100"})`,
        days: 7,
        high: 0.9,
      },
      { name: 'api-1 p99, 14 d', series: latency, query: LATENCY, days: 14, high: 1.2 },
    ];
    for (const v of views) {
      const from = END - v.days * DAY;
      // At most 11,000 points a query: a week of minutes at a time.
      const scores = new Map<number, number>();
      for (let a = from - STEP; a < END; a += 7 * DAY) {
        for (const [t, s] of await fine(v.query, a, Math.min(END, a + 7 * DAY - MIN))) {
          scores.set(t, s);
        }
      }
      // Incidents: saturations, latency spikes.
      const incidents = incidentsOf(v.series, v.high, from - STEP + MIN, END);
      for (const c of CS) {
        const flagged: number[] = [];
        for (let t = from; t <= END; t += STEP) {
          let max = -Infinity;
          for (let j = 0; j < STEP / MIN; j++) {
            const s = scores.get(t - j * MIN);
            max = s !== undefined && s > max ? s : max;
          }
          if (Number.isFinite(max) && discounted(max, STEP / MIN, DEMO_MEMORY, c) >= T) {
            flagged.push(t);
          }
        }
        const caught = incidents.filter((w) => flagged.some((t) => holds(t, STEP, w))).length;
        // Flagged steps holding no incident minute, in runs of consecutive steps.
        const stray = flagged.filter((t) => !incidents.some((w) => holds(t, STEP, w)));
        const strayRegions = stray.filter((t, i) => i === 0 || stray[i - 1] !== t - STEP).length;
        rows.push([
          v.name,
          c === 0 ? '0 (shipped)' : String(c),
          String(flagged.length),
          `${caught} of ${incidents.length}`,
          String(strayRegions),
        ]);
        out.push({ view: v.name, c, flagged: flagged.length, caught, incidents: incidents.length, strayRegions });
      }
    }
  } finally {
    await companion.close();
  }
  process.stdout.write(
    `\nDemo at a 10-minute step (companion scoring every minute; flagged at ${T})\n` +
      table(['view', 'c', 'steps flagged', 'incidents with a flagged step', 'regions holding no incident'], rows) +
      '\n'
  );
  return out;
}

/**
 * The api-1 p99 over 30 days at 5 and 10 minutes, the companion's own answer. While MAX_FINE_POINTS
 * was 11,000, 1-minute scoring passed it, the range scored at 5 minutes (k = 1 at 5 m) and a spike
 * between two 5-minute samples was not seen (19 of 26); at 50,000 every minute is scored (26 of 26).
 */
async function longRangePart(): Promise<unknown> {
  // 50 days of history: the 30-day range's detector runs start up to 9 days before it.
  const companion = await demoCompanion(50);
  const rows: string[][] = [];
  const out: unknown[] = [];
  try {
    for (const step of [5 * MIN, 10 * MIN]) {
      const from = END - 30 * DAY;
      const { values, warnings } = await companion.range(LATENCY, from, END, step);
      const spikes = incidentsOf(latency, 1.2, from - step + MIN, END);
      const caught = spikes.filter((w) => [...values].some(([t, v]) => v > T && holds(t, step, w))).length;
      rows.push([`${step / MIN} m`, String(values.size), `${caught} of ${spikes.length}`, warnings.join('; ')]);
      out.push({ step, points: values.size, caught, spikes: spikes.length, warnings });
    }
  } finally {
    await companion.close();
  }
  process.stdout.write(
    `\napi-1 p99 over 30 days (companion, shipped rule)\n` +
      table(['step', 'points', 'spikes with a step above 0.76', 'warnings'], rows) +
      '\n'
  );
  return out;
}

export async function run(): Promise<void> {
  // COARSE_STEP_LONG_ONLY=1: only the 30-day api-1 table (the demo alone, no ../shared; nothing written).
  if (process.env.COARSE_STEP_LONG_ONLY === '1') {
    await longRangePart();
    return;
  }
  const nab = await nabPart();
  const demo = { tenMinutes: await demoPart(), thirtyDays: await longRangePart() };
  const dir = join(__dirname, 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'coarseStep.json'), JSON.stringify({ nab, demo }, null, 2));
}
