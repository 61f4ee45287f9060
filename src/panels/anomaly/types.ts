/** Options of the anomaly-overlay panel. */
export interface AnomalyOptions {
  /** Detector: the ensemble or a single model. */
  model: string;
  /** 0..1, higher flags more points. */
  sensitivity: number;
}
