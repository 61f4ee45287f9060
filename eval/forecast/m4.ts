/**
 * M4-style holdout on the Hourly training set (shared data): hold back the last 48 points of each series,
 * forecast them, and score sMAPE, MASE (m = 24) and OWA relative to Naive2, as the M4 competition defines
 * them (Makridakis, Spiliotis & Assimakopoulos 2020):
 *   sMAPE = 200/h sum |y - f| / (|y| + |f|);  MASE = mean |y - f| / mean_{i>m} |x_i - x_{i-m}|;
 *   OWA = (sMAPE / sMAPE_Naive2 + MASE / MASE_Naive2) / 2, each averaged over all series first.
 */
import { readFileSync } from 'node:fs';
import { ForecastModel, forecast, prepareForecastInput } from '../../src/ml/forecast';
import { ForecastResult, MlError } from '../../src/ml/types';
import { combinationForecaster } from '../../src/ml/forecast/combination';

export const M4_HORIZON = 48;
export const M4_SEASON = 24;
/**
 * Rolling-origin cross-validation origins, in points before the end: three 48-point windows, 48 h
 * apart, that all end before the dev holdout (the last 48 points).
 */
export const M4_CV_ORIGINS = [96, 144, 192];

/** Reads the M4 CSV: one row per series, id first, then values (empty cells at the end). */
export function readM4(path: string): Array<{ id: string; values: Float64Array }> {
  const lines = readFileSync(path, 'utf8').split('\n').slice(1);
  const out: Array<{ id: string; values: Float64Array }> = [];
  for (const line of lines) {
    const cells = line.split(',').map((c) => c.replace(/"/g, ''));
    if (cells.length < 2) {
      continue;
    }
    const vals = cells
      .slice(1)
      .filter((c) => c !== '' && c !== 'NA')
      .map(Number);
    out.push({ id: cells[0], values: Float64Array.from(vals) });
  }
  return out;
}

export function smape(actual: ArrayLike<number>, f: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < actual.length; i++) {
    const d = Math.abs(actual[i]) + Math.abs(f[i]);
    s += d > 0 ? Math.abs(actual[i] - f[i]) / d : 0;
  }
  return (200 * s) / actual.length;
}

export function mase(insample: ArrayLike<number>, actual: ArrayLike<number>, f: ArrayLike<number>, m: number): number {
  let scale = 0;
  for (let i = m; i < insample.length; i++) {
    scale += Math.abs(insample[i] - insample[i - m]);
  }
  scale /= insample.length - m;
  let e = 0;
  for (let i = 0; i < actual.length; i++) {
    e += Math.abs(actual[i] - f[i]);
  }
  return e / actual.length / scale;
}

export interface M4Row {
  model: string;
  smape: number;
  mase: number;
  owa: number;
  /** Share of held-back points inside the 95 % interval. */
  coverage: number;
  seconds: number;
  /** For auto: how often each model was chosen. */
  chosen?: Record<string, number>;
  /** Rolling-origin rows: OWA at each origin (the row's figures are their means). */
  perOrigin?: number[];
  /**
   * Series the model refused (MlError 'not_enough_data', e.g. a reset with too few points after it), as
   * `id@n-origin`; each is scored with M4's Naive2 (no reset segment), so the row still covers every series.
   */
  refused?: string[];
}

/**
 * Rolling-origin cross-validation: {@link scoreM4} at each origin, averaged (OWA, sMAPE, MASE and
 * coverage as the mean of the per-origin figures; seconds summed).
 */
export function scoreM4Rolling(
  series: Array<{ id: string; values: Float64Array }>,
  models: M4Model[],
  origins: readonly number[] = M4_CV_ORIGINS
): M4Row[] {
  const runs = origins.map((o) => scoreM4(series, models, o));
  return runs[0].map((first, i) => {
    const rows = runs.map((r) => r[i]);
    const avg = (f: (r: M4Row) => number) => rows.reduce((s, r) => s + f(r), 0) / rows.length;
    const chosen: Record<string, number> = {};
    for (const r of rows) {
      for (const [k, c] of Object.entries(r.chosen ?? {})) {
        chosen[k] = (chosen[k] ?? 0) + c;
      }
    }
    return {
      model: first.model,
      smape: avg((r) => r.smape),
      mase: avg((r) => r.mase),
      owa: avg((r) => r.owa),
      coverage: avg((r) => r.coverage),
      seconds: rows.reduce((s, r) => s + r.seconds, 0),
      ...(first.chosen ? { chosen } : {}),
      ...(rows.some((r) => r.refused) ? { refused: rows.flatMap((r) => r.refused ?? []) } : {}),
      perOrigin: rows.map((r) => r.owa),
    };
  });
}

/** What the M4 table scores: a catalogue model, or 'combination' (auto's member on seasonal series). */
export type M4Model = ForecastModel | 'combination';

function forecastWith(
  m: M4Model,
  t: Float64Array,
  v: Float64Array
): Pick<ForecastResult, 'yhat' | 'lower' | 'upper' | 'model'> {
  if (m === 'combination') {
    const input = prepareForecastInput({ t, v }, { horizon: M4_HORIZON, season: M4_SEASON });
    return { ...combinationForecaster(input), model: m };
  }
  return forecast({ t, v }, { model: m, horizon: M4_HORIZON, season: M4_SEASON });
}

/**
 * Scores `models` on the given series, forecasting the 48 points that start `origin` points before the
 * end of each series (48: the last 48, the dev holdout; 96, 144, 192: the cross-validation origins on
 * which settings are chosen). Naive2 is always included as the OWA reference.
 */
export function scoreM4(
  series: Array<{ id: string; values: Float64Array }>,
  models: M4Model[],
  origin: number = M4_HORIZON
): M4Row[] {
  const all: M4Model[] = models.includes('naive2') ? models : [...models, 'naive2'];
  const sums = new Map<
    string,
    { smape: number; mase: number; cover: number; seconds: number; chosen: Record<string, number>; refused: string[] }
  >();
  for (const m of all) {
    sums.set(m, { smape: 0, mase: 0, cover: 0, seconds: 0, chosen: {}, refused: [] });
  }
  for (const s of series) {
    const n = s.values.length - origin;
    const train = s.values.subarray(0, n);
    const test = s.values.subarray(n, n + M4_HORIZON);
    const t = Float64Array.from({ length: n }, (_, i) => i * 3_600_000);
    for (const m of all) {
      const acc = sums.get(m)!;
      const start = performance.now();
      let f: Pick<ForecastResult, 'yhat' | 'lower' | 'upper' | 'model'>;
      try {
        f = forecastWith(m, t, train);
      } catch (e) {
        if (!(e instanceof MlError && e.code === 'not_enough_data')) {
          throw e;
        }
        acc.refused.push(`${s.id}@n-${origin}`);
        // M4's own Naive2, which knows no resets.
        f = forecast({ t, v: train }, { model: 'naive2', horizon: M4_HORIZON, season: M4_SEASON, resets: false });
      }
      acc.seconds += (performance.now() - start) / 1000;
      acc.smape += smape(test, f.yhat);
      acc.mase += mase(train, test, f.yhat, M4_SEASON);
      let inside = 0;
      for (let k = 0; k < M4_HORIZON; k++) {
        if (test[k] >= f.lower[k] && test[k] <= f.upper[k]) {
          inside++;
        }
      }
      acc.cover += inside / M4_HORIZON;
      acc.chosen[f.model] = (acc.chosen[f.model] ?? 0) + 1;
    }
  }
  const k = series.length;
  const ref = sums.get('naive2')!;
  return all.map((m) => {
    const a = sums.get(m)!;
    const row: M4Row = {
      model: m,
      smape: a.smape / k,
      mase: a.mase / k,
      owa: 0.5 * (a.smape / ref.smape + a.mase / ref.mase),
      coverage: a.cover / k,
      seconds: a.seconds,
    };
    if (m === 'auto') {
      row.chosen = a.chosen;
    }
    if (a.refused.length > 0) {
      row.refused = a.refused;
    }
    return row;
  });
}
