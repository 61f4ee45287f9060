/**
 * The legend's "expected band" key looks like the band drawn: the series' colour at the band's
 * fading (chart/columns.ts bandFill), not a grey swatch beside a coloured band.
 */
import React from 'react';
import { createTheme } from '@grafana/data';
import { render, screen } from '@testing-library/react';
import type { PanelSeries } from '../../../components/charts/panelSeries';
import { anomalyColumns } from '../chart/columns';
import type { SeriesAnalysis } from '../analysis';
import { DEFAULT_OPTIONS } from '../types';
import { AnomalyLegend } from './AnomalyLegend';

const n = 4;
const analysis: SeriesAnalysis = {
  status: 'ok',
  source: 'engine',
  model: 'mad',
  isAnomaly: new Uint8Array(n),
  upper: new Float64Array(n).fill(2),
  lower: new Float64Array(n).fill(-2),
};
const series = (name: string, color: string): PanelSeries => ({
  name,
  color,
  t: Float64Array.from({ length: n }, (_, i) => 60_000 * i),
  v: new Float64Array(n),
  derived: {},
});

function swatch(colors: string[]): string[] {
  const drawn = anomalyColumns(
    colors.map((c, i) => series(`s${i}`, c)),
    colors.map(() => analysis),
    { ...DEFAULT_OPTIONS, showBand: true },
    createTheme()
  ).drawn;
  render(<AnomalyLegend drawn={drawn} legend={{ mode: 'list', calcs: [] }} maxHeight={200} timeZone="utc" />);
  return [...screen.getByTestId('bw-band-swatch').querySelectorAll('span')].map((s) => s.style.background);
}

it("the band key's swatch is the band's fill in the series' colour", () => {
  expect(swatch(['#ff0000'])).toEqual([expect.stringMatching(/^rgba\(255, 0, 0, 0\.1[48]\)$/)]);
});

it('with several series, a stripe of each colour', () => {
  expect(swatch(['#ff0000', '#0000ff'])).toEqual([
    expect.stringMatching(/^rgba\(255, 0, 0, 0\.1[48]\)$/),
    expect.stringMatching(/^rgba\(0, 0, 255, 0\.1[48]\)$/),
  ]);
});
