/**
 * Where the engine reads source values: a history source answers "the values of this inner query
 * on the grid of `step` from `from` to `to`". The companion's source fetches from the upstream and
 * caches (companion/src/history/historyStore.ts); the worker's and the CLI's read a matrix they
 * already hold ({@link matrixHistory}).
 */

/** One series' values on the grid `from, from + step, …, to` (NaN = no sample). */
export interface HistorySeries {
  /** Stable identity of the series (its labels, serialised). */
  key: string;
  labels: Record<string, string>;
  values: Float64Array;
}

/** A window of history for all series of an inner query. */
export interface HistoryWindow {
  from: number;
  to: number;
  step: number;
  series: HistorySeries[];
}

/** Source of grid history for inner queries. */
export interface HistorySource {
  /** History of `query` on the grid of `step` from `from` to `to` (both grid points, ms). */
  get(query: string, step: number, from: number, to: number, signal?: AbortSignal): Promise<HistoryWindow>;
}

/** Source values on a regular grid: series i has `values[k]` at `from + k * step` (NaN = missing). */
export interface GridMatrix {
  from: number;
  step: number;
  series: Array<{ labels: Record<string, string>; values: Float64Array }>;
}

/** Stable key of a label set (sorted entries), as Prometheus identifies series. */
export function labelsKey(labels: Record<string, string>): string {
  return JSON.stringify(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * A history source over a matrix held in memory, for every inner query: grid points outside the
 * matrix read as missing, as an upstream with no samples there would answer.
 */
export function matrixHistory(matrix: GridMatrix): HistorySource {
  const keyed = matrix.series.map((s) => ({ key: labelsKey(s.labels), labels: s.labels, values: s.values }));
  return {
    async get(_query, step, from, to) {
      if (step !== matrix.step) {
        throw new Error(`matrix history holds step ${matrix.step / 1000}s, asked for ${step / 1000}s`);
      }
      const n = Math.max(0, Math.round((to - from) / step) + 1);
      const offset = Math.round((from - matrix.from) / step);
      const series = keyed.map((s) => {
        const values = new Float64Array(n).fill(NaN);
        for (let i = 0; i < n; i++) {
          const k = offset + i;
          if (k >= 0 && k < s.values.length) {
            values[i] = s.values[k];
          }
        }
        return { key: s.key, labels: s.labels, values };
      });
      return { from, to, step, series };
    },
  };
}

/**
 * One series sampled every `step` ms as a matrix on the engine's grid (multiples of the step): the
 * series is moved back by `shift` ms (how far its first timestamp lies past the grid, less than a
 * step) so its samples land on grid points; grid points without a sample are missing. Add `shift`
 * to the engine's times to get the series' own. The panels and the CLI hand their data to the
 * engine this way; Prometheus' answers lie on the grid already (shift 0).
 */
export function seriesMatrix(
  t: ArrayLike<number>,
  v: ArrayLike<number>,
  step: number,
  labels: Record<string, string> = {}
): GridMatrix & { shift: number } {
  const from = Math.floor(t[0] / step) * step;
  const n = t.length ? Math.round((t[t.length - 1] - t[0]) / step) + 1 : 0;
  const values = new Float64Array(n).fill(NaN);
  for (let i = 0; i < t.length; i++) {
    const k = Math.round((t[i] - t[0]) / step);
    if (k >= 0 && k < n) {
      values[k] = v[i];
    }
  }
  return { from, step, series: [{ labels, values }], shift: t[0] - from };
}

/** The grid points of a matrix, ascending. */
export function matrixPoints(m: GridMatrix): number[] {
  const n = m.series.reduce((a, s) => Math.max(a, s.values.length), 0);
  return Array.from({ length: n }, (_, k) => m.from + k * m.step);
}
