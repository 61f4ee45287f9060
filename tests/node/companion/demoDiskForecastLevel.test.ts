/**
 * The demo's db-1 volume (a daily write cycle, falling 32.9 GB/day): `forecast(..., 1h)` with the
 * companion's defaults (3 days at 1 minute, auto) chose the combination and sat 5.4-5.5 GB above the
 * value seen an hour later, a rise on a disk that only empties. When the trend test binds, auto
 * forecasts two days to measure the forecast's drift, and the combination ranked its members on that
 * longer horizon's hold-out (14.4 h, not 1 h): it kept members whose level lagged the decline. Ranked
 * on the requested horizon, the error is 1.6-1.7 GB (a remaining bias: the seasonal analogue's ratio
 * scaling, see docs/forecasting.md).
 */
import { demoSeries } from '../../../companion/src/upstream/demo/demoSeries';
import { forecast, initForecasting } from '../../../src/ml/forecast';

jest.setTimeout(10 * 60_000);

const STEP = 60_000;
const DAY = 86_400_000;
const disk = demoSeries().find(
  (s) => s.labels.__name__ === 'node_filesystem_avail_bytes' && s.labels.instance === 'db-1:9100'
)!;

beforeAll(async () => {
  await initForecasting();
});

// Two ends where auto takes the combination (the others take Theil-Sen, within 1.5 GB).
test.each([Date.UTC(2026, 11, 6, 10), Date.UTC(2026, 11, 6, 9)])(
  'db-1 free space, 1 h ahead of %i, lies within 2.5 GB of the value observed then',
  (end) => {
    const n = (3 * DAY) / STEP;
    const t = Float64Array.from({ length: n }, (_, i) => end - (n - 1 - i) * STEP);
    const v = t.map((x) => disk.at(x));
    const f = forecast({ t, v }, { horizon: 60, step: STEP });
    expect(f.model).toBe('combination');
    expect(f.trend?.binding).toBe(true);
    const truth = disk.at(end + 3_600_000);
    // Old code: +5.4 and +5.5 GB. The fall in that hour is 1.7 GB.
    expect(Math.abs(f.yhat[59] - truth)).toBeLessThan(2.5e9);
    expect(f.lower[59]).toBeLessThanOrEqual(truth);
    expect(f.upper[59]).toBeGreaterThanOrEqual(truth);
  }
);
