/**
 * The ensemble's band and score tell the same story (bandScore.ts, EnsembleCore.edge): a point inside
 * the band scores below the threshold, and a spike far above the band is flagged for every point it
 * lasts. Before, the band was a scale band (expected +- z sigma) and the score a calibrated rank, and
 * on the demo's 1-minute latency a 5-minute spike at 7x the band's upper edge scored 0.72-0.75 (never
 * flagged) while points inside the band scored up to 0.98.
 */
import { Mulberry32 } from '../core/prng';
import { bandBoundedScore, bandDistance, magnitudeScore } from './bandScore';
import { TailCalibrator } from './calibrator';
import { binEdges, binOrPast, evidenceBin, pastLastBin } from './evidenceBins';
import { residualEvidence } from './residualScale';
import { ensembleThreshold } from './sensitivity';
import { detect } from './index';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const T0 = Date.UTC(2026, 10, 1);
const THRESHOLD = ensembleThreshold(0.5);
/** The engine's training window at a 1-minute step (3 days). */
const TRAIN = 4320;

/** Daily load in [0, 1], as the demo's (low at night, peak mid-afternoon). */
function load(t: number): number {
  const h = (t % DAY) / HOUR;
  return 0.5 - 0.5 * Math.cos((2 * Math.PI * (h - 3)) / 24);
}

/** Standard normal from three uniforms (close enough for noise). */
function noise(g: Mulberry32): number {
  return (g.next() + g.next() + g.next() - 1.5) * 2;
}

/**
 * p99 latency at 1-minute steps like the demo's api-1: 0.2 s x (1 + 0.8 load) with lognormal noise,
 * and a spike of `len` minutes at 1.5-3 s starting at each of `spikes` (ms after T0).
 */
function latency(days: number, spikes: Array<[number, number]>, seed: number): { t: Float64Array; v: Float64Array } {
  const n = days * 1440;
  const g = new Mulberry32(seed);
  const t = new Float64Array(n);
  const v = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    t[i] = T0 + i * MINUTE;
    v[i] = 0.2 * (1 + 0.8 * load(t[i])) * Math.exp(0.08 * noise(g));
    const ms = i * MINUTE;
    if (spikes.some(([at, len]) => ms >= at && ms < at + len * MINUTE)) {
      v[i] = 1.5 + 1.5 * g.next();
    }
  }
  return { t, v };
}

/** CPU-like utilisation at 1-minute steps: 0.12 + 0.45 load, noise sd 0.015, no incident. */
function cpu(days: number, seed: number): { t: Float64Array; v: Float64Array } {
  const n = days * 1440;
  const g = new Mulberry32(seed);
  const t = new Float64Array(n);
  const v = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    t[i] = T0 + i * MINUTE;
    v[i] = Math.max(0, 0.12 + 0.45 * load(t[i]) + 0.015 * noise(g));
  }
  return { t, v };
}

/** Indices of judged points inside the band whose score reaches the threshold. */
function inBandFlags(r: ReturnType<typeof detect>, v: Float64Array): number[] {
  const bad: number[] = [];
  for (let i = 0; i < v.length; i++) {
    if (Number.isFinite(r.score[i]) && v[i] >= r.lower[i] && v[i] <= r.upper[i] && r.score[i] >= THRESHOLD) {
      bad.push(i);
    }
  }
  return bad;
}

