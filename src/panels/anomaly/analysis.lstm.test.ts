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
