import './publicPath';
import { standardPanel, withCommonOptions } from '../../components/charts/panelOptions';
import { ForecastPanel } from './components/ForecastPanel';
import { DEFAULT_OPTIONS as D, ForecastOptions, PANEL_FORECAST_MODELS } from './types';

export const plugin = standardPanel<ForecastOptions>(ForecastPanel).setPanelOptions((builder) =>
  withCommonOptions(builder, { verb: 'forecast', defaultValue: D.maxSeries, max: 50, category: 'Show' })
    .addSelect({
      path: 'model',
      name: 'Model',
      description: 'Forecaster run in a Web Worker. Auto picks the best model by rolling-origin backtest.',
      category: ['Forecast'],
      defaultValue: D.model,
      settings: { options: PANEL_FORECAST_MODELS },
    })
    .addTextInput({
      path: 'horizon',
      name: 'Horizon',
      description: 'How far past the last point to forecast: a duration (7d) or a number of steps (288).',
      category: ['Forecast'],
      defaultValue: D.horizon,
    })
    .addTextInput({
      path: 'train',
      name: 'Training window',
      description:
        "How much history before the last point the models fit, like the companion's train= option. Empty: the companion's defaults (3d for the forecast and trend, at most 10,000 steps; 14d for time to exhaustion, read at a coarser step beyond 10,000), so the panel and the companion agree. History before the dashboard's range is fetched from the query's data source.",
      category: ['Forecast'],
      defaultValue: D.train,
    })
    .addSelect({
      path: 'level',
      name: 'Interval',
      category: ['Forecast'],
      defaultValue: D.level,
      settings: {
        options: [
          { value: 0.8, label: '80 %' },
          { value: 0.9, label: '90 %' },
          { value: 0.95, label: '95 %' },
          { value: 0.99, label: '99 %' },
        ],
      },
    })
    .addRadio({
      path: 'capacityMode',
      name: 'Capacity',
      category: ['Capacity'],
      defaultValue: D.capacityMode,
      settings: {
        options: [
          { value: 'none', label: 'None' },
          { value: 'value', label: 'Value' },
          { value: 'series', label: 'From series' },
        ],
      },
    })
    .addNumberInput({
      path: 'capacityValue',
      name: 'Capacity value',
      description: 'In the unit of the series (e.g. bytes).',
      category: ['Capacity'],
      defaultValue: D.capacityValue,
      showIf: (o) => o.capacityMode === 'value',
    })
    .addTextInput({
      path: 'capacitySeries',
      name: 'Capacity series',
      description:
        'Display name of the series that holds the capacity (e.g. filesystem size), or a /regex/. Its last value is the capacity.',
      category: ['Capacity'],
      defaultValue: D.capacitySeries,
      showIf: (o) => o.capacityMode === 'series',
    })
    .addRadio({
      path: 'direction',
      name: 'Direction',
      description:
        'Up: usage rising to the capacity. Down: a value (e.g. free bytes) falling to the capacity as a floor.',
      category: ['Capacity'],
      defaultValue: D.direction,
      settings: {
        options: [
          { value: 'up', label: 'Rising to capacity' },
          { value: 'down', label: 'Falling to floor' },
        ],
      },
    })
    .addTextInput({
      path: 'critical',
      name: 'Critical within',
      description: "Red when exhaustion is sooner than this (default 4h, the shipped critical alert's window).",
      category: ['Capacity'],
      defaultValue: D.critical,
    })
    .addTextInput({
      path: 'warning',
      name: 'Warning within',
      description:
        "Orange when sooner than this and not red (default 2d, the shipped warning alert's window; longer than Critical within, or the panel notes that nothing is orange); blue within 30 days (info), green later.",
      category: ['Capacity'],
      defaultValue: D.warning,
    })
    .addBooleanSwitch({
      path: 'showTrend',
      name: 'Trend test',
      description: "Mann-Kendall test with Sen's slope and a leak verdict.",
      category: ['Show'],
      defaultValue: D.showTrend,
    })
);
