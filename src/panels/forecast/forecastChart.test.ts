import { createTheme } from '@grafana/data';
import type uPlot from 'uplot';
import type { PanelSeries } from '../../components/charts/panelSeries';
import { fade } from '../../components/charts/chartTheme';
import { recordingPlot } from '../../components/charts/recordingPlot';
import { buildForecastChart } from './forecastChart';
import type { SeriesForecast } from './useForecasts';

const theme = createTheme({ colors: { mode: 'dark' } });

/** A uPlot stand-in whose y scale puts `capacityY` at the capacity; records what is drawn. */
function recorder(capacity: number, capacityY: number) {
  return recordingPlot({ left: 0, top: 10, width: 500, height: 200 } as uPlot['bbox'], (v, scale) =>
    scale === 'x' ? v : v === capacity ? capacityY : 100
  );
}

describe('the capacity label', () => {
  const used: PanelSeries = {
    name: 'used',
    t: Float64Array.from([0, 60_000, 120_000]),
    v: Float64Array.from([1, 2, 3]),
    derived: {},
  };
  const noForecast = { forecast: { ok: false, code: 'engine', message: 'x' } } as SeriesForecast;
  const chart = buildForecastChart({
    series: [used],
    results: [noForecast],
    capacity: { value: 500 },
    theme,
    timeZone: 'utc',
    range: { from: 0, to: 120_000 },
    onCursor: () => {},
  });
  const draw = (chart.layers[chart.layers.length - 1].options.hooks!.draw as Array<(u: uPlot) => void>)[0];
  const textY = (capacityY: number, what: string) => {
    const { u, calls } = recorder(500, capacityY);
    draw(u);
    const text = calls.find((c) => c[0] === 'fillText' && String(c[1]).startsWith(what))!;
    return text[3] as number;
  };
  const labelAt = (capacityY: number) => textY(capacityY, 'capacity');

  it('sits above the line when there is room', () => {
    expect(labelAt(120)).toBe(116);
  });

  it('goes below the line when the line runs along the top of the plot, so the clip does not cut it', () => {
    // The line 8 px under the plot's top (the demo's disk: capacity 500 GB at the top of the range):
    // above, the 11 px text would start at y = 3, above the plot's top at 10.
    const y = labelAt(18);
    expect(y - 11).toBeGreaterThanOrEqual(10);
    expect(y).toBeGreaterThan(18);
  });

  it("is drawn last, on a box of the panel's background, so no series or marker line strikes it through", () => {
    // A used series near its capacity at the left edge ran through the text (the demo's disk before a
    // clean-up): the label was drawn before the crossing marker, with nothing behind it.
    const { u, calls } = recorder(500, 18);
    draw(u);
    const at = calls.findIndex((c) => c[0] === 'fillText' && String(c[1]).startsWith('capacity'));
    expect(at).toBe(calls.map((c) => c[0]).lastIndexOf('fillText'));
    expect(calls.slice(at + 1).some((c) => c[0] === 'stroke' || c[0] === 'fill')).toBe(false);
    const box = calls.map((c) => c[0]).lastIndexOf('roundRect');
    expect(box).toBeGreaterThan(-1);
    expect(box).toBeLessThan(at);
    // The box spans the text's line: from 11 px above its baseline to 3 px below.
    const [, x, top, , height] = calls[box] as [string, number, number, number, number];
    const [, , tx, ty] = calls[at] as [string, string, number, number];
    expect(x).toBeLessThan(tx);
    expect(top).toBe(ty - 11);
    expect(top + height).toBeGreaterThan(ty);
    const fillStyles = (from: number, to: number) =>
      calls
        .slice(from, to)
        .filter((c) => c[0] === 'set fillStyle')
        .map((c) => c[1]);
    expect(fillStyles(0, box).pop()).toBe(fade(theme.colors.background.primary, 0.85));
    expect(fillStyles(box, at).pop()).toBe(theme.colors.error.main);
  });

  it('keeps "now" off a capacity line along the top of the plot', () => {
    // "now" sits 12 px under the plot's top (y = 22): a line at 18 struck it through.
    expect(textY(120, 'now')).toBe(22);
    expect(textY(18, 'now') - 11).toBeGreaterThan(18);
  });
});

describe('the crossing marker', () => {
  // A 1-minute series whose last point is 20 s before the range's end: the panel asked its time to
  // exhaustion at the range's end (useForecasts.ts shownTime), so the countdown runs from there.
  const used: PanelSeries = {
    name: 'used',
    t: Float64Array.from([0, 60_000, 120_000]),
    v: Float64Array.from([1, 2, 3]),
    derived: {},
  };
  const tte = { seconds: 3600, alreadyExceeded: false } as NonNullable<SeriesForecast['tte']> extends infer O
    ? O extends { ok: true; value: infer V }
      ? V
      : never
    : never;
  const result = (tteFrom?: number) =>
    ({
      forecast: { ok: false, code: 'engine', message: 'x' },
      tte: { ok: true, value: tte },
      ...(tteFrom === undefined ? {} : { tteFrom }),
    }) as SeriesForecast;
  const crossingAt = (r: SeriesForecast) =>
    buildForecastChart({
      series: [used],
      results: [r],
      capacity: { value: 500 },
      theme,
      timeZone: 'utc',
      range: { from: 0, to: 140_000 },
      onCursor: () => {},
    }).drawn[0].crossingT;

  it('sits at the time the countdown was counted from plus the time to exhaustion', () => {
    expect(crossingAt(result(140_000))).toBe(140_000 + 3_600_000);
  });

  it('counts from the last point when the panel asked there', () => {
    expect(crossingAt(result())).toBe(120_000 + 3_600_000);
  });
});