describe('ensemble band and score', () => {
  // Two spikes of 3 to 5 minutes a day from day 2 on, at seeded times: the calibration has seen
  // earlier ones when the next arrives. Before the band bounded the score, every spike from the
  // third on fell below the threshold after its first minute, and from the fifth on in every one.
  const g = new Mulberry32(11);
  const spikes: Array<[number, number]> = [];
  for (let day = 2; day < 8; day++) {
    for (let k = 0; k < 2; k++) {
      const start = day * DAY + Math.floor(g.next() * 11 + 12 * k) * HOUR + Math.floor(g.next() * 50) * MINUTE;
      spikes.push([start, 3 + Math.floor(g.next() * 3)]);
    }
  }
  const s = latency(8, spikes, 5);
  const r = detect(s, { trainWindow: TRAIN });

  it.each(spikes.map(([at, len]) => [new Date(T0 + at).toISOString(), at / MINUTE, len]))(
    'flags every minute of the spike at %s, far above the band',
    (_when, from, len) => {
      for (let i = from; i < from + len; i++) {
        // The spike is several times the band's upper edge ...
        expect(s.v[i]).toBeGreaterThan(3 * r.upper[i]);
        // ... and scores above the threshold for as long as it lasts.
        expect([i - from, r.score[i] >= THRESHOLD, r.isAnomaly[i]]).toEqual([i - from, true, 1]);
      }
    }
  );

  it('does not widen the band during a spike', () => {
    for (const [at, len] of spikes) {
      const i = at / MINUTE;
      const before = r.upper[i - 1] - r.lower[i - 1];
      expect((r.upper[i + len - 1] - r.lower[i + len - 1]) / before).toBeLessThan(1.5);
    }
  });

  it.each([
    ['latency with spikes', s, r],
    ['latency without spikes', latency(8, [], 6), null],
    ['CPU', cpu(8, 7), null],
  ] as const)('scores no point inside the band at or above the threshold: %s', (_name, series, given) => {
    const res = given ?? detect(series, { trainWindow: TRAIN });
    let judged = 0;
    for (let i = 0; i < series.v.length; i++) {
      judged += Number.isFinite(res.score[i]) ? 1 : 0;
    }
    expect(judged).toBeGreaterThan(series.v.length / 2);
    expect(inBandFlags(res, series.v)).toEqual([]);
  });

  it('flags only points outside the band, and most points are inside it', () => {
    let flagged = 0;
    let outside = 0;
    for (let i = 0; i < s.v.length; i++) {
      const out = s.v[i] > r.upper[i] || s.v[i] < r.lower[i];
      outside += Number.isFinite(r.score[i]) && out ? 1 : 0;
      if (r.isAnomaly[i] === 1) {
        flagged++;
        expect(out).toBe(true);
      }
    }
    expect(flagged).toBeGreaterThanOrEqual(25);
    expect(outside).toBeLessThan(0.01 * s.v.length);
  });
});

describe('bandDistance and bandBoundedScore', () => {
  it('measures the distance in band half-widths on the value side', () => {
    expect(bandDistance(3, 1, 0, 2)).toBe(2);
    expect(bandDistance(0.5, 1, 0, 3)).toBe(0.5);
    expect(bandDistance(1, 1, 1, 1)).toBe(0);
    expect(bandDistance(1.5, 1, 1, 1)).toBe(Infinity);
    expect(bandDistance(NaN, 1, 0, 2)).toBeNaN();
    expect(bandDistance(1, NaN, NaN, NaN)).toBeNaN();
  });

  it('keeps a score inside the band below the threshold, and leaves it alone outside', () => {
    expect(bandBoundedScore(0.9, 0.5, 0.765)).toBeCloseTo(0.3825, 12);
    expect(bandBoundedScore(0.2, 0.5, 0.765)).toBe(0.2);
    expect(bandBoundedScore(0.9, 1, 0.765)).toBe(0.9);
    expect(bandBoundedScore(0.1, 3, 0.765)).toBe(0.1);
    expect(bandBoundedScore(0.9, NaN, 0.765)).toBe(0.9);
  });
});

