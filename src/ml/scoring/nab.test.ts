import {
  NAB_PROFILES,
  nabBounds,
  normaliseNab,
  prepareNabFile,
  probationaryLength,
  scaledSigmoid,
  scoreNabFile,
} from './nab';

const [standard, lowFp, lowFn] = NAB_PROFILES;
const sig = (x: number) => 1 / (1 + Math.exp(-x));

describe('NAB scoring', () => {
  it('uses the scaled sigmoid of NAB (2 sigmoid(-5y) - 1, -1 beyond 3)', () => {
    expect(scaledSigmoid(0)).toBeCloseTo(0, 12);
    // 2 * sigmoid(5) - 1 = 2 * 0.9933071490757153 - 1
    expect(scaledSigmoid(-1)).toBeCloseTo(0.9866142981514305, 12);
    expect(scaledSigmoid(3.01)).toBe(-1);
    expect(scaledSigmoid(2.9)).toBeCloseTo(2 * sig(-14.5) - 1, 12);
  });

  it('has a probationary period of min(floor(0.15 n), 750)', () => {
    expect(probationaryLength(20)).toBe(3);
    expect(probationaryLength(4032)).toBe(604);
    expect(probationaryLength(22695)).toBe(750);
  });

  // 20 rows, probation 3, one window at rows 10..13 (width 4).
  const file = prepareNabFile(20, [[10, 13]]);
  const at =
    (...rows: number[]) =>
    (i: number) =>
      rows.includes(i);

  it('credits the earliest detection in a window by its position', () => {
    // Row 10: y = -(13 - 10 + 1) / 4 = -1 -> credit 1.
    expect(scoreNabFile(file, at(10, 11), standard).raw).toBeCloseTo(1, 12);
    // Row 12: y = -0.5 -> scaledSigmoid(-0.5) = 2 sigmoid(2.5) - 1 = 0.8482836399575129; / 0.9866142981514305.
    const r = scoreNabFile(file, at(12, 13), standard);
    expect(r.raw).toBeCloseTo(0.8482836399575129 / 0.9866142981514305, 10);
    expect(r.tp).toBe(1);
    expect(r.fp).toBe(0);
  });

  it('charges a missed window fn and false positives by their distance after a window', () => {
    expect(scoreNabFile(file, at(), standard).raw).toBe(-1);
    expect(scoreNabFile(file, at(), lowFn).raw).toBe(-2);
    // Row 5 precedes every window: full cost -0.11 (standard) / -0.22 (low FP), plus the missed window.
    expect(scoreNabFile(file, at(5), standard).raw).toBeCloseTo(-1.11, 12);
    expect(scoreNabFile(file, at(5), lowFp).raw).toBeCloseTo(-1.22, 12);
    // Row 15: y = |13 - 15| / (4 - 1) = 2/3 -> scaledSigmoid = 2 sigmoid(-10/3) - 1 = -0.9311096086675776.
    const r = scoreNabFile(file, at(10, 15), standard);
    expect(r.raw).toBeCloseTo(1 - 0.11 * 0.9311096086675776, 10);
    expect(r.fp).toBe(1);
  });

  it('ignores detections in the probationary period', () => {
    expect(scoreNabFile(file, at(0, 1, 2), standard).raw).toBe(-1);
    expect(scoreNabFile(file, at(3), standard).raw).toBeCloseTo(-1.11, 12);
  });

  it('normalises so that the null detector scores 0 and the perfect one 100', () => {
    const { nullScore, perfect } = nabBounds(file, standard);
    expect(nullScore).toBe(-1);
    expect(perfect).toBeCloseTo(1, 12);
    expect(normaliseNab(-1, nullScore, perfect)).toBe(0);
    expect(normaliseNab(1, nullScore, perfect)).toBeCloseTo(100, 10);
    // One detection at row 12 and one FP at row 5: (0.8597... - 0.11 + 1) / 2 * 100.
    const raw = scoreNabFile(file, at(5, 12), standard).raw;
    expect(normaliseNab(raw, nullScore, perfect)).toBeCloseTo(
      ((0.8482836399575129 / 0.9866142981514305 - 0.11 + 1) / 2) * 100,
      8
    );
  });

  it('does not count a window that lies entirely in the probationary period', () => {
    const early = prepareNabFile(20, [[0, 2]]);
    expect(early.windows).toBe(0);
    expect(nabBounds(early, standard)).toEqual({ nullScore: -0, perfect: 0 });
    // A detection after that window is a (discounted) false positive: y = (5 - 2) / (3 - 1) = 1.5.
    expect(scoreNabFile(early, at(5), standard).raw).toBeCloseTo(0.11 * (2 * sig(-7.5) - 1), 12);
  });
});
