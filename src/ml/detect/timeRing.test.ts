import { createDetector } from './registry';
import { TimeRing } from './timeRing';

/** Writes `times` to a TimeRing and to a plain Float64Array ring of the same capacity, slot after slot. */
function both(capacity: number, times: number[]) {
  const ring = new TimeRing(capacity);
  const plain = new Float64Array(capacity);
  times.forEach((t, p) => {
    ring.set(p % capacity, t);
    plain[p % capacity] = t;
  });
  return { ring, plain };
}

/** Every slot, read one by one. */
const slots = (ring: TimeRing) => Array.from({ length: ring.capacity }, (_, s) => ring.get(s));

describe('TimeRing', () => {
  const MIN = 60_000;
  const t0 = Date.UTC(2026, 11, 5, 19);

  test.each([0, 1, 2, 7, 10, 25])('a regular grid of %i times holds no array and reads as a plain ring', (n) => {
    const { ring, plain } = both(
      10,
      Array.from({ length: n }, (_, i) => t0 + i * MIN)
    );
    expect(ring.bytes).toBe(0);
    expect(slots(ring)).toEqual(Array.from(plain));
    expect(ring.toArray()).toEqual(plain);
  });

  test.each([
    ['a gap in the timestamps', (i: number) => t0 + (i < 13 ? i : i + 1) * MIN],
    ['jittered samples', (i: number) => t0 + i * MIN + (i % 3) * 7],
    ['fractional seconds the formula does not give back', (i: number) => 1.7e9 + i * 0.1],
  ])('%s: an array of the same contents from there on', (_, at) => {
    const times = Array.from({ length: 27 }, (_, i) => at(i));
    const { ring, plain } = both(10, times);
    expect(ring.bytes).toBe(10 * 8);
    slots(ring).forEach((t, s) => expect(Object.is(t, plain[s])).toBe(true));
    expect(ring.toArray()).toEqual(plain);
  });

  test('a saved ring resumes as an array, and goes on like one', () => {
    const { ring, plain } = both(
      10,
      Array.from({ length: 14 }, (_, i) => t0 + i * MIN)
    );
    const resumed = new TimeRing(10, ring.toArray());
    resumed.set(4, t0 + 14 * MIN);
    plain[4] = t0 + 14 * MIN;
    expect(resumed.bytes).toBe(10 * 8);
    expect(slots(resumed)).toEqual(Array.from(plain));
  });
});

describe("the ensemble's rings (what the companion's cache counts)", () => {
  const MIN = 60_000;
  const TRAIN = 4320; // the home page's scan: 3 days at 1 minute
  const run = (step: (i: number) => number) => {
    const n = 4000;
    const t = Float64Array.from({ length: n }, (_, i) => Date.UTC(2026, 11, 1) + step(i));
    const v = Float64Array.from(
      { length: n },
      (_, i) => 0.25 + 0.1 * Math.sin((2 * Math.PI * i) / 1440) + (i % 7) / 100
    );
    const d = createDetector({ trainWindow: TRAIN, season: 'auto' });
    d.update(t, v);
    return d;
  };

  test('on a regular grid the times are a formula: only the values ring (1.25 training windows of float64s) is held', () => {
    expect(run((i) => i * MIN).ringBytes!()).toBe(Math.round(1.25 * TRAIN) * 8);
  });

  test('on irregular timestamps the times ring is held and counted too', () => {
    expect(run((i) => i * MIN + (i % 2) * 1000).ringBytes!()).toBe(2 * Math.round(1.25 * TRAIN) * 8);
  });
});
