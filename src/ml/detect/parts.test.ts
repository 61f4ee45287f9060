import { mad } from '../core/mad';
import { median } from '../../common/median';
import { Mulberry32 } from '../core/prng';
import { TailCalibrator } from './calibrator';
import { averagePathLength, IsolationForest } from './isolationForest';
import { evidenceToScore, twoSidedEvidence } from './residualScale';
import { bandZ, clampSensitivity, parametricThreshold, tailAlpha } from './sensitivity';
import { SortedWindow } from './slidingWindow';
import { decodeF32, decodeF64, encodeF32, encodeF64 } from './stateCodec';

describe('isolation forest', () => {
  it('uses c(n) = 2 H(n-1) - 2 (n-1) / n', () => {
    expect(averagePathLength(1)).toBe(0);
    expect(averagePathLength(2)).toBe(1);
    // n = 3: 2 (1 + 1/2) - 4/3 = 5/3
    expect(averagePathLength(3)).toBeCloseTo(5 / 3, 12);
    // n = 256: H(255) = ln 255 + gamma + 1/510 - 1/(12 * 255^2) = 6.12434...; 2 H - 510/256
    const h255 = Math.log(255) + 0.5772156649015329 + 1 / 510 - 1 / (12 * 255 * 255);
    expect(averagePathLength(256)).toBeCloseTo(2 * h255 - 510 / 256, 10);
  });

  it('isolates an outlier faster than points of a dense cluster, and is reproducible from its seed', () => {
    const g = new Mulberry32(2);
    const rows = 300;
    const data = new Float32Array(rows * 2);
    for (let i = 0; i < rows * 2; i++) {
      data[i] = g.next();
    }
    const f = new IsolationForest(data, rows, 2, 9, 100, 256);
    const inside = f.score([0.5, 0.5]);
    const outlier = f.score([3, 3]);
    expect(inside).toBeLessThan(0.5);
    // Outside the root's range: isolated at depth 1 in every tree -> 2^(-1 / c(256)).
    expect(outlier).toBeCloseTo(Math.pow(2, -1 / averagePathLength(256)), 10);
    const again = new IsolationForest(data, rows, 2, 9, 100, 256);
    expect(again.score([0.2, 0.9])).toBe(f.score([0.2, 0.9]));
  });
});

describe('rolling median/MAD window', () => {
  it('agrees with the batch median and MAD over the last w values', () => {
    const g = new Mulberry32(4);
    const w = new SortedWindow(7);
    const all: number[] = [];
    for (let i = 0; i < 50; i++) {
      const x = Math.round(g.next() * 20);
      all.push(x);
      w.push(x);
      const last = all.slice(-7);
      const m = w.median();
      expect(m).toBe(median(last));
      expect(w.mad(m)).toBe(mad(last));
    }
  });
});

describe('tail calibrator', () => {
  it('gives the mid-p tail within decayed history (hand-worked)', () => {
    // memory huge -> almost no decay. History: evidence 0 (x3) and 1 (x1).
    const c = new TailCalibrator(1e12);
    [0, 0, 0, 1].forEach((e) => c.add(e));
    // Evidence 1: above = 0, same = 1 -> (0 + 0.5 + 0.5) / (4 + 1) = 0.2
    expect(c.tail(1)).toBeCloseTo(0.2, 9);
    // Evidence 5, beyond all history: a record, max(0 + 0 + 0.5, 1) / 5 = 0.2 (the newest of 5 is the largest)
    expect(c.tail(5)).toBeCloseTo(0.2, 9);
    // One value beside it in its bin is no longer a record: (0 + 0.5 + 0.5) / 5 = 0.2 as well
    expect(c.tail(1)).toBeCloseTo(c.tail(5), 9);
    // Evidence 0: above 1, same 3 -> (1 + 1.5 + 0.5) / 5 = 0.6
    expect(c.tail(0)).toBeCloseTo(0.6, 9);
    expect(c.tail(NaN)).toBeNaN();
  });

  it('forgets: an old burst weighs less than recent values', () => {
    const c = new TailCalibrator(10);
    for (let i = 0; i < 20; i++) {
      c.add(8);
    }
    for (let i = 0; i < 50; i++) {
      c.add(0);
    }
    // Weight of the burst now ~ (1 - 1/10)^50 relative: the tail of 8 is close to the floor.
    expect(c.tail(8)).toBeLessThan(0.1);
  });
});

describe('evidence and sensitivity', () => {
  it('evidence is -log10 of the two-sided normal tail, continuous past z = 8', () => {
    // 2 * pnorm(-1.959964) = 0.05
    expect(twoSidedEvidence(1.959963984540054)).toBeCloseTo(-Math.log10(0.05), 6);
    // 2 * pnorm(-8) = 1.244192114854357e-15
    expect(twoSidedEvidence(7.999999)).toBeCloseTo(-Math.log10(1.244192114854357e-15), 3);
    expect(twoSidedEvidence(8)).toBeCloseTo(-Math.log10(1.244192114854357e-15), 3);
    // 2 * pnorm(-20) = 5.507248237212467e-89
    expect(twoSidedEvidence(20)).toBeCloseTo(-Math.log10(5.507248237212467e-89), 3);
    expect(evidenceToScore(5)).toBe(0.5);
  });

  it('maps sensitivity to alpha 1e-8..1e-2 and the matching band and score threshold', () => {
    expect(tailAlpha(0)).toBeCloseTo(1e-8, 20);
    expect(tailAlpha(1)).toBeCloseTo(1e-2, 12);
    expect(tailAlpha(0.5)).toBeCloseTo(1e-5, 15);
    // qnorm(1 - 0.005) = 2.5758293035489
    expect(bandZ(1)).toBeCloseTo(2.5758293035489, 6);
    expect(parametricThreshold(0.5)).toBeCloseTo(0.5, 12);
    expect(clampSensitivity(7, 0.5)).toBe(1);
    expect(clampSensitivity(NaN, 0.5)).toBe(0.5);
  });
});

describe('state codec', () => {
  it('round-trips float64 and float32 arrays exactly, including NaN, infinities and odd lengths', () => {
    const a = Float64Array.from([0, -0, 1.5, NaN, Infinity, -1e300, Math.PI]);
    expect(Array.from(decodeF64(encodeF64(a)))).toEqual(Array.from(a));
    const b = Float32Array.from([1, 2.5, -3]);
    expect(Array.from(decodeF32(encodeF32(b)))).toEqual(Array.from(b));
    expect(decodeF64(encodeF64(new Float64Array(0))).length).toBe(0);
    expect(() => decodeF64('%%%%')).toThrow();
  });
});
