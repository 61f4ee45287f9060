/**
 * The forecast panel's legend says "Forecast" and "95 % interval" in plain words: the model's id
 * ("seasonal_line", "combination") is nowhere in it, the model's plain words are on the key's hover.
 */
import React from 'react';
import { render, screen } from '@testing-library/react';
import type { PanelSeries } from '../../../components/charts/panelSeries';
import type { DrawnForecast } from '../forecastChart';
import type { SeriesReadout } from '../readouts';
import { ForecastReadouts } from './ForecastReadouts';

const series: PanelSeries = { name: 'used /data', t: new Float64Array([0]), v: new Float64Array([1]), derived: {} };
const drawn = [{ series, color: '#73bf69', valueIdx: 1, yhatIdx: 2, lastT: 0 } as unknown as DrawnForecast];

function legend(readout: SeriesReadout, mode: 'list' | 'table') {
  render(
    <ForecastReadouts
      drawn={drawn}
      readouts={[readout]}
      notes={[]}
      legend={{ show: true, mode, calcs: [] }}
      maxHeight={200}
      measureRef={() => {}}
    />
  );
  return screen.getByTestId('bw-forecast-readouts');
}

it.each(['list', 'table'] as const)('in a %s, keys the forecast and its interval in plain words', (mode) => {
  const el = legend(
    { leak: false, errors: [], interval: '95 % interval', model: 'seasonal + line, chosen automatically' },
    mode
  );
  expect(el.textContent).toContain('Forecast');
  expect(screen.getByTestId('bw-forecast-interval').textContent).toBe('95 % interval');
  expect(el.textContent).not.toMatch(/seasonal_line|combination/);
  expect(screen.getByTestId('bw-forecast-key').title).toBe('model: seasonal + line, chosen automatically');
});

it('keys no forecast when none is drawn', () => {
  legend({ leak: false, errors: ['forecast: singular fit'] }, 'list');
  expect(screen.queryByTestId('bw-forecast-key')).toBeNull();
});
