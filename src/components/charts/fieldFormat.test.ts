import { createDataFrame, createTheme, FieldType } from '@grafana/data';
import { formatValue, tickDecimals } from './chartTheme';
import { fieldYRange } from './fieldYRange';
import { legendCalcs, resolveLegend } from './legendOptions';
import { extractSeries } from './panelSeries';

const theme = createTheme({ colors: { mode: 'dark' } });

function frame(values: number[], config: Record<string, unknown>) {
  return createDataFrame({
    fields: [
      { name: 'Time', type: FieldType.time, values: values.map((_, i) => i * 60_000) },
      { name: 'Value', type: FieldType.number, values, config },
    ],
  });
}

describe('series format from the field config', () => {
  it('formats by the unit and decimals of the field, not as a bare count', () => {
    const [bytes] = extractSeries([frame([5e11], { unit: 'bytes' })], theme).series;
    expect(formatValue(5e11, bytes)).toBe('466 GiB');
    const [ratio] = extractSeries([frame([0.8], { unit: 'percentunit', decimals: 1 })], theme).series;
    expect(formatValue(0.8, ratio)).toBe('80.0%');
    // Without a unit: Grafana's "short", as before.
    const [plain] = extractSeries([frame([1e12], {})], theme).series;
    expect(formatValue(1e12, plain)).toBe('1 Tri');
  });

  it('gives every axis tick the decimals its increment needs, as Grafana does', () => {
    const [reqps] = extractSeries([frame([0.5, 1.5], { unit: 'reqps' })], theme).series;
    const ticks = (incr: number, values: number[]) => values.map((v) => formatValue(v, reqps, tickDecimals(incr)));
    // The unit's own per-value rounding gave "0.500 req/s" and "1.50 req/s" side by side.
    expect(ticks(0.5, [0.5, 1, 1.5])).toEqual(['0.5 req/s', '1 req/s', '1.5 req/s']);
    expect(ticks(0.25, [0.25, 0.5])).toEqual(['0.25 req/s', '0.5 req/s']);
    expect(tickDecimals(10)).toBeUndefined();
    // The field's own decimals win over the increment's.
    const [fixed] = extractSeries([frame([0.5], { unit: 'reqps', decimals: 3 })], theme).series;
    expect(formatValue(0.5, fixed, tickDecimals(0.5))).toBe('0.500 req/s');
  });

  it('applies value mappings through the display processor', () => {
    const mappings = [{ type: 'value', options: { '1': { text: 'up' } } }];
    const [s] = extractSeries([frame([1], { mappings })], theme).series;
    expect(formatValue(1, s)).toBe('up');
  });

  it('carries Min/Max and a fixed colour; the classic palette stays the panel’s own', () => {
    const [fixed] = extractSeries(
      [frame([1], { min: 0, max: 1, color: { mode: 'fixed', fixedColor: 'red' } })],
      theme
    ).series;
    expect([fixed.min, fixed.max]).toEqual([0, 1]);
    expect(fixed.color).toBe(theme.visualization.getColorByName('red'));
    const [palette] = extractSeries([frame([1], { color: { mode: 'palette-classic' } })], theme).series;
    expect(palette.color).toBeUndefined();
  });
});

describe('fieldYRange', () => {
  it('replaces the ends that are set, and ignores an empty pair', () => {
    expect(fieldYRange([3, 97], { min: 0, max: 100 })).toEqual([0, 100]);
    expect(fieldYRange([3, 97], { min: 0 })).toEqual([0, 97]);
    expect(fieldYRange([3, 97], { min: 5, max: 5 })).toEqual([3, 97]);
    expect(fieldYRange([3, 97])).toEqual([3, 97]);
  });
});

describe('legend options', () => {
  it('reads Grafana legend options, with "hidden" and the earlier switch meaning not shown', () => {
    expect(resolveLegend(undefined)).toEqual({
      show: true,
      mode: 'list',
      placement: 'bottom',
      calcs: [],
      width: undefined,
    });
    expect(
      resolveLegend({ displayMode: 'table' as never, placement: 'right', calcs: ['max'], showLegend: true, width: 250 })
    ).toEqual({ show: true, mode: 'table', placement: 'right', calcs: ['max'], width: 250 });
    expect(resolveLegend({ displayMode: 'hidden' as never }).show).toBe(false);
    expect(resolveLegend({ showLegend: true }, false).show).toBe(false);
  });

  it('computes last, max and mean with Grafana reducers, skipping missing values', () => {
    expect(legendCalcs(new Float64Array([1, NaN, 5, 2]), ['last', 'max', 'mean'])).toEqual({
      last: 2,
      max: 5,
      mean: 8 / 3,
    });
  });
});