describe('a flagged point scores by how far outside the band it is (magnitudeScore)', () => {
  it('scores the larger of two excursions at a daily trough higher (before: 0.93 for +40 against 0.97 for +8)', () => {
    // 5-minute data, a daily cycle of 10..90 with noise of about 1; at two midnights (the trough)
    // the value rises by 8 and by 40: both inside the range seen, so neither is a range break.
    const step = 300_000;
    const n = 12 * 288;
    const g = new Mulberry32(3);
    const t = Float64Array.from({ length: n }, (_, i) => T0 + i * step);
    const v = Float64Array.from(t, (x) => 50 - 40 * Math.cos((2 * Math.PI * (x % DAY)) / DAY) + noise(g));
    const small = 8 * 288;
    const large = 10 * 288;
    v[small] += 8;
    v[large] += 40;
    const r = detect({ t, v }, {});
    expect(r.isAnomaly[small]).toBe(1);
    expect(r.isAnomaly[large]).toBe(1);
    expect(v[large]).toBeLessThan(Math.max(...v.subarray(0, large)));
    const d = (i: number) => bandDistance(v[i], r.expected[i], r.lower[i], r.upper[i]);
    expect(d(large)).toBeGreaterThan(3 * d(small));
    expect(r.score[large]).toBeGreaterThan(r.score[small] + 0.02);
  });

  it('leaves the decision alone: unchanged below the threshold, at or above it when flagged', () => {
    expect(magnitudeScore(0.5, 3, 0.765)).toBe(0.5);
    expect(magnitudeScore(0.7649, 100, 0.765)).toBe(0.7649);
    expect(magnitudeScore(0.765, 1, 0.765)).toBe(0.765);
    expect(magnitudeScore(1, 1, 0.765)).toBeCloseTo(0.8825, 12);
    expect(magnitudeScore(1, 16, 0.765)).toBeCloseTo(1, 12);
    expect(magnitudeScore(1, 1e9, 0.765)).toBeCloseTo(1, 12);
    expect(magnitudeScore(1, Infinity, 0.765)).toBeCloseTo(1, 12);
    expect(magnitudeScore(0.8, 4, 0.765)).toBeCloseTo(0.765 + 0.035 / 2 + 0.235 / 4, 12);
    for (const s of [0.765, 0.8, 0.9, 1]) {
      for (const d of [1, 1.5, 4, 16, 100]) {
        const m = magnitudeScore(s, d, 0.765);
        expect(m).toBeGreaterThanOrEqual(0.765);
        expect(m).toBeLessThanOrEqual(1);
      }
    }
  });
});

describe('TailCalibrator.tailFrom', () => {
  it('equals tail() for every bin', () => {
    const c = new TailCalibrator(500);
    const g = new Mulberry32(3);
    for (let i = 0; i < 2000; i++) {
      c.add(-Math.log10(g.next() + 1e-300));
    }
    const table = new Float64Array(129);
    c.tailTable(table);
    for (let e = 0; e < 20; e += 0.0625) {
      expect(c.tailFrom(table, e)).toBeCloseTo(c.tail(e), 12);
    }
    expect(c.tailFrom(table, NaN)).toBeNaN();
  });
});

describe('evidenceBin', () => {
  it('files a residual in the bin of its evidence, as the calibration does', () => {
    const out = { evidence: NaN, score: NaN };
    for (let z = 0; z < 12; z += 0.01) {
      residualEvidence(-2 * z, 2, out);
      expect([z, evidenceBin(-2 * z, 2)]).toEqual([z, Math.min(127, Math.floor(out.evidence / 0.125)) + 0]);
      expect([z, pastLastBin(2 * z, 2)]).toEqual([z, out.evidence >= 16]);
    }
    expect(evidenceBin(0.5, 0)).toBe(127);
    expect(binOrPast(0.5, 0)).toBe(128);
    expect(evidenceBin(0, 0)).toBe(0);
    expect(evidenceBin(NaN, 1)).toBeNaN();
  });

  it('finds the same bin as counting the edges at or below z, at and next to every edge', () => {
    const zs = binEdges();
    const below = (z: number) => zs.filter((e) => e <= z).length - 1;
    for (let b = 1; b < zs.length; b++) {
      for (const z of [zs[b] * (1 - 2 ** -52), zs[b], zs[b] * (1 + 2 ** -52), (zs[b - 1] + zs[b]) / 2]) {
        for (const s of [1, 0.37, 2e5]) {
          expect([b, z, s, binOrPast(z * s, s)]).toEqual([b, z, s, below((z * s) / s)]);
        }
      }
    }
    expect(binOrPast(1e300, 1)).toBe(128);
    expect(binOrPast(3, Infinity)).toBe(0);
  });
});
