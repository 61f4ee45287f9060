import { type EngineEnv, matrixEnv } from './context';
import { evaluateAt } from './evaluate';
import { matrixHistory } from './history';
import type { FunctionCall } from './query';
import {
  fineLimitWarning,
  fineStep,
  intervalWindow,
  notFinerThan,
  resolutionOnGrid,
  type SampleIntervals,
  scoringResolution,
} from './resolution';
import { EngineWarnings } from './warnings';

const MIN = 60_000;
const HOUR = 60 * MIN;

/** An environment whose default (floor) resolution is 1m and whose series are sampled as `answer` says. */
function envWith(answer: SampleIntervals | undefined, asked: Array<[number, number]> = []): EngineEnv {
  const env = matrixEnv({ from: 0, step: MIN, series: [] });
  env.defaults = { ...env.defaults, resolution: MIN };
  env.now = () => 1e13;
  env.warnings = new EngineWarnings();
  if (answer) {
    env.sampleIntervals = {
      intervals: async (_q, at, window) => {
        asked.push([at, window]);
        return answer;
      },
    };
  }
  return env;
}

const call = (resolution?: number): FunctionCall => ({
  func: 'anomaly_score',
  inner: 'x',
  options: resolution === undefined ? {} : { resolution },
});
const grid = (step: number) => ({ step, points: [100 * step, 200 * step] });

describe('scoringResolution', () => {
  test('5-minute data at a 5-minute step scores at the step (not at the 1m default)', async () => {
    const env = envWith({ intervals: [5 * MIN, 5 * MIN] });
    const r = await scoringResolution(call(), grid(5 * MIN), env);
    expect(fineStep(5 * MIN, r, 2)).toBe(5 * MIN);
    expect(env.warnings!.list()).toEqual([]);
  });

  test('15 s data at a 10-minute step scores at the 1m floor; 2-minute data at 2m', async () => {
    expect(await scoringResolution(call(), grid(10 * MIN), envWith({ intervals: [15_000] }))).toBe(MIN);
    expect(await scoringResolution(call(), grid(10 * MIN), envWith({ intervals: [2 * MIN] }))).toBe(2 * MIN);
  });

  test('never finer than the data: 2-minute data at a 5-minute step scores at 2.5m, 4-minute data at the step', async () => {
    expect(await scoringResolution(call(), grid(5 * MIN), envWith({ intervals: [2 * MIN] }))).toBe(150_000);
    expect(await scoringResolution(call(), grid(5 * MIN), envWith({ intervals: [4 * MIN] }))).toBe(5 * MIN);
    expect(notFinerThan(7 * MIN, 2 * MIN)).toBe(140_000);
  });

  test('an explicit resolution= wins and asks nothing; so does a step at or below the floor', async () => {
    const asked: Array<[number, number]> = [];
    expect(await scoringResolution(call(30_000), grid(10 * MIN), envWith({ intervals: [5 * MIN] }, asked))).toBe(
      30_000
    );
    expect(await scoringResolution(call(), grid(MIN), envWith({ intervals: [5 * MIN] }, asked))).toBe(MIN);
    expect(asked).toEqual([]);
  });

  test('reads the intervals at the window-aligned time at or before the last point, never after now', async () => {
    const asked: Array<[number, number]> = [];
    const env = envWith({ intervals: [5 * MIN] }, asked);
    await scoringResolution(call(), { step: 5 * MIN, points: [0, 47 * MIN] }, env);
    env.now = () => 20 * MIN;
    await scoringResolution(call(), { step: 5 * MIN, points: [0, 47 * MIN] }, env);
    expect(asked).toEqual([
      [30 * MIN, 30 * MIN],
      [0, 30 * MIN],
    ]);
    expect([intervalWindow(MIN), intervalWindow(5 * MIN), intervalWindow(HOUR)]).toEqual([10 * MIN, 30 * MIN, HOUR]);
  });

  test('falls back to the default resolution with a warning naming why', async () => {
    const env = envWith({ problem: 'it holds a subquery' });
    expect(await scoringResolution(call(), grid(5 * MIN), env)).toBe(MIN);
    expect(env.warnings!.list()).toEqual([
      'scored at the default resolution 1m: the sample interval of x could not be told (it holds a subquery); set resolution= to choose',
    ]);
  });

  test('series sampled at different intervals: the most common wins (ties the finer), with counts', async () => {
    const env = envWith({ intervals: [5 * MIN, 15_000, 5 * MIN, 5 * MIN, 30_000, 2 * MIN] });
    expect(await scoringResolution(call(), grid(10 * MIN), env)).toBe(5 * MIN);
    expect(env.warnings!.list()).toEqual([
      'the series of x are sampled at different intervals (5m: 3, 1m: 2, 2m: 1 series); scored at 5m, the most common; set resolution= to choose',
    ]);
    expect(await scoringResolution(call(), grid(10 * MIN), envWith({ intervals: [5 * MIN, 2 * MIN] }))).toBe(2 * MIN);
  });
});

