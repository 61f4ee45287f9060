/**
 * `npm run eval -- restartForecast`: right after a restart of the demo's api-1 (it leaks 6 MB/h,
 * 1,667 B/s, and is restarted every 3.5 days), does the companion's `forecast(mem, 1d, "train=1d
 * step=S")` carry the leak as `time_to_exhaustion(mem, 1e9, "train=1d step=S")` beside it does?
 * The restarts are found with query_range on the demo upstream (a fall of more than 200 MB in a
 * minute); at steps 1, 5, 15 and 30 minutes, 0, 1, 2, 3 and 6 steps and 1, 2, 3 and 6 hours after each,
 * the instant query's value is compared with:
 * - the truth: the demo's generator a day later without its noise (310 MB, the garbage collection's
 *   mean 12.5 MB, 6 MB/h since the restart; no restart falls within a day of these instants);
 * - the baseline: the level now plus time to exhaustion's rate over the day (its answer read as a rate,
 *   (1e9 - level) / seconds): the line the "full in" stands for.
 * "Carries" is a rate (the forecast's rise over the day, or time to exhaustion's) within 50 % of the
 * leak's; the two agree when both carry or neither does. Deterministic. Prints the tables and writes
 * eval/results/restartForecast.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DerivedQuery } from '../companion/src/query/ast';
import { evaluateInstant } from '../companion/src/query/evaluate';
import { parseQuery } from '../companion/src/query/parser';
import { DemoUpstream } from '../companion/src/upstream/demo/demoUpstream';
import { companionEnv } from '../tests/support/memoryUpstream';
import { table } from './forecast/table';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const MB = 1e6;
const MEM = 'process_resident_memory_bytes{instance="api-1:8080"}';
/** The demo's clock: its last full day, as the other demo evals and restartCoarseStep.test.ts. */
const END = Date.UTC(2026, 11, 7, 11, 30);
const SEARCH_DAYS = 14;
const LEAK = 6e6 / 3600;
const TOOTH = 3.5 * DAY;
const LIMIT = 1e9;
const STEPS_MIN = [1, 5, 15, 30];

/** The generator's value at `t` without its noise (companion/src/upstream/demo/demoSeries.ts memory()). */
const expected = (t: number) => 310e6 + 12.5e6 + (LEAK * (((t % TOOTH) + TOOTH) % TOOTH)) / 1000;

interface Row {
  stepMin: number;
  restart: number;
  after: string;
  at: number;
  truth: number;
  forecast: number;
  ttePerSecond: number;
  forecastPerSecond: number;
  forecastCarries: boolean;
  tteCarries: boolean;
}

const carries = (perSecond: number) => Math.abs(perSecond / LEAK - 1) <= 0.5;

async function restarts(upstream: DemoUpstream): Promise<number[]> {
  const values: Array<[number, string]> = [];
  // A day per query: Prometheus answers at most 11,000 points a series.
  for (let from = END - SEARCH_DAYS * DAY; from < END; from += DAY) {
    const params = new URLSearchParams({
      query: MEM,
      start: String(from / 1000),
      end: String((Math.min(from + DAY, END) - MIN) / 1000),
      step: '60',
    });
    const res = await upstream.call('/api/v1/query_range', params);
    const body = res.body as { data?: { result: Array<{ values: Array<[number, string]> }> }; error?: string };
    if (!body.data) {
      throw new Error(`query_range ${MEM}: ${body.error ?? res.status}`);
    }
    values.push(...body.data.result[0].values);
  }
  const out: number[] = [];
  for (let i = 1; i < values.length; i++) {
    if (Number(values[i][1]) - Number(values[i - 1][1]) < -200 * MB) {
      out.push(values[i][0] * 1000);
    }
  }
  return out;
}

async function instant(upstream: DemoUpstream, expr: string, at: number): Promise<number> {
  const env = companionEnv(upstream, { step: MIN, train: DAY, refit: HOUR, level: 0.95 }, () => END);
  const out = await evaluateInstant(parseQuery(expr) as DerivedQuery, at, env);
  return out.result[0] ? Number(out.result[0].value[1]) : NaN;
}

