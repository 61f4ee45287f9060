import { createTheme } from '@grafana/data';
import type uPlot from 'uplot';
import { PanelSeries } from '../../../components/charts/panelSeries';
import { recordingPlot } from '../../../components/charts/recordingPlot';
import { SeriesAnalysis, SeriesOutcome } from '../analysis';
import { AnomalyOptions, DEFAULT_OPTIONS } from '../types';
import { anomalyColumns, DrawnSeries } from './columns';
import { pointsHook, regionsHook } from './drawHooks';
import { LAYER_BUDGET, mainLayers } from './layers';
import { highestScore } from './scoreStrip';
import { anomalyYRange } from './yRange';

const theme = createTheme({ colors: { mode: 'dark' } });

function series(values: number[], name = 's'): PanelSeries {
  return {
    name,
    t: Float64Array.from(values, (_, i) => 60_000 * i),
    v: Float64Array.from(values),
    derived: {},
  };
}

function analysis(n: number, extra: Partial<SeriesAnalysis> = {}): SeriesAnalysis {
  return { status: 'ok', source: 'engine', model: 'mad', isAnomaly: new Uint8Array(n), ...extra };
}

const failure: SeriesOutcome = { status: 'error', code: 'not_enough_data', message: 'too short' };

function drawnOf(s: PanelSeries, outcome: SeriesOutcome, options: Partial<AnomalyOptions> = {}): DrawnSeries[] {
  return anomalyColumns([s], [outcome], { ...DEFAULT_OPTIONS, ...options }, theme).drawn;
}

describe('anomalyYRange', () => {
  const values = series([0, 5, 10]);
  const band = analysis(3, { lower: Float64Array.from([-100, 0, 0]), upper: Float64Array.from([12, 0, 0]) });

  it('lets a drawn band widen the values range by at most a quarter of their spread, plus 5 % margin', () => {
    // Spread 10: down to max(-100, -2.5) = -2.5, up to min(12, 12.5) = 12; margin 0.5.
    expect(anomalyYRange(drawnOf(values, band), true)).toEqual([-3, 12.5]);
  });
  it('ignores the band when it is not drawn, and a series that failed', () => {
    const shifted = series([2, 7, 12]);
    expect(anomalyYRange(drawnOf(shifted, band), false)).toEqual([1.5, 12.5]);
    expect(anomalyYRange(drawnOf(shifted, failure), true)).toEqual([1.5, 12.5]);
  });
  it('stops the margin at 0 when nothing drawn is negative: a latency spike shows no room under 0 s', () => {
    // The demo's p99 latency: 0.1 s to 3 s with its band at 0.08 s at the lowest; the 5 % margin
    // (0.145 s) reached 0.045 s under 0, and the spike's region shading with it.
    const latency = series([0.1, 0.3, 3]);
    const held = analysis(3, {
      lower: Float64Array.from([0.08, 0.2, 0.25]),
      upper: Float64Array.from([0.2, 0.4, 0.4]),
    });
    const [lo, hi] = anomalyYRange(drawnOf(latency, held), true);
    expect(lo).toBe(0);
    expect(hi).toBeCloseTo(3.145, 9);
    expect(anomalyYRange(drawnOf(values, failure), true)).toEqual([0, 10.5]);
    // A series below 0 keeps its margin.
    expect(anomalyYRange(drawnOf(series([-10, -5, 0]), failure), true)).toEqual([-10.5, 0.5]);
  });
  it('takes the value itself as the spread of a constant series', () => {
    expect(anomalyYRange(drawnOf(series([4, 4, NaN]), analysis(3)), true)).toEqual([3.8, 4.2]);
  });
  it('is [0, 1] without a single value', () => {
    expect(anomalyYRange(drawnOf(series([NaN, NaN]), analysis(2)), true)).toEqual([0, 1]);
    expect(anomalyYRange([], true)).toEqual([0, 1]);
  });
});

