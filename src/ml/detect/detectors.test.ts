import { Mulberry32 } from '../core/prng';
import { quantile } from '../core/quantile';
import { DetectionResult, MlError } from '../types';
import {
  createDetector,
  detect,
  DETECTOR_MODELS,
  BROWSER_DETECTOR_MODELS,
  minPointsFor,
  DetectorModel,
  warmupPointsFor,
} from './index';

const STEP = 300_000; // 5 minutes
const T0 = Date.UTC(2024, 0, 1);

/** Daily-seasonal noisy series (period 288 points) with a spike at `spikeAt` (if given). */
function series(n: number, seed = 1, spikeAt = -1): { t: Float64Array; v: Float64Array } {
  const g = new Mulberry32(seed);
  const t = new Float64Array(n);
  const v = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    t[i] = T0 + i * STEP;
    v[i] = 50 + 10 * Math.sin((2 * Math.PI * i) / 288) + (g.next() - 0.5) * 2;
  }
  if (spikeAt >= 0) {
    v[spikeAt] += 40;
  }
  return { t, v };
}

const SYNC_MODELS = BROWSER_DETECTOR_MODELS;

/**
 * The point stands out. Parametric models and the ensemble must flag it at the default sensitivity.
 * The Isolation Forest scores a point beyond the training range like the most extreme training row
 * (it follows the outer branch of every split), so it is only required to rank the point in its top 1%.
 */
function expectFlagged(model: string, r: DetectionResult, i: number): void {
  if (model === 'iforest') {
    expect(r.score[i]).toBeGreaterThanOrEqual(quantile(r.score, 0.99));
  } else {
    expect(r.isAnomaly[i]).toBe(1);
  }
}

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return e instanceof MlError ? e.code : 'other: ' + String(e);
  }
  return 'none';
}

describe('detector registry', () => {
  it('lists every model, and the browser list excludes the LSTM', () => {
    expect(DETECTOR_MODELS).toEqual(
      expect.arrayContaining(['ensemble', 'mad', 'holtwinters', 'prophet', 'iforest', 'lstm', 'gaussian'])
    );
    expect(BROWSER_DETECTOR_MODELS).not.toContain('lstm');
  });

  it('rejects unknown models and bad options', () => {
    expect(code(() => createDetector({ model: 'nope' as DetectorModel }))).toBe('unknown_model');
    expect(code(() => createDetector({ trainWindow: 3 }))).toBe('bad_input');
    expect(code(() => createDetector({ season: -2 }))).toBe('bad_input');
    expect(code(() => createDetector({ model: 'lstm' }))).toBe('unknown_model');
  });
});

