import type { FunctionCall } from '../engine/query';
import type { SampleIntervalSource } from '../engine/resolution';
import { fineScoring } from './fineScoring';

const MIN = 60_000;
const HOUR = 60 * MIN;

/** Series sampled every minute, as the data source learns it from Prometheus' raw samples. */
const everyMinute: SampleIntervalSource = { intervals: async () => ({ intervals: [MIN, MIN] }) };

const score = (step: number): FunctionCall => ({
  func: 'anomaly_score',
  inner: 'cpu',
  options: { step, model: 'mad' },
});

const grid = (step: number, points: number) => ({
  step,
  points: Array.from({ length: points }, (_, i) => 1_000 * HOUR + i * step),
});

describe('fineScoring', () => {
  it('says when the 50,000-point limit, not the data, set the resolution, as the companion does', async () => {
    // 90 days at 1 h on one-minute data: 129,600 one-minute points, scored every 3 minutes.
    const g = grid(HOUR, 2160);
    const got = await fineScoring([score(HOUR)], g, everyMinute, g.points[2159] + HOUR);
    expect(got.step).toBe(3 * MIN);
    expect(got.warnings).toEqual([
      'scored at 3m, not 1m: 129,600 points at 1m over the range pass the 50,000-point limit; shorten the range for the finer resolution',
    ]);
  });

  it('says so when the limit leaves no finer step than the grid', async () => {
    // 25,201 points at 2 minutes (35 days): no finer step fits.
    const g = grid(2 * MIN, 25_201);
    const got = await fineScoring([score(2 * MIN)], g, everyMinute, g.points[25_200] + HOUR);
    expect(got.step).toBe(2 * MIN);
    expect(got.warnings).toEqual([
      'scored at 2m, not 1m: 50,402 points at 1m over the range pass the 50,000-point limit; shorten the range for the finer resolution',
    ]);
  });

  it("is quiet when the data's resolution fits", async () => {
    // 7 days at 10 minutes: 10,080 one-minute points.
    const g = grid(10 * MIN, 1008);
    const got = await fineScoring([score(10 * MIN)], g, everyMinute, g.points[1007] + HOUR);
    expect(got.step).toBe(MIN);
    expect(got.warnings).toEqual([]);
  });

  it('scores 30 days at 10 minutes at the data’s minute, as the companion (Prometheus’ 11,000 points bound each fetch, not the range)', async () => {
    const g = grid(10 * MIN, 4321);
    const got = await fineScoring([score(10 * MIN)], g, everyMinute, g.points[4320] + HOUR);
    expect(got.step).toBe(MIN);
    expect(got.warnings).toEqual([]);
  });
});