const median = (xs: number[]) => {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

export async function run(): Promise<void> {
  const upstream = new DemoUpstream(() => END);
  // The truth is the generator's, so a restart whose next day is past the clock counts too.
  const found = (await restarts(upstream)).filter((r) => r + 6 * HOUR <= END);
  const rows: Row[] = [];
  const started = performance.now();
  for (const stepMin of STEPS_MIN) {
    const step = stepMin * MIN;
    const offsets: Array<[string, number]> = [
      ...[0, 1, 2, 3, 6].map((k): [string, number] => [`${k} step${k === 1 ? '' : 's'}`, k * step]),
      ...[1, 2, 3, 6].map((h): [string, number] => [`${h} h`, h * HOUR]),
    ];
    for (const restart of found) {
      for (const [after, offset] of offsets) {
        const at = restart + offset;
        const opts = `"train=1d step=${stepMin}m"`;
        const forecast = await instant(upstream, `forecast(${MEM}, 1d, ${opts})`, at);
        const tte = await instant(upstream, `time_to_exhaustion(${MEM}, ${LIMIT}, ${opts})`, at);
        const now = expected(at);
        const forecastPerSecond = (forecast - now) / (DAY / 1000);
        const ttePerSecond = (LIMIT - now) / tte;
        rows.push({
          stepMin,
          restart,
          after,
          at,
          truth: expected(at + DAY),
          forecast,
          ttePerSecond,
          forecastPerSecond,
          forecastCarries: carries(forecastPerSecond),
          tteCarries: carries(ttePerSecond),
        });
      }
    }
  }
  process.stdout.write(
    `Demo api-1 after ${found.length} restarts (${found.map((r) => new Date(r).toISOString().slice(5, 16)).join(', ')}): ` +
      `forecast(mem, 1d) and time_to_exhaustion(mem, 1e9) at "train=1d step=S" (${((performance.now() - started) / 1000).toFixed(0)} s)\n`
  );
  const offsetsOf = (stepMin: number) => [...new Set(rows.filter((r) => r.stepMin === stepMin).map((r) => r.after))];
  const lines: string[][] = [];
  for (const stepMin of STEPS_MIN) {
    for (const after of offsetsOf(stepMin)) {
      const rs = rows.filter((r) => r.stepMin === stepMin && r.after === after);
      const err = (pick: (r: Row) => number) => median(rs.map((r) => Math.abs(pick(r) - r.truth) / MB));
      const fmt = (x: number) => (Number.isFinite(x) ? x.toFixed(0) : '-');
      lines.push([
        `${stepMin} m`,
        after,
        `${rs.filter((r) => Number.isFinite(r.forecast)).length}/${rs.length}`,
        fmt(err((r) => r.forecast)),
        fmt(err((r) => expected(r.at) + r.ttePerSecond * (DAY / 1000))),
        `${rs.filter((r) => r.forecastCarries).length}`,
        `${rs.filter((r) => r.tteCarries).length}`,
        `${rs.filter((r) => r.forecastCarries === r.tteCarries).length}/${rs.length}`,
      ]);
    }
  }
  process.stdout.write(
    table(
      [
        'step',
        'after restart',
        'forecast answered',
        'forecast |error| MB median',
        'baseline: level + TTE rate',
        'forecast carries',
        'TTE carries',
        'agree',
      ],
      lines
    ) + '\n'
  );
  const total = (pick: (r: Row) => boolean) => rows.filter(pick).length;
  process.stdout.write(
    `all: forecast carries ${total((r) => r.forecastCarries)}/${rows.length}, TTE carries ${total((r) => r.tteCarries)}/${rows.length}, ` +
      `agree ${total((r) => r.forecastCarries === r.tteCarries)}/${rows.length}; ` +
      `forecast |error| median ${median(rows.map((r) => Math.abs(r.forecast - r.truth) / MB)).toFixed(0)} MB, ` +
      `max ${Math.max(...rows.filter((r) => Number.isFinite(r.forecast)).map((r) => Math.abs(r.forecast - r.truth) / MB)).toFixed(0)} MB ` +
      `(the leak a day: ${((LEAK * DAY) / 1000 / MB).toFixed(0)} MB)\n`
  );
  const dir = join(__dirname, 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'restartForecast.json'), JSON.stringify(rows, null, 1));
}
