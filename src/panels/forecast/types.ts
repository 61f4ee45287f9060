/** Options of the forecast / time-to-exhaustion panel. */
export interface ForecastOptions {
  /** Forecasting model, or auto. */
  model: string;
  /** Forecast horizon in steps. */
  horizon: number;
}
