/**
 * `npm run eval -- resetCuts`: how often the generic segment logic (forecast/resetSegment.ts
 * lastClearReset, what forecast() and trend_slope without a limit cut at) finds a "clear reset" on
 * series that have none to speak of, at the grids the companion reads:
 * 1. M4 Hourly (../shared/data/dev/forecast), each series up to each CV origin and the dev holdout
 *    (48, 96, 144, 192 points before its end), season 24 as the forecast eval uses;
 * 2. the 18 NAB development files (../shared/data/dev/anomaly): a one-day window ending at every
 *    whole hour, sampled at the file's step (5 minutes: 288 points), 15 minutes (96) and 30 minutes
 *    (48; shorter than the rarity test's 50 points per jump, so no window held a reset before), season
 *    found by the forecast's autocorrelation. Counts the windows cut and the files with any.
 * A cut is not always wrong (a NAB file may hold a real restart or level shift), so the figures are an
 * upper bound on false cuts, to compare between versions. Prints the tables and writes
 * eval/results/resetCuts.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { prepareForecastInput } from '../src/ml/forecast';
import { lastClearReset } from '../src/ml/forecast/resetSegment';
import { M4_CV_ORIGINS, M4_HORIZON, M4_SEASON, readM4 } from './forecast/m4';
import { table } from './forecast/table';
import { loadCorpus } from './nab/corpus';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const M4_PATH = join(__dirname, '../../shared/data/dev/forecast/m4-hourly-train.csv');

/** Index of the last clear reset of `v` at times `t` (0: none), on the forecast's grid and season. */
function cutAt(t: Float64Array, v: Float64Array, season: number | 'auto'): number {
  try {
    const input = prepareForecastInput({ t, v }, { horizon: 1, season });
    return lastClearReset(input.v, input.period, input)?.start ?? 0;
  } catch {
    return 0; // too few values: forecast() refuses it before any cut
  }
}

function m4Cuts(): { origins: Record<string, number>; series: number; cutSeries: string[] } {
  const all = readM4(M4_PATH);
  const origins: Record<string, number> = {};
  const cut = new Set<string>();
  for (const origin of [M4_HORIZON, ...M4_CV_ORIGINS]) {
    let n = 0;
    for (const s of all) {
      const v = s.values.subarray(0, s.values.length - origin);
      const t = Float64Array.from(v, (_, i) => i * HOUR);
      if (cutAt(t, v, M4_SEASON) > 0) {
        n++;
        cut.add(`${s.id}@n-${origin}`);
      }
    }
    origins[`n-${origin}`] = n;
  }
  return { origins, series: all.length, cutSeries: [...cut].sort() };
}

interface NabRow {
  step: string;
  windows: number;
  cut: number;
  /** Windows cut per file (files with none left out). */
  files: Record<string, number>;
}

function nabCuts(): NabRow[] {
  const files = loadCorpus();
  return [0, 15, 30].map((stepMin) => {
    let windows = 0;
    let cut = 0;
    const hit: Record<string, number> = {};
    for (const f of files) {
      const native = f.t[1] - f.t[0];
      const step = stepMin > 0 ? stepMin * 60_000 : native;
      const every = Math.max(1, Math.round(step / native));
      for (let end = Math.ceil((f.t[0] + DAY) / HOUR) * HOUR; end <= f.t[f.t.length - 1]; end += HOUR) {
        const t: number[] = [];
        const v: number[] = [];
        for (let i = 0; i < f.t.length; i++) {
          // Samples on the grid of `step` within (end - 1 d, end], as a range query at that step reads them.
          if (f.t[i] > end - DAY && f.t[i] <= end && (f.t[i] - f.t[0]) % (every * native) === 0) {
            t.push(f.t[i]);
            v.push(f.v[i]);
          }
        }
        if (t.length < 10) {
          continue;
        }
        windows++;
        if (cutAt(Float64Array.from(t), Float64Array.from(v), 'auto') > 0) {
          cut++;
          const name = f.name.replace(/^.*\//, '').replace(/\.csv$/, '');
          hit[name] = (hit[name] ?? 0) + 1;
        }
      }
    }
    return { step: stepMin > 0 ? `${stepMin} min` : "the file's", windows, cut, files: hit };
  });
}

export async function run(): Promise<void> {
  const m4 = m4Cuts();
  console.log(`M4 Hourly (${m4.series} series): series cut by a clear reset, at each origin`);
  console.log(table(['origin', 'cut'], Object.entries(m4.origins).map(([o, n]) => [o, String(n)])));
  console.log(`cut: ${m4.cutSeries.join(', ')}\n`);
  const nab = nabCuts();
  console.log('NAB development files: one-day windows ending every hour, windows cut by a clear reset');
  console.log(
    table(
      ['step', 'windows', 'cut', 'windows cut per file'],
      nab.map((r) => [
        r.step,
        String(r.windows),
        String(r.cut),
        Object.entries(r.files)
          .map(([f, n]) => `${f} ${n}`)
          .join(', ') || '-',
      ])
    )
  );
  const dir = join(__dirname, 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'resetCuts.json'), JSON.stringify({ m4, nab }, null, 2));
}
