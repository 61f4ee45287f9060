/**
 * Whether the young segment's carry (forecast/youngSegment.ts) reaches any M4 Hourly forecast: at each
 * series' training end and the 6 ends 48 hours apart before it (the dev holdout 48 and the CV origins
 * 96, 144 and 192 of `npm run eval -- forecast` among them), counts the clear resets and the carried
 * segments: `node --import tsx eval/forecast/youngSegmentAt48.ts` (docs/forecasting.md, "The first two
 * days after a clean-up"). None carried means the M4 figures cannot move.
 */
import { join } from 'node:path';
import { prepareForecastInput } from '../../src/ml/forecast';
import { lastClearReset } from '../../src/ml/forecast/resetSegment';
import { carriedSegment } from '../../src/ml/forecast/youngSegment';
import { readM4 } from './m4';

const m4 = readM4(join(__dirname, '../../../shared/data/dev/forecast/m4-hourly-train.csv'));
let ends = 0;
let resets = 0;
let carried = 0;
for (const s of m4) {
  for (let origin = 0; origin <= 6 * 48; origin += 48) {
    const n = s.values.length - origin;
    if (n < 100) {
      continue;
    }
    const t = Float64Array.from({ length: n }, (_, i) => i * 3_600_000);
    const input = prepareForecastInput({ t, v: s.values.subarray(0, n) }, { horizon: 48, season: 24 });
    ends++;
    const reset = lastClearReset(input.v, input.period, input);
    if (!reset || reset.young || reset.start === 0) {
      continue;
    }
    resets++;
    if (carriedSegment(input, reset.start, reset.direction, 24)) {
      carried++;
      process.stdout.write(`carried: ${s.id} at origin ${origin}, ${n - reset.start} h after its reset\n`);
    }
  }
}
process.stdout.write(`M4 Hourly ends checked ${ends}, after a clear reset ${resets}, carried ${carried}\n`);