describe.each(SYNC_MODELS)('%s detector', (model) => {
  const s = series(1500, 7, 1200);

  it('gives the same output fed in chunks as in one batch, and after a state round trip through JSON', () => {
    const batch = createDetector({ model }).update(s.t, s.v);
    const chunked = createDetector({ model });
    const parts: Float64Array[] = [];
    const bands: number[] = [];
    const flags: number[] = [];
    let restored = chunked;
    for (const [a, b] of [
      [0, 1],
      [1, 250],
      [250, 251],
      [251, 777],
      [777, 1500],
    ]) {
      const r = restored.update(s.t.subarray(a, b), s.v.subarray(a, b));
      parts.push(r.score);
      bands.push(...Array.from(r.lower), ...Array.from(r.upper));
      flags.push(...Array.from(r.isAnomaly));
      // Resume from serialised state before the next chunk.
      restored = createDetector({}, JSON.parse(JSON.stringify(restored.getState())));
    }
    const joined = new Float64Array(1500);
    let o = 0;
    for (const p of parts) {
      joined.set(p, o);
      o += p.length;
    }
    expect(Array.from(joined)).toEqual(Array.from(batch.score));
    expect(flags).toEqual(Array.from(batch.isAnomaly));
    const batchBands: number[] = [];
    for (const [a, b] of [
      [0, 1],
      [1, 250],
      [250, 251],
      [251, 777],
      [777, 1500],
    ]) {
      batchBands.push(...Array.from(batch.lower.subarray(a, b)), ...Array.from(batch.upper.subarray(a, b)));
    }
    expect(bands).toEqual(batchBands);
  });

  it('flags a 40-unit spike on noise of +-1 and keeps its output causal', () => {
    const r = detect(s, { model });
    expectFlagged(model, r, 1200);
    // Causality: changing the future does not change the past.
    const v2 = Float64Array.from(s.v);
    v2[1300] = 1e6;
    const r2 = detect({ t: s.t, v: v2 }, { model });
    expect(Array.from(r2.score.subarray(0, 1300))).toEqual(Array.from(r.score.subarray(0, 1300)));
  });

  it('scores in [0, 1] with NaN only before warm-up, and bands around the expected value', () => {
    const r = detect(s, { model });
    const need = minPointsFor({ model });
    for (let i = need + 400; i < 1500; i++) {
      expect(r.score[i]).toBeGreaterThanOrEqual(0);
      expect(r.score[i]).toBeLessThanOrEqual(1);
      expect(r.lower[i]).toBeLessThanOrEqual(r.expected[i]);
      expect(r.upper[i]).toBeGreaterThanOrEqual(r.expected[i]);
    }
  });

  it('reports not_enough_data for a series shorter than minPointsFor, and never a number', () => {
    const need = minPointsFor({ model });
    const short = series(need - 1);
    expect(code(() => detect(short, { model }))).toBe('not_enough_data');
    expect(code(() => detect({ t: new Float64Array(0), v: new Float64Array(0) }, { model }))).toBe('not_enough_data');
  });

  it('handles NaN values and gaps without producing NaN scores after them', () => {
    const n = 1500;
    const g = series(n, 3);
    const keepT: number[] = [];
    const keepV: number[] = [];
    for (let i = 0; i < n; i++) {
      if (i >= 900 && i < 960) {
        continue; // a 5-hour gap
      }
      keepT.push(g.t[i]);
      keepV.push(i % 97 === 0 ? NaN : g.v[i]);
    }
    const r = detect({ t: Float64Array.from(keepT), v: Float64Array.from(keepV) }, { model });
    expect(r.t.length).toBe(keepT.length);
    const last = r.score.length - 1;
    expect(Number.isFinite(r.score[last])).toBe(true);
    // A missing value itself is not judged.
    const nanIdx = keepV.findIndex((x, i) => i > 1000 && Number.isNaN(x));
    expect(r.isAnomaly[nanIdx]).toBe(0);
  });

  it('sorts unsorted input and merges duplicate timestamps', () => {
    const g = series(1000, 4);
    const order = Array.from({ length: 1000 }, (_, i) => i).reverse();
    const t = Float64Array.from([...order.map((i) => g.t[i]), g.t[500]]);
    const v = Float64Array.from([...order.map((i) => g.v[i]), g.v[500]]);
    const r = detect({ t, v }, { model });
    expect(Array.from(r.t)).toEqual(Array.from(g.t));
    expect(Array.from(r.score)).toEqual(Array.from(detect(g, { model }).score));
  });

  it('copes with irregular steps by regularising onto the median step', () => {
    const g = series(1200, 5);
    const t = Float64Array.from(g.t, (x, i) => x + (i % 3 === 0 ? 40_000 : 0));
    const r = detect({ t, v: g.v }, { model });
    expect(r.t.length).toBe(1200);
    expect(r.score.some((x) => Number.isFinite(x))).toBe(true);
  });

  it('does not flag anything on a constant series, and flags a step away from it', () => {
    const n = 1200;
    const t = Float64Array.from({ length: n }, (_, i) => T0 + i * STEP);
    const v = new Float64Array(n).fill(45);
    const r = detect({ t, v }, { model });
    expect(r.isAnomaly.reduce((a, b) => a + b, 0)).toBe(0);
    v[1100] = 46;
    const r2 = detect({ t, v }, { model });
    if (model !== 'iforest') {
      // The forest splits on ranges; a constant history gives it no split to isolate with.
      expect(r2.isAnomaly[1100]).toBe(1);
    }
  });

  it('works at large magnitudes (1e12 offset) and rejects values beyond 1e150', () => {
    const g = series(1500, 6, 1200);
    const big = Float64Array.from(g.v, (x) => 1e12 + x);
    const r = detect({ t: g.t, v: big }, { model });
    expectFlagged(model, r, 1200);
    expect(Number.isFinite(r.score[1499])).toBe(true);
    big[10] = 1e200;
    expect(code(() => detect({ t: g.t, v: big }, { model }))).toBe('bad_input');
  });

  it('rejects an all-NaN series and mismatched lengths as bad_input', () => {
    const g = series(1000);
    expect(code(() => detect({ t: g.t, v: new Float64Array(1000).fill(NaN) }, { model }))).toBe('bad_input');
    expect(code(() => detect({ t: g.t, v: g.v.subarray(1) }, { model }))).toBe('bad_input');
  });

  it('rejects non-increasing timestamps in incremental updates', () => {
    const d = createDetector({ model });
    d.update(Float64Array.from([1000, 2000]), Float64Array.from([1, 2]));
    expect(code(() => d.update(Float64Array.from([2000]), Float64Array.from([1])))).toBe('bad_input');
  });
});