describe('anomalyColumns', () => {
  const n = 4;
  const full = analysis(n, {
    upper: new Float64Array(n).fill(2),
    lower: new Float64Array(n).fill(-2),
    expected: new Float64Array(n),
    score: Float64Array.from([0.1, 0.9, 0.95, 0.2]),
    isAnomaly: Uint8Array.from([0, 1, 1, 0]),
  });

  it('numbers value, band edges and expected line per series, and counts what was found', () => {
    const c = anomalyColumns(
      [series([1, 2, 3, 4], 'a'), series([1, 2, 3, 4], 'b'), series([1, 2, 3, 4], 'c')],
      [full, failure, full],
      { ...DEFAULT_OPTIONS, showExpected: true, showBand: true, showScore: true },
      theme
    );
    const idx = c.drawn.map((d) => [d.valueIdx, d.upperIdx, d.lowerIdx, d.expectedIdx, d.scoreIdx]);
    expect(idx).toEqual([
      [1, 2, 3, 4, 1],
      [5, -1, -1, -1, -1],
      [6, 7, 8, 9, 2],
    ]);
    expect(c.plotSeries.map((s) => s.label)).toEqual([
      undefined,
      'a',
      'a upper',
      'a lower',
      'a expected',
      'b',
      'c',
      'c upper',
      'c lower',
      'c expected',
    ]);
    expect(c.bands.map((b) => b.series)).toEqual([
      [2, 3],
      [7, 8],
    ]);
    expect(c.groups.map((g) => g.columns.length)).toEqual([4, 1, 4]);
    expect(c.scoreGroups).toHaveLength(2);
    expect(c.drawn.map((d) => [d.anomalousPoints, d.regions.length])).toEqual([
      [2, 1],
      [0, 0],
      [2, 1],
    ]);
  });

  it('keeps the band edges (for the tooltip) but draws no band, expected line or score when they are off', () => {
    const c = anomalyColumns(
      [series([1, 2, 3, 4])],
      [full],
      { ...DEFAULT_OPTIONS, showExpected: false, showBand: false, showScore: false },
      theme
    );
    expect(c.drawn[0]).toMatchObject({ valueIdx: 1, upperIdx: 2, lowerIdx: 3, expectedIdx: -1, scoreIdx: -1 });
    expect(c.bands).toEqual([]);
    expect(c.scoreGroups).toEqual([]);
  });
});

describe('mainLayers', () => {
  const hooks = { regions: jest.fn(), points: jest.fn(), cursor: jest.fn() };

  function layersFor(count: number, n: number) {
    const values = new Array(n).fill(1);
    const band = analysis(n, { upper: new Float64Array(n).fill(2), lower: new Float64Array(n) });
    const c = anomalyColumns(
      Array.from({ length: count }, (_, k) => series(values, `s${k}`)),
      Array.from({ length: count }, () => band),
      DEFAULT_OPTIONS,
      theme
    );
    const data = [Float64Array.from(values, (_, i) => i), ...c.plotSeries.slice(1).map((_, k) => [k])];
    return mainLayers(c.drawn, {
      data: data as unknown as uPlot.AlignedData,
      plotSeries: c.plotSeries,
      bands: c.bands,
      tzDate: undefined,
      xScale: { time: true },
      yRange: [0, 1],
      axes: { visible: [{ label: 'visible' }], hidden: [{ label: 'hidden' }] },
      syncKey: 'k',
      hooks,
    });
  }

  it('puts as many series in one layer as the budget allows, each with its columns and renumbered band', () => {
    // Three columns per series (value and band edges): 3 * 5000 points fit once, not twice, in the budget.
    expect(3 * 5000 <= LAYER_BUDGET && 6 * 5000 > LAYER_BUDGET).toBe(true);
    const layers = layersFor(3, 5000);
    expect(layers).toHaveLength(3);
    layers.forEach((layer, li) => {
      expect(layer.options.series.map((s) => s.label)).toEqual([undefined, `s${li}`, `s${li} upper`, `s${li} lower`]);
      expect(layer.options.bands!.map((b) => b.series)).toEqual([[2, 3]]);
      // The layer's columns are the series' own columns of the shared data.
      expect(layer.data.slice(1).map((c) => (c as number[])[0])).toEqual([3 * li, 3 * li + 1, 3 * li + 2]);
    });
  });

  it('draws axes and regions on the bottom layer, points and the cursor on the top one', () => {
    const [bottom, middle, top] = layersFor(3, 5000).map((l) => l.options);
    expect(bottom.axes).toEqual([{ label: 'visible' }]);
    expect(middle.axes).toEqual([{ label: 'hidden' }]);
    expect(bottom.hooks).toEqual({ drawClear: [hooks.regions] });
    expect(middle.hooks).toEqual({});
    expect(top.hooks).toEqual({ draw: [hooks.points], setCursor: [hooks.cursor] });
    expect(bottom.cursor).toEqual({ show: false });
    expect(top.cursor).toMatchObject({ sync: { key: 'k' } });
  });

  it('uses one layer for everything when it fits', () => {
    const [only] = layersFor(2, 100);
    expect(only.options.series).toHaveLength(7);
    expect(only.options.bands!.map((b) => b.series)).toEqual([
      [2, 3],
      [5, 6],
    ]);
    expect(only.options.hooks).toEqual({
      drawClear: [hooks.regions],
      draw: [hooks.points],
      setCursor: [hooks.cursor],
    });
  });
});

