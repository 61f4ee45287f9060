/**
 * Whether not carrying a trailing excursion (src/ml/forecast/excursion.ts) helps or hurts the point
 * forecast where the rule applies: on the 18 NAB development files, at up to 40 origins per file
 * where the whole-file detector flags the last point, `auto` on the 3 days before (the companion's
 * default window) with the rule and without it (adaptAfter 0), scored by the mean absolute error of
 * the next H steps over the window's mean absolute one-step change (MASE-like), H = 12 and 288.
 * `node --import tsx eval/forecast/excursionNab.ts`. In-sample in the sense that the detector's
 * settings were chosen on these files; the forecast rule has no setting of its own.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { installNodeMlRuntime } from '../../companion/src/runtime/nodeMlRuntime';
import { detect } from '../../src/ml/detect/detect';
import { forecast, initForecasting } from '../../src/ml/forecast';

const ROOT = join(__dirname, '../../../shared/data/dev/anomaly');
const HORIZONS = [12, 288];
const PER_FILE = 40;

function read(path: string): { t: Float64Array; v: Float64Array } {
  const rows = readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(','));
  return {
    t: Float64Array.from(rows, (r) => Date.parse(r[0].replace(' ', 'T') + 'Z')),
    v: Float64Array.from(rows, (r) => Number(r[1])),
  };
}

(async () => {
  installNodeMlRuntime();
  await initForecasting();
  const sums = HORIZONS.map(() => ({ on: 0, off: 0, mix: 0, wins: 0, losses: 0, n: 0 }));
  for (const dir of readdirSync(ROOT, { withFileTypes: true }).filter((d) => d.isDirectory())) {
    for (const f of readdirSync(join(ROOT, dir.name)).filter((x) => x.endsWith('.csv'))) {
      const s = read(join(ROOT, dir.name, f));
      const step = s.t[1] - s.t[0];
      const window = Math.round((3 * 86_400_000) / step);
      let flagged: number[];
      try {
        const d = detect(s);
        flagged = [...d.isAnomaly.keys()].filter((i) => d.isAnomaly[i] && i >= window && i + 288 < s.v.length);
      } catch {
        continue;
      }
      const every = Math.max(1, Math.ceil(flagged.length / PER_FILE));
      let applied = 0;
      for (const i of flagged.filter((_, k) => k % every === 0)) {
        const t = s.t.subarray(i + 1 - window, i + 1);
        const v = s.v.subarray(i + 1 - window, i + 1);
        let on, off;
        try {
          on = forecast({ t, v }, { horizon: 288 });
          if (!on.excursion) {
            continue;
          }
          off = forecast({ t, v }, { horizon: 288, adaptAfter: 0 });
        } catch {
          continue;
        }
        applied++;
        let scale = 0;
        for (let k = 1; k < v.length; k++) {
          scale += Math.abs(v[k] - v[k - 1]) / (v.length - 1);
        }
        HORIZONS.forEach((h, j) => {
          let eOn = 0;
          let eOff = 0;
          let eMix = 0;
          // Not shipped: the excursion carried until it would be accepted, the expected level after.
          const carriedUntil = on.excursion!.since + 3_600_000;
          for (let k = 0; k < h; k++) {
            eOn += Math.abs(s.v[i + 1 + k] - on.yhat[k]) / h;
            eOff += Math.abs(s.v[i + 1 + k] - off.yhat[k]) / h;
            eMix += Math.abs(s.v[i + 1 + k] - (on.t[k] < carriedUntil ? off : on).yhat[k]) / h;
          }
          const sc = scale > 0 ? scale : 1;
          sums[j].on += eOn / sc;
          sums[j].off += eOff / sc;
          sums[j].mix += eMix / sc;
          sums[j].wins += eOn < eOff ? 1 : 0;
          sums[j].losses += eOn > eOff ? 1 : 0;
          sums[j].n++;
        });
      }
      console.log(`${f}: ${flagged.length} flagged points, rule applied at ${applied} sampled origins`);
    }
  }
  HORIZONS.forEach((h, j) => {
    const x = sums[j];
    console.log(
      `H=${h}: ${x.n} origins; mean scaled MAE with the rule ${(x.on / x.n).toFixed(3)}, without ${(x.off / x.n).toFixed(3)}; ` +
        `carried until accepted ${(x.mix / x.n).toFixed(3)}; ` +
        `better at ${x.wins}, worse at ${x.losses}`
    );
  });
})();