describe('ensemble', () => {
  it('reports its members and which fired', () => {
    const s = series(1500, 9, 1300);
    const r = detect(s, {});
    expect(r.members).toEqual(['holtwinters', 'prophet']);
    expect(r.isAnomaly[1300]).toBe(1);
    expect(r.fired![1300]).toBeGreaterThan(0);
    expect(r.fired![1300] & ~0b11).toBe(0);
  });

  it('flags more points as sensitivity rises', () => {
    const s = series(2000, 11);
    const count = (sens: number) => detect(s, { sensitivity: sens }).isAnomaly.reduce((a, b) => a + b, 0);
    expect(count(1)).toBeGreaterThanOrEqual(count(0.5));
    expect(count(0.5)).toBeGreaterThanOrEqual(count(0));
    expect(count(1)).toBeGreaterThan(count(0));
  });
});

/**
 * A CPU-like utilisation on a 5-minute grid: 0.02 + 0.45 x a daily load curve, Gaussian noise of sd
 * 0.015, clipped to [0, 1] like a utilisation, and an incident at 0.95 for 12 points (one hour).
 */
function cpuLike(n: number, incidentAt: number): { t: Float64Array; v: Float64Array } {
  const g = new Mulberry32(21);
  const t = new Float64Array(n);
  const v = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    t[i] = T0 + i * STEP;
    const load = 0.5 - 0.5 * Math.cos((2 * Math.PI * (i - 36)) / 288);
    // Box-Muller from the seeded generator.
    const noise = Math.sqrt(-2 * Math.log(1 - g.next())) * Math.cos(2 * Math.PI * g.next());
    v[i] = Math.min(1, Math.max(0, 0.02 + 0.45 * load + 0.015 * noise));
  }
  for (let i = incidentAt; i < incidentAt + 12; i++) {
    v[i] = 0.95;
  }
  return { t, v };
}

describe('ensemble band', () => {
  const n = 3000;
  const incidentAt = 2000;
  const s = cpuLike(n, incidentAt);
  const r = detect(s, {});
  const normal = (i: number) => i < incidentAt || i >= incidentAt + 12;

  it('has no band exactly where there is no score (warm-up), and none before the documented first judged point', () => {
    for (let i = 0; i < n; i++) {
      expect([i, Number.isFinite(r.lower[i]), Number.isFinite(r.upper[i])]).toEqual([
        i,
        Number.isFinite(r.score[i]),
        Number.isFinite(r.score[i]),
      ]);
    }
    // The provisional Holt-Winters member buffers 300 points, then 30 calibrated values (the regular
    // members take over at 607: two days for the Prophet-style member, then 30 calibrated values).
    expect(warmupPointsFor({}, STEP)).toBe(330);
    expect(r.lower.subarray(0, 330).every((x) => Number.isNaN(x))).toBe(true);
    expect(Number.isFinite(r.lower[330])).toBe(true);
    expect(r.lower.subarray(640).every((x) => Number.isFinite(x))).toBe(true);
  });

  it('is narrow relative to the data, covers the normal points, never goes below 0, and flags the incident', () => {
    let lo = Infinity;
    let hi = -Infinity;
    const widths: number[] = [];
    let inside = 0;
    let count = 0;
    for (let i = 0; i < n; i++) {
      if (!normal(i)) {
        continue;
      }
      lo = Math.min(lo, s.v[i]);
      hi = Math.max(hi, s.v[i]);
      if (Number.isFinite(r.lower[i])) {
        widths.push(r.upper[i] - r.lower[i]);
        inside += s.v[i] >= r.lower[i] && s.v[i] <= r.upper[i] ? 1 : 0;
        count++;
        expect(r.lower[i]).toBeGreaterThanOrEqual(0);
      }
    }
    expect(count).toBeGreaterThan(2000);
    expect(quantile(Float64Array.from(widths), 0.5)).toBeLessThan(0.5 * (hi - lo));
    // Including the first band points, when the scales rest on few residuals.
    expect(Math.max(...widths.slice(0, 200))).toBeLessThan(0.5 * (hi - lo));
    expect(inside / count).toBeGreaterThanOrEqual(0.9);
    expect(r.isAnomaly.subarray(incidentAt, incidentAt + 12).some((x) => x === 1)).toBe(true);
  });

  it('does not clip at 0 once the series has gone negative', () => {
    const v = Float64Array.from(s.v, (x) => x - 0.5);
    const shifted = detect({ t: s.t, v }, {});
    expect(shifted.lower.subarray(640).some((x) => x < 0)).toBe(true);
    // Shifting the data shifts the expected value and keeps the upper half-width (the models are
    // translation-equivariant up to rounding); only the clipping at 0 differs.
    for (const i of [700, 1500, 2900]) {
      expect(shifted.expected[i] + 0.5).toBeCloseTo(r.expected[i], 6);
      expect(shifted.upper[i] - shifted.expected[i]).toBeCloseTo(r.upper[i] - r.expected[i], 6);
    }
  });
});
