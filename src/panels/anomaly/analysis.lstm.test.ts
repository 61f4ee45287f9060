/**
 * The anomaly panel's LSTM path takes the series' rows as every other model's (history.ts
 * rowsOnGrid): a repeated time is one point at the mean of its rows, the panel's rules judge that
 * mean, and the merge is counted for the panel's notice. Before, the rules read one row's value.
 */
import type { PanelSeries } from '../../components/charts/panelSeries';
import { detect } from '../../ml/detect/detect';
import { lstmAnalysis, lstmInputFor, type SeriesAnalysis } from './analysis';
import { DEFAULT_OPTIONS } from './types';

const T0 = Date.UTC(2026, 0, 5);
const STEP = 60_000;
const N = 400;

describe("the anomaly panel's LSTM path on rows of a repeated time", () => {
  it('judges the mean of the rows (as the model saw it) and counts the merge', () => {
    const t = Array.from({ length: N }, (_, i) => T0 + i * STEP);
    const v = t.map((_, i) => 10 + Math.sin(i * 0.7));
    // Row 300 reads 5 and a last row of the same time reads 15: one point at 10, inside the valid range.
    v[300] = 5;
    const s: PanelSeries = {
      name: 'dup',
      t: Float64Array.from([...t, t[300]]),
      v: Float64Array.from([...v, 15]),
      derived: {},
    };
    const o = { ...DEFAULT_OPTIONS, model: 'lstm' as const, validMax: 12 };
    const input = lstmInputFor(s);
    expect(input.t).toHaveLength(N);
    expect(input.v[300]).toBe(10);
    // A MAD stand-in for the LSTM worker's batch detection on the points it is given.
    const r = detect({ t: input.t, v: input.v }, { model: 'mad', trainWindow: 100 });
    const a = lstmAnalysis(s, input, r, o) as SeriesAnalysis;
    // Both rows of the repeated time show the merged point's verdict: 10 is within validMax 12.
    expect([a.isAnomaly[300], a.isAnomaly[N]]).toEqual([0, 0]);
    // The last row came after a later time: sorted, then merged.
    expect(a.rowCounts).toEqual({ outOfOrder: 1, merged: 1, noTime: 0, offGrid: 0 });
  });
});

describe("the anomaly panel's LSTM path on a quantity that is never negative", () => {
  it('holds the band at 0 as the engine path and the companion do (src/engine/bandBounds.ts)', () => {
    // Errors per minute near 0.05, a burst every 97 minutes: a band of the noise dips under 0.
    const t = Array.from({ length: N }, (_, i) => T0 + i * STEP);
    const v = t.map((_, i) => 0.05 + 0.1 * Math.sin(i * 0.7) ** 2 + (i % 97 === 0 ? 2 : 0));
    const s: PanelSeries = {
      name: 'errors',
      t: Float64Array.from(t),
      v: Float64Array.from(v),
      labels: { __name__: 'shop_checkout_errors_total' },
      derived: {},
    };
    const o = { ...DEFAULT_OPTIONS, model: 'lstm' as const };
    const input = lstmInputFor(s);
    const r = detect({ t: input.t, v: input.v }, { model: 'mad', trainWindow: 100 });
    // The premise: the stand-in's band, unheld, goes under 0.
    expect(Array.from(r.lower).some((x) => x < 0)).toBe(true);
    const a = lstmAnalysis(s, input, r, o) as SeriesAnalysis;
    const lower = a.lower!;
    const expected = a.expected!;
    expect(Array.from(lower).filter((x) => x < 0)).toEqual([]);
    expect(Array.from(expected).filter((x) => x < 0)).toEqual([]);
    // Held, not moved: the verdicts are the model's.
    expect(Array.from(a.isAnomaly)).toEqual(Array.from(r.isAnomaly));
    lower.forEach((x, i) => expect(x).toBe(Number.isNaN(r.lower[i]) ? x : Math.max(0, r.lower[i])));
  });
});
