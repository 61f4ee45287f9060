/**
 * The 95 % coverage at M4's 48 steps of each model whose band forecast() holds (bandLimit.ts
 * MODEL_BAND_RANGES), with its own band and as forecast() returns it, at the three CV origins and the
 * dev holdout of `npm run eval -- forecast`, and whether point forecasts moved:
 * `node --import tsx eval/forecast/modelHoldAt48.ts` (MODELS=naive2,… to choose; docs/forecasting.md,
 * "Long horizons").
 */
import { join } from 'node:path';
import { installNodeMlRuntime } from '../../companion/src/runtime/nodeMlRuntime';
import { FORECAST_IMPLEMENTATIONS, forecast, initForecasting, prepareForecastInput } from '../../src/ml/forecast';
import { readM4 } from './m4';
(async () => {
  installNodeMlRuntime();
  await initForecasting();
  const m4 = readM4(join(__dirname, '../../../shared/data/dev/forecast/m4-hourly-train.csv'));
  const models = (process.env.MODELS ?? 'naive2,theilsen,holtwinters,seasonal_naive,mstl').split(
    ','
  ) as Array<'naive2'>;
  for (const model of models) {
    const cv: number[][] = [];
    for (const origin of [96, 144, 192, 48]) {
      let held = 0,
        covOld = 0,
        covNew = 0,
        c = 0,
        same = 0;
      for (const s of m4) {
        const n = s.values.length - origin;
        const t = Float64Array.from({ length: n }, (_, i) => i * 3_600_000);
        const train = s.values.subarray(0, n);
        const test = s.values.subarray(n, n + 48);
        let f;
        try {
          f = forecast({ t, v: train }, { model, horizon: 48, season: 24 });
        } catch {
          continue;
        }
        const input = prepareForecastInput({ t, v: train }, { horizon: 48, season: 24 });
        const own = f.segmentStart === undefined ? FORECAST_IMPLEMENTATIONS[model](input) : f;
        let a = 0,
          b = 0;
        for (let k = 0; k < 48; k++) {
          a += test[k] >= own.lower[k] && test[k] <= own.upper[k] ? 1 : 0;
          b += test[k] >= f.lower[k] && test[k] <= f.upper[k] ? 1 : 0;
        }
        covOld += a / 48;
        covNew += b / 48;
        c++;
        held += f.bandHeld ? 1 : 0;
        same += f.yhat.every((y, k) => y === own.yhat[k]) ? 1 : 0;
      }
      console.log(
        `${model} n-${origin}: 95 % coverage ${(covOld / c).toFixed(4)} -> ${(covNew / c).toFixed(4)}; held on ${held} of ${c}; point forecast identical on ${same}`
      );
      cv.push([covOld / c, covNew / c]);
    }
    const m = (i: number) => ((cv[0][i] + cv[1][i] + cv[2][i]) / 3).toFixed(3);
    console.log(`${model}: CV cover ${m(0)} -> ${m(1)}, dev cover ${cv[3][0].toFixed(3)} -> ${cv[3][1].toFixed(3)}`);
  }
})();