describe('fineLimitWarning', () => {
  it('says when the points limit, not rounding, coarsened the resolution', () => {
    // 90 days at 1 h: 129,600 one-minute points, over the 50,000-point limit, so 3 minutes (43,200).
    expect(fineStep(3_600_000, 60_000, 2160)).toBe(180_000);
    expect(fineLimitWarning(3_600_000, 60_000, 180_000, 2160)).toBe(
      'scored at 3m, not 1m: 129,600 points at 1m over the range pass the 50,000-point limit; shorten the range for the finer resolution'
    );
    // 30 days at 10 minutes: 43,200 one-minute points fit (Prometheus' 11,000 per query bounds each fetch, not the range).
    expect(fineStep(600_000, 60_000, 4320)).toBe(60_000);
    expect(fineLimitWarning(600_000, 60_000, fineStep(600_000, 60_000, 4320), 4320)).toBeUndefined();
    // Rounded to divide the step (7 minutes into 10), not limited.
    expect(fineLimitWarning(600_000, 420_000, fineStep(600_000, 420_000, 100), 100)).toBeUndefined();
  });
});

describe('resolutionOnGrid', () => {
  test('a step finer than the floor scores at the interval (coarser than the grid); a coarser one at a whole division', () => {
    expect(resolutionOnGrid(15_000, MIN, MIN)).toBe(MIN);
    expect(resolutionOnGrid(15_000, 15_000, MIN)).toBe(MIN);
    expect(resolutionOnGrid(30_000, 5 * MIN, MIN)).toBe(5 * MIN);
    expect(resolutionOnGrid(10 * MIN, MIN, MIN)).toBe(MIN);
    expect(resolutionOnGrid(5 * MIN, 2 * MIN, MIN)).toBe(150_000);
  });
});

describe('evaluateAt, scoring finer than the step', () => {
  test("says when the training window is cut at the fine step the detector trains at, not the grid's", async () => {
    // 10 days at a 10-minute step are 1,440 points; scored every minute, 14,400, cut to 10,000.
    const values = Float64Array.from({ length: 3 * 1440 }, (_, i) => 10 + Math.sin(i / 7) + (i % 13) / 13);
    const matrix = { from: 0, step: MIN, series: [{ labels: {}, values }] };
    const env = { ...matrixEnv(matrix), history: matrixHistory(matrix) };
    env.warnings = new EngineWarnings();
    const c: FunctionCall = {
      func: 'anomaly_score',
      inner: 'x',
      options: { model: 'mad', train: 10 * 1440 * MIN, resolution: MIN },
    };
    await evaluateAt(c, 10 * MIN, [2 * 1440 * MIN, 3 * 1440 * MIN - 10 * MIN], env);
    expect(env.warnings.list()).toContain(
      'the training window of 14,400 points at step 60s was cut to its last 10,000 (6.9 d), the limit of training points (4,400 points not used); use a larger step= or a shorter train='
    );
  });
});
