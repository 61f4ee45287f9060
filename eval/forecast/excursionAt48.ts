/**
 * Whether forecast()'s trailing-excursion rule (src/ml/forecast/excursion.ts) moves the M4 point
 * forecast at M4's 48 steps, at the CV origins and the dev holdout of `npm run eval -- forecast`
 * (season 24, as there): `node --import tsx eval/forecast/excursionAt48.ts`. Prints, per origin, how
 * many forecasts changed, and the OWA of auto with the rule and without it (adaptAfter 0).
 * ORIGINS=96,48 chooses the origins.
 */
import { join } from 'node:path';
import { installNodeMlRuntime } from '../../companion/src/runtime/nodeMlRuntime';
import { forecast, initForecasting } from '../../src/ml/forecast';
import { M4_CV_ORIGINS, mase, readM4, smape } from './m4';

(async () => {
  installNodeMlRuntime();
  await initForecasting();
  const m4 = readM4(join(__dirname, '../../../shared/data/dev/forecast/m4-hourly-train.csv'));
  const origins = process.env.ORIGINS ? process.env.ORIGINS.split(',').map(Number) : [...M4_CV_ORIGINS, 48];
  for (const origin of origins) {
    const sums = { off: [0, 0], on: [0, 0], naive2: [0, 0] };
    let changed = 0;
    let c = 0;
    for (const s of m4) {
      const n = s.values.length - origin;
      const t = Float64Array.from({ length: n }, (_, i) => i * 3_600_000);
      const train = s.values.subarray(0, n);
      const test = s.values.subarray(n, n + 48);
      const opts = { horizon: 48, season: 24 } as const;
      let on, off;
      try {
        on = forecast({ t, v: train }, opts);
        off = on.excursion ? forecast({ t, v: train }, { ...opts, adaptAfter: 0 }) : on;
      } catch {
        continue;
      }
      const nv = forecast({ t, v: train }, { ...opts, model: 'naive2', resets: false, adaptAfter: 0 });
      c++;
      changed += on === off ? 0 : 1;
      for (const [k, f] of [
        ['on', on],
        ['off', off],
        ['naive2', nv],
      ] as const) {
        sums[k][0] += smape(test, f.yhat);
        sums[k][1] += mase(train, test, f.yhat, 24);
      }
    }
    const owa = (k: 'on' | 'off') => (sums[k][0] / sums.naive2[0] + sums[k][1] / sums.naive2[1]) / 2;
    console.log(
      `n-${origin}: ${c} series, excursion rule applied on ${changed}; ` +
        `OWA without the rule ${owa('off').toFixed(4)}, with it ${owa('on').toFixed(4)}`
    );
  }
})();