describe('highestScore', () => {
  it('takes per row the highest score of any series, null where none has one', () => {
    expect(
      highestScore(
        [
          [0.2, null, 0.7],
          [0.5, undefined, 0.1],
        ],
        3
      )
    ).toEqual([0.5, null, 0.7]);
  });
});

/** A uPlot stand-in: x in ms/1000 maps to px = x, y to px = 100 - y; records what is drawn. */
function recorder() {
  return recordingPlot({ left: 0, top: 10, width: 500, height: 80 } as uPlot['bbox'], (v, scale) =>
    scale === 'x' ? v : 100 - v
  );
}

describe('draw hooks', () => {
  // Points at x = 0, 60, 120, 180 px; point 1 anomalous, points 2 and 3 a run (3 has no value).
  const s = series([1, 2, 3, NaN]);
  const found = analysis(4, { isAnomaly: Uint8Array.from([0, 1, 0, 1]) });

  it('shades each region over the plot height, at least 4 px wide, clipped to the plot', () => {
    const { u, calls } = recorder();
    regionsHook(drawnOf(s, found), DEFAULT_OPTIONS, theme)(u);
    expect(calls[0][0]).toBe('save');
    expect(calls).toContainEqual(['rect', 0, 10, 500, 80]);
    expect(calls).toContainEqual(['clip']);
    // One region from point 1 to point 3 (a gap of one normal point joins them): 60..180 px.
    expect(calls.filter((c) => c[0] === 'fillRect')).toEqual([['fillRect', 60, 10, 120, 80]]);
    expect(calls[calls.length - 1][0]).toBe('restore');

    const single = recorder();
    regionsHook(
      drawnOf(s, analysis(4, { isAnomaly: Uint8Array.from([0, 1, 0, 0]) })),
      DEFAULT_OPTIONS,
      theme
    )(single.u);
    expect(single.calls.filter((c) => c[0] === 'fillRect')).toEqual([['fillRect', 58, 10, 4, 80]]);
  });

  it('marks anomalous points that have a value, nothing else', () => {
    const { u, calls } = recorder();
    pointsHook(drawnOf(s, found), DEFAULT_OPTIONS, theme)(u);
    expect(calls.filter((c) => c[0] === 'arc')).toEqual([['arc', 60, 98, 3, 0, 2 * Math.PI]]);
    expect(calls).toContainEqual(['set fillStyle', theme.colors.error.main]);
  });

  it('draws nothing when regions or points are switched off', () => {
    const off = { ...DEFAULT_OPTIONS, showRegions: false, showPoints: false };
    const { u, calls } = recorder();
    regionsHook(drawnOf(s, found), off, theme)(u);
    pointsHook(drawnOf(s, found), off, theme)(u);
    expect(calls).toEqual([]);
  });
});
