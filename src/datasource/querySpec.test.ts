import { checkDetectorTrain, gridFor, gridForQuery, parseDurationMs, specFor } from './querySpec';

describe('query spec', () => {
  test('durations', () => {
    expect(parseDurationMs('1h30m', 'x')).toBe(5_400_000);
    expect(parseDurationMs('2d', 'x')).toBe(172_800_000);
    expect(parseDurationMs('', 'x')).toBeUndefined();
    expect(() => parseDurationMs('5 minutes', 'Train')).toThrow('Train must be a duration such as 1d');
    expect(() => parseDurationMs('30', 'Train')).toThrow('30 is not a duration; write 30s');
    expect(parseDurationMs('1w', 'x')).toBe(604_800_000);
    expect(() => parseDurationMs('0s', 'Train')).toThrow('longer than 0');
  });

  test('grid: whole-second step, points inside the range on multiples of the step', () => {
    expect(gridFor(61_500, 185_000, 59_200)).toEqual({ step: 60_000, points: [120_000, 180_000] });
    expect(gridFor(0, 2000, 10).step).toBe(1000);
  });

  test('defaults: 1000 training points, refit 50 steps, sensitivity 0.5, horizon 60 steps', () => {
    expect(specFor({ refId: 'A', output: 'raw' }, 60_000)).toBeUndefined();
    expect(specFor({ refId: 'A', output: 'score' }, 60_000)).toEqual({
      kind: 'detect',
      step: 60_000,
      train: 60_000_000,
      refit: 3_000_000,
      model: undefined,
      sensitivity: 0.5,
      season: 'auto',
      level: 0.95,
    });
    expect(specFor({ refId: 'A', output: 'forecast' }, 60_000)!.horizon).toBe(3_600_000);
  });

  test('refuses what the engines would refuse, with the reason', () => {
    expect(() => specFor({ refId: 'A', output: 'anomalies', train: '10m' }, 60_000)).toThrow(
      'the training window (10m) holds 10 points at step 60s, the step its detectors score at; detectors need at least 50: lengthen it to 50m or more'
    );
    expect(() => specFor({ refId: 'A', output: 'trend', train: '30d' }, 60_000)).toThrow(
      /43200 points.*more than 10000/
    );
    expect(() => specFor({ refId: 'A', output: 'tte' }, 60_000)).toThrow(/needs a capacity/);
    expect(specFor({ refId: 'A', output: 'tte', capacity: 0, direction: 'down' }, 60_000)).toMatchObject({
      capacity: 0,
      direction: 'down',
    });
  });

  test("a detector's training window is counted at the step it scores at, not the grid's", () => {
    const q = { refId: 'A', output: 'score' as const, train: '3d' };
    // 3 days at 15 s are 17,280 steps; scored at 1 m (fineScoring.ts) they are 4,320, as the companion trains.
    expect(specFor(q, 15_000, 60_000)!.train).toBe(3 * 86_400_000);
    expect(specFor(q, 15_000, null)!.train).toBe(3 * 86_400_000);
    expect(() => checkDetectorTrain(3 * 86_400_000, '3d', 60_000)).not.toThrow();
    // More than 10,000 at the detectors' step is trained on its last 10,000 with the engine's warning,
    // as the companion answers it, not refused.
    expect(() => checkDetectorTrain(10 * 86_400_000, '10d', 60_000)).not.toThrow();
    // An hour at a 10-minute step scored every minute: 60 points, not 6.
    expect(specFor({ ...q, train: '1h' }, 600_000, 60_000)!.train).toBe(3_600_000);
    expect(() => checkDetectorTrain(3_600_000, '1h', 600_000)).toThrow(/holds 6 points at step 600s, the step its detectors score at; detectors need at least 50: lengthen it to 8h20m or more/);
    // Other outputs score on the grid: counted there whatever the detector step.
    expect(() => specFor({ refId: 'A', output: 'trend', train: '3d' }, 15_000, 60_000)).toThrow(/17280 points/);
  });

  test("time to exhaustion trains on the companion's default for it: 14 days at any step", () => {
    const tte = { refId: 'A', output: 'tte' as const, capacity: 0, direction: 'down' as const };
    expect(specFor(tte, 300_000)!.train).toBe(14 * 86_400_000);
    // 20,160 points at 1 minute: the engine reads them every 3 minutes, as the companion does.
    expect(specFor(tte, 60_000)!.train).toBe(14 * 86_400_000);
    expect(specFor({ ...tte, train: '2d' }, 60_000)!.train).toBe(2 * 86_400_000);
    // The others keep theirs.
    expect(specFor({ refId: 'A', output: 'trend' }, 60_000)!.train).toBe(1000 * 60_000);
  });

  test('detector rules: direction, floors and valid range, checked', () => {
    const q = { refId: 'A', output: 'score' as const };
    expect(specFor(q, 60_000)!.rules).toBeUndefined();
    expect(specFor({ ...q, anomalyDirection: 'both' }, 60_000)!.rules).toBeUndefined();
    expect(specFor({ ...q, anomalyDirection: 'above', minAbs: 0.05, validMax: 10 }, 60_000)!.rules).toEqual({
      side: 'above',
      minAbs: 0.05,
      validMax: 10,
    });
    expect(() => specFor({ ...q, minAbs: -1 }, 60_000)).toThrow('Minimum deviation must be a number >= 0, got -1');
    expect(() => specFor({ ...q, validMin: 5, validMax: 1 }, 60_000)).toThrow(
      'Valid minimum (5) must be less than valid maximum (1)'
    );
    expect(() => specFor({ ...q, anomalyDirection: 'up' as never }, 60_000)).toThrow(
      'Direction must be above, below or both, got "up"'
    );
    // Rules belong to detectors: a forecast ignores them.
    expect(specFor({ refId: 'A', output: 'forecast', minAbs: 1 }, 60_000)!.rules).toBeUndefined();
  });

  test('sensitivity outside 0..1 is refused, not clamped', () => {
    expect(() => specFor({ refId: 'A', output: 'score', sensitivity: 2 }, 60_000)).toThrow(
      'Sensitivity must be from 0 to 1, got 2'
    );
    expect(specFor({ refId: 'A', output: 'score', sensitivity: 1 }, 60_000)!.sensitivity).toBe(1);
  });
});

describe('a query with its own step', () => {
  const from = Date.UTC(2026, 5, 7, 10, 20);
  const to = Date.UTC(2026, 5, 10, 10, 20);
  it("evaluates on the query's step, whatever Grafana's interval, and on Grafana's without one", () => {
    const g = gridForQuery({ refId: 'A', step: '1h' }, from, to, 300_000);
    expect(g.step).toBe(3_600_000);
    expect(g.points[0]).toBe(Date.UTC(2026, 5, 7, 11));
    expect(g.points[g.points.length - 1]).toBe(Date.UTC(2026, 5, 10, 10));
    expect(gridForQuery({ refId: 'A' }, from, to, 300_000).step).toBe(300_000);
    expect(gridForQuery({ refId: 'A', step: ' ' }, from, to, 300_000).step).toBe(300_000);
  });
  it('refuses a malformed step, and one that gives more points than Prometheus answers per series', () => {
    expect(() => gridForQuery({ refId: 'A', step: 'hourly' }, from, to, 300_000)).toThrow(
      /^Step must be a duration such as 1d/
    );
    expect(() => gridForQuery({ refId: 'A', step: '10s' }, from, to, 300_000)).toThrow(
      'the step 10s gives 25,920 points over the time range, more than 11,000; lengthen the step or shorten the range'
    );
  });
});
