import type { VizLegendOptions } from '@grafana/schema';
import { ANOMALY_ALERT_SCORE } from '../../common/anomalyAlertScore';
import { detectorChoices, type DetectorModel } from '../../common/models';
import type { DeviationSide } from '../../engine/query';

/**
 * Detector choices offered by the panel, from the model catalogue. All but the LSTM run in the engine
 * worker; the LSTM runs in its own worker, whose chunk (with TensorFlow.js) is fetched the first time
 * a panel chooses it.
 */
export const PANEL_DETECTOR_MODELS = detectorChoices('panel');

/** How the seasonal period is chosen. */
export type SeasonalityMode = 'auto' | 'none' | 'manual';

/** Options of the anomaly-overlay panel. */
export interface AnomalyOptions {
  /** Detector: the ensemble or a single model. */
  model: DetectorModel;
  /** 0..1, higher flags more points. */
  sensitivity: number;
  /** History each model learns from: points ('1000') or a duration ('2d'); empty = the engine's default (3 days, at least 1,000 points). */
  trainWindow: string;
  /** Seasonality: detected, none, or the period in `seasonPeriod`. */
  seasonality: SeasonalityMode;
  /** Manual season: points ('144') or a duration ('1d'). */
  seasonPeriod: string;
  /** Which side of the expected value may be anomalous. */
  direction: DeviationSide;
  /** Deviations smaller than this (series' unit) are never anomalous; unset = no floor. */
  minAbs?: number;
  /** Deviations smaller than this fraction of |expected| are never anomalous; unset = no floor. */
  minRel?: number;
  /** Values below validMin or above validMax are always anomalous; unset = no bound. */
  validMin?: number;
  validMax?: number;
  /** Draw the expected band. */
  showBand: boolean;
  /** Draw the expected value as a dashed line. */
  showExpected: boolean;
  /** Mark anomalous points. */
  showPoints: boolean;
  /** Shade anomalous regions. */
  showRegions: boolean;
  /** Show the anomaly score strip under the chart. */
  showScore: boolean;
  /** The earlier legend switch, superseded by `legend`; false still hides the legend (saved dashboards). */
  showLegend?: boolean;
  /** Grafana's legend options: visibility, list | table, bottom | right, values (last, max, mean). */
  legend?: VizLegendOptions;
  /** Series beyond this number are not analysed (the panel says so). */
  maxSeries: number;
  /** Draw model output that arrives with the data instead of recomputing it. */
  useDerived: boolean;
  /**
   * With derived fields that carry a score but no anomaly flag: score at or above this is anomalous.
   * Default: the shipped alert rules' threshold, so the panel shows what pages.
   */
  scoreThreshold: number;
}

export const DEFAULT_OPTIONS: AnomalyOptions = {
  model: 'ensemble',
  sensitivity: 0.5,
  trainWindow: '',
  seasonality: 'auto',
  seasonPeriod: '1d',
  direction: 'both',
  showBand: true,
  showExpected: false,
  showPoints: true,
  showRegions: true,
  showScore: true,
  showLegend: true,
  maxSeries: 20,
  useDerived: true,
  scoreThreshold: ANOMALY_ALERT_SCORE,
};
