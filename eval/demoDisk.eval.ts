/**
 * `npm run eval -- demoDisk`: does `forecast()` agree with the trend printed beside it, and with what
 * happened, on the demo's db-1 volume (a daily write cycle, falling about 33 GB a day, cleaned up every
 * 14 days)? Every 3 hours over one cleanup cycle, the companion's default input (3 days at 1 minute,
 * auto, hourly horizon steps) is forecast 1 and 3 days ahead, and scored against:
 * - the trend it reports (`trend.slopePerSecond`, the panel legend's slope): the forecast's mean slope
 *   over the horizon more than 25 % (and 5 GB) away from it is a disagreement;
 * - the value the demo then has (ends whose horizon holds a cleanup are left out);
 * beside `linear` and the trend's own line (the value now plus its slope times the horizon), the
 * baseline a forecast must beat. Deterministic (the demo's series are functions of time).
 * Prints a table and writes eval/results/demoDisk.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { demoSeries } from '../companion/src/upstream/demo/demoSeries';
import { forecast, initForecasting } from '../src/ml/forecast';
import { table } from './forecast/table';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
/** One cleanup cycle of the demo volume, ending on the demo's last full day. */
const FROM = Date.UTC(2026, 10, 23);
const TO = Date.UTC(2026, 11, 7);
const GB = 1e9;

interface Row {
  end: number;
  horizonDays: number;
  now: number;
  truth: number;
  auto: number;
  autoModel: string;
  linear: number;
  trendLine: number;
  trendSlopePerDay: number;
  disagrees: boolean;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

export async function run(): Promise<void> {
  await initForecasting();
  const disk = demoSeries().find(
    (s) => s.labels.__name__ === 'node_filesystem_avail_bytes' && s.labels.instance === 'db-1:9100'
  )!;
  const rows: Row[] = [];
  const refused: string[] = [];
  const started = performance.now();
  for (let end = FROM; end <= TO; end += 3 * HOUR) {
    const n = (3 * DAY) / MIN;
    const t = Float64Array.from({ length: n }, (_, i) => end - (n - 1 - i) * MIN);
    const v = t.map((x) => disk.at(x));
    for (const horizonDays of [1, 3]) {
      const horizon = (horizonDays * DAY) / MIN;
      const truth = disk.at(end + horizonDays * DAY);
      if (truth > v[n - 1]) {
        continue; // a cleanup within the horizon: nothing to forecast against
      }
      let auto: ReturnType<typeof forecast>;
      let linear: ReturnType<typeof forecast>;
      try {
        auto = forecast({ t, v }, { horizon, step: MIN });
        linear = forecast({ t, v }, { horizon, step: MIN, model: 'linear' });
      } catch (e) {
        // Minutes after a cleanup: too few points since it to fit (the doors say so); counted.
        refused.push(
          `${new Date(end).toISOString().slice(0, 16)} +${horizonDays} d: ${(e as Error).message.slice(0, 60)}`
        );
        continue;
      }
      const slope = auto.trend?.slopePerSecond ?? NaN;
      const trendLine = Math.max(0, v[n - 1] + slope * horizonDays * 86_400);
      const a = auto.yhat[horizon - 1];
      const fall = Math.abs(v[n - 1] - trendLine);
      rows.push({
        end,
        horizonDays,
        now: v[n - 1],
        truth,
        auto: a,
        autoModel: auto.model,
        linear: linear.yhat[horizon - 1],
        trendLine,
        trendSlopePerDay: slope * 86_400,
        disagrees: Math.abs(a - trendLine) > Math.max(0.25 * fall, 5 * GB),
      });
    }
  }
  const lines: string[][] = [];
  for (const horizonDays of [1, 3]) {
    const rs = rows.filter((r) => r.horizonDays === horizonDays);
    const err = (pick: (r: Row) => number) => median(rs.map((r) => Math.abs(pick(r) - r.truth) / GB)).toFixed(1);
    const worst = (pick: (r: Row) => number) => Math.max(...rs.map((r) => Math.abs(pick(r) - r.truth) / GB)).toFixed(1);
    lines.push([
      `${horizonDays} d`,
      String(rs.length),
      `${rs.filter((r) => r.disagrees).length}`,
      `${err((r) => r.auto)} / ${worst((r) => r.auto)}`,
      `${err((r) => r.linear)} / ${worst((r) => r.linear)}`,
      `${err((r) => r.trendLine)} / ${worst((r) => r.trendLine)}`,
    ]);
  }
  process.stdout.write(
    `Demo db-1 volume, forecast() every 3 h from ${new Date(FROM).toISOString().slice(0, 10)} to ${new Date(TO).toISOString().slice(0, 10)} ` +
      `(3 days at 1 m, auto; ${refused.length} ends refused: ${refused.join('; ') || 'none'}; ${((performance.now() - started) / 1000).toFixed(0)} s)\n`
  );
  process.stdout.write(
    table(
      ['horizon', 'ends', 'auto far from its trend', 'auto |error| GB median / max', 'linear', 'trend line (baseline)'],
      lines
    ) + '\n'
  );
  const far = rows.filter((r) => r.disagrees);
  for (const r of far.slice(0, 12)) {
    process.stdout.write(
      `  ${new Date(r.end).toISOString().slice(0, 16)} +${r.horizonDays} d: now ${(r.now / GB).toFixed(1)}, auto ${(r.auto / GB).toFixed(1)} (${r.autoModel}), trend line ${(r.trendLine / GB).toFixed(1)} (${r.trendSlopePerDay / GB >= 0 ? '+' : ''}${(r.trendSlopePerDay / GB).toFixed(1)} GB/d), truth ${(r.truth / GB).toFixed(1)} GB\n`
    );
  }
  const dir = join(__dirname, 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'demoDisk.json'), JSON.stringify(rows, null, 1));
}
