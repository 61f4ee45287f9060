/**
 * The kind of an anomaly from its episode's shape: each kind from a verdict stream built for it, and
 * spike, level shift and missing seasonality from detector runs over series that have them.
 */
import { ANOMALY_KINDS, kindName, newKindState, nextKind, spikeSpan } from './anomalyKind';
import { detectionsOnMatrix } from './evaluate';

interface Pt {
  value: number;
  expected: number;
  isAnomaly: number;
  outOfRange?: boolean;
}

const MINUTE = 60_000;

/** Kind names of a verdict stream, one point per `stepMs`, after `context` normal points at level 10. */
function kinds(points: Pt[], context = 20, stepMs = MINUTE): Array<string | undefined> {
  const s = newKindState(stepMs);
  for (let i = 0; i < context; i++) {
    nextKind(s, { value: 10 + (i % 2 ? 0.1 : -0.1), expected: 10, isAnomaly: 0, outOfRange: false });
  }
  return points.map((p) => kindName(nextKind(s, { outOfRange: false, ...p })));
}

const normal = (value = 10, expected = 10): Pt => ({ value, expected, isAnomaly: 0 });
const bad = (value: number, expected = 10): Pt => ({ value, expected, isAnomaly: 1 });

describe('anomaly kinds from verdict streams', () => {
  it('a short excursion is a spike, and nothing is a kind when not anomalous', () => {
    expect(kinds([normal(), bad(20), bad(18), normal()])).toEqual([undefined, 'spike', 'spike', undefined]);
  });

  it('a sustained one-sided offset becomes a level shift once longer than a spike (10 minutes)', () => {
    const k = kinds(Array.from({ length: 14 }, () => bad(15)));
    expect(k.slice(0, 10)).toEqual(Array(10).fill('spike'));
    expect(k.slice(10)).toEqual(Array(4).fill('level_shift'));
  });

  it("a 4–6 minute excursion that returns to normal is a spike throughout (the demo's latency spikes)", () => {
    // api-1's p99 on the demo, 2026-12-05 16:45–16:48 UTC: 1.87, 2.91, 2.88, 2.08 s against about 0.33 s.
    const excursion = (n: number) => [...Array.from({ length: n }, (_, i) => bad(50 + 10 * (i % 3))), normal(), normal()];
    for (const n of [4, 5, 6]) {
      expect(kinds(excursion(n))).toEqual([...Array(n).fill('spike'), undefined, undefined]);
    }
  });

  it('how long a spike may last is a time: at least 3 points, else 10 minutes at the step', () => {
    expect([15_000, MINUTE, 5 * MINUTE, 60 * MINUTE, NaN].map(spikeSpan)).toEqual([40, 10, 3, 3, 3]);
    // At a 15 s step a 4-minute excursion (16 points) is a spike; 11 minutes of it is a level shift.
    expect(new Set(kinds(Array.from({ length: 16 }, () => bad(15)), 20, 15_000))).toEqual(new Set(['spike']));
    expect(kinds(Array.from({ length: 44 }, () => bad(15)), 20, 15_000)[43]).toBe('level_shift');
    // At an hourly step, 4 hours off the level is a shift, as before.
    expect(kinds(Array.from({ length: 4 }, () => bad(15)), 20, 60 * MINUTE)).toEqual(['spike', 'spike', 'spike', 'level_shift']);
  });

  it('anomalous points on both sides with normal points between are a variance change', () => {
    const k = kinds([bad(16), normal(11), bad(4), normal(9), bad(15), normal(), bad(5)]);
    expect(k.filter(Boolean)).toEqual(['spike', 'spike', 'variance_change', 'variance_change']);
  });

  it('an expected peak the value does not follow is missing seasonality', () => {
    // The expected value climbs to 30; the value stays at the level of 10.
    const k = kinds([bad(10, 20), bad(10.2, 25), bad(9.9, 30), bad(10, 28)]);
    expect(k).toEqual(Array(4).fill('missing_seasonality'));
  });

  it('a value outside the valid range is out_of_range whatever the episode', () => {
    expect(kinds([bad(15), { ...bad(-1), outOfRange: true }])).toEqual(['spike', 'out_of_range']);
  });

  it('an episode ends after more normal points than the gap allows', () => {
    const k = kinds([bad(16), ...Array(6).fill(normal()), bad(4), normal(), bad(16)]);
    // A new episode began at bad(4): one point below, one above is not yet a variance change.
    expect(k.filter(Boolean)).toEqual(['spike', 'spike', 'spike']);
  });

  it('kindName maps codes back and 0/NaN to none', () => {
    expect(ANOMALY_KINDS.map((_, i) => kindName(i + 1))).toEqual([...ANOMALY_KINDS]);
    expect(kindName(0)).toBeUndefined();
    expect(kindName(NaN)).toBeUndefined();
  });
});

describe('anomaly kinds from detector runs', () => {
  const STEP = 60_000;
  const points = (n: number) => Array.from({ length: n }, (_, i) => i * STEP);
  const noise = (i: number) => 0.02 * Math.sin(i * 1.7) + 0.02 * Math.cos(i * 0.37);
  const kindsOf = async (values: Float64Array, options: Record<string, unknown>) => {
    const matrix = { from: 0, step: STEP, series: [{ labels: {}, values }] };
    const [d] = await detectionsOnMatrix(
      matrix,
      { func: 'anomaly_score', inner: 'x', options: { train: 300 * STEP, step: STEP, ...options } },
      points(values.length)
    );
    return Array.from(d.outputs.kind, kindName);
  };

  it('names a one-point spike a spike and a lasting step a level shift', async () => {
    const v = Float64Array.from({ length: 600 }, (_, i) => 1 + noise(i) + (i === 400 ? 2 : 0) + (i >= 500 ? 2 : 0));
    const k = await kindsOf(v, { model: 'mad' });
    expect(k[400]).toBe('spike');
    // A spike lasts up to 10 minutes at this 1-minute step: the run passes its step to the kinds.
    expect(k.slice(500, 510)).toEqual(Array(10).fill('spike'));
    expect(k[520]).toBe('level_shift');
  });

  it('names an absent seasonal peak missing seasonality', async () => {
    // A bump of 5 in the middle of every hour-long season, absent in the last one.
    const P = 60;
    const bump = (i: number) => (i % P >= 20 && i % P < 40 ? 5 * Math.sin((((i % P) - 20) / 20) * Math.PI) : 0);
    const v = Float64Array.from({ length: 12 * P }, (_, i) => 10 + 5 * noise(i) + (i >= 11 * P ? 0 : bump(i)));
    const k = await kindsOf(v, { model: 'holtwinters', train: 600 * STEP, season: P * STEP });
    const named = k.slice(11 * P).filter(Boolean);
    expect(named.length).toBeGreaterThanOrEqual(10);
    expect(new Set(named)).toEqual(new Set(['missing_seasonality']));
    expect(k.slice(0, 11 * P).filter(Boolean)).toEqual([]);
  });

  it('names a spread that grows without a mean offset a variance change', async () => {
    const v = Float64Array.from({ length: 700 }, (_, i) => 10 + (i >= 500 ? 8 : 1) * 5 * noise(i * 1.4));
    const k = await kindsOf(v, { model: 'mad', season: 'none' });
    const named = k.slice(500).filter(Boolean);
    expect(named.filter((x) => x === 'variance_change').length).toBeGreaterThan(0.7 * named.length);
    expect(k.slice(0, 500).filter(Boolean)).toEqual([]);
  });
});
