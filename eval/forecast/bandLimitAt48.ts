/**
 * The combination's 95 % coverage at M4's 48 steps with and without the band limit (bandLimit.ts), at the
 * three CV origins and the dev holdout of `npm run eval -- forecast`, and whether point forecasts moved:
 * `node --import tsx eval/forecast/bandLimitAt48.ts` (docs/forecasting.md, "Long horizons").
 */
import { join } from 'node:path';
import { installNodeMlRuntime } from '../../companion/src/runtime/nodeMlRuntime';
import { initForecasting, prepareForecastInput } from '../../src/ml/forecast';
import { combineMedian, keptMembers } from '../../src/ml/forecast/combination';
import { windowLimitedBand } from '../../src/ml/forecast/bandLimit';
import { readM4 } from './m4';
(async () => {
  installNodeMlRuntime();
  await initForecasting();
  const m4 = readM4(join(__dirname, '../../../shared/data/dev/forecast/m4-hourly-train.csv'));
  for (const origin of [96, 144, 192, 48]) {
    let covOld = 0,
      covNew = 0,
      same = 0,
      limited = 0,
      c = 0;
    for (const s of m4) {
      const n = s.values.length - origin;
      const train = s.values.subarray(0, n);
      const test = s.values.subarray(n, n + 48);
      const t = Float64Array.from({ length: n }, (_, i) => i * 3_600_000);
      const input = prepareForecastInput({ t, v: train }, { horizon: 48, season: 24 });
      const old = combineMedian(keptMembers(input), 48);
      const neu = windowLimitedBand(old, input.filled);
      let a = 0,
        b = 0;
      for (let k = 0; k < 48; k++) {
        a += test[k] >= old.lower[k] && test[k] <= old.upper[k] ? 1 : 0;
        b += test[k] >= neu.lower[k] && test[k] <= neu.upper[k] ? 1 : 0;
      }
      covOld += a / 48;
      covNew += b / 48;
      c++;
      same += neu.yhat.every((y, k) => y === old.yhat[k]) ? 1 : 0;
      limited += neu !== old ? 1 : 0;
    }
    console.log(
      `origin n-${origin}: combination 95 % coverage ${(covOld / c).toFixed(4)} -> ${(covNew / c).toFixed(4)}; band limited on ${limited} of ${c} series; point forecast identical on ${same}`
    );
  }
})();
