import type { VizLegendOptions } from '@grafana/schema';
import { type ForecastModel, forecasterChoices } from '../../common/models';

/**
 * Forecast models offered by the panel, from the model catalogue: those that run in the browser
 * (the engine worker fetches augurs' WebAssembly for 'mstl' and 'auto' on first use).
 */
export const PANEL_FORECAST_MODELS = forecasterChoices('panel');

/** Where the capacity line comes from. */
export type CapacityMode = 'none' | 'value' | 'series';

/** Options of the forecast / time-to-exhaustion panel. */
export interface ForecastOptions {
  /** Forecasting model, or auto. */
  model: ForecastModel;
  /** How far to forecast past the last point: a duration ('7d') or a number of steps ('288'). */
  horizon: string;
  /** Coverage of the interval band, e.g. 0.95. */
  level: number;
  /**
   * Training window: the models fit the data in this window before the last point, as the companion's
   * `train=` option does. Empty (the default): the engine's defaults, 3 days for the forecast and the
   * trend, 14 days for time to exhaustion (read coarsely beyond 10,000 steps); the companion's too unless
   * its config sets `defaults.train`, and then only a window given here makes panel and companion agree.
   * A window reaching before the dashboard's range is fetched from the query's data source (trainingHistory.ts).
   */
  train: string;
  /** Capacity: none, a fixed value, or the last value of another series. */
  capacityMode: CapacityMode;
  /** Fixed capacity, in the series' unit. */
  capacityValue: number;
  /** Series holding the capacity: its display name or a /regex/. */
  capacitySeries: string;
  /** 'up': usage rising to a ceiling; 'down': e.g. free space falling to a floor. */
  direction: 'up' | 'down';
  /** Exhaustion sooner than this is shown in red. */
  critical: string;
  /** Exhaustion sooner than this is shown in orange; later, within 30 days, in blue; later still in green. */
  warning: string;
  /** Show the trend test readout. */
  showTrend: boolean;
  /** Series beyond this number are not forecast (the panel says so). */
  maxSeries: number;
  /**
   * Grafana's legend options: list | table, bottom | right, values (last, max, mean). The readouts
   * (time to exhaustion, trend) are the legend's own columns; hiding the legend keeps them.
   */
  legend?: VizLegendOptions;
}

export const DEFAULT_OPTIONS: ForecastOptions = {
  model: 'auto',
  horizon: '7d',
  level: 0.95,
  train: '',
  capacityMode: 'none',
  capacityValue: 100,
  capacitySeries: '/size|capacity|total|limit/i',
  direction: 'up',
  // The shipped alert tiers' windows (common/exhaustionTiers.ts), so the panel colours as the home page.
  critical: '4h',
  warning: '2d',
  showTrend: true,
  maxSeries: 5,
};
