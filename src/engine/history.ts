import { prepareSeries } from '../ml/core/prepare';
import { MlError } from '../ml/types';

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
  /** History before `from` fetched at a coarser step only (leadIn.ts leadInReads): what a coarse read takes. */
  lead?: CoarseLead;
}

/**
 * The samples before a matrix's `from` that a caller fetched at a coarse step: time to exhaustion's
 * 14-day window at 15 s is read every 150 s, so only those samples are fetched, not the 80,640 at
 * 15 s. Each matrix of `phases` holds the samples at its own step (a divisor of `step`) from its
 * `from`, so one or more phases (times modulo `step`). A read of a sample in [`from`, the matrix's
 * `from`) that no phase holds is counted as unfetched (matrixHistory), so the caller fetches it and
 * evaluates again rather than take a missing sample for a gap.
 */
export interface CoarseLead {
  /** The earliest time the calls read (leadIn.ts historyStart). */
  from: number;
  step: number;
  phases: GridMatrix[];
}

/** Stable key of a label set (sorted entries), as Prometheus identifies series. */
export function labelsKey(labels: Record<string, string>): string {
  return JSON.stringify(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** A history source over a matrix, with the phases of its coarse lead-in that reads found missing. */
export interface MatrixHistory extends HistorySource {
  /** Phases (time modulo the lead's step) of lead-in samples read that the matrix's lead does not hold. */
  unfetched(): number[];
  /**
   * Phases of every lead-in sample read, held or not: what a caller evaluating again later (a refresh)
   * fetches up front, so it evaluates once rather than learn them from `unfetched` each time.
   */
  leadRead(): number[];
}

/**
 * A history source over a matrix held in memory, for every inner query: grid points outside the
 * matrix read as missing, as an upstream with no samples there would answer. A multiple of the
 * matrix's step from one of its grid points (a training window read coarsely, context.ts trainRead)
 * reads every k-th value, the samples Prometheus answers at that step. Before the matrix's `from`,
 * its coarse lead (when it has one) answers the samples it holds; others are missing and counted.
 */
export function matrixHistory(matrix: GridMatrix): MatrixHistory {
  const keyed = matrix.series.map((s) => ({ key: labelsKey(s.labels), labels: s.labels, values: s.values }));
  const lead = matrix.lead;
  const phases = (lead?.phases ?? []).map((m) => ({
    from: m.from,
    step: m.step,
    n: m.series.reduce((a, s) => Math.max(a, s.values.length), 0),
    byKey: new Map(m.series.map((s) => [labelsKey(s.labels), s])),
  }));
  // Series of the lead that the range does not hold (ended before it) are series of the answer too.
  const leadOnly = new Map<string, Record<string, string>>();
  for (const m of lead?.phases ?? []) {
    for (const s of m.series) {
      const key = labelsKey(s.labels);
      if (!keyed.some((k) => k.key === key)) {
        leadOnly.set(key, s.labels);
      }
    }
  }
  const all = [...keyed, ...[...leadOnly].map(([key, labels]) => ({ key, labels, values: new Float64Array(0) }))];
  const missed = new Set<number>();
  const read = new Set<number>();
  return {
    unfetched: () => [...missed].sort((a, b) => a - b),
    leadRead: () => [...read].sort((a, b) => a - b),
    async get(_query, step, from, to) {
      const every = Math.round(step / matrix.step);
      if (every < 1 || every * matrix.step !== step || (from - matrix.from) % matrix.step !== 0) {
        throw new Error(
          `matrix history holds step ${matrix.step / 1000}s, asked for ${step / 1000}s from ${new Date(from).toISOString()}`
        );
      }
      const n = Math.max(0, Math.round((to - from) / step) + 1);
      const offset = Math.round((from - matrix.from) / matrix.step);
      const series = all.map((s) => {
        const values = new Float64Array(n).fill(NaN);
        for (let i = 0; i < n; i++) {
          const k = offset + i * every;
          if (k >= 0 && k < s.values.length) {
            values[i] = s.values[k];
          } else if (k < 0 && lead) {
            values[i] = leadValue(from + i * step, s.key);
          }
        }
        return { key: s.key, labels: s.labels, values };
      });
      return { from, to, step, series };
    },
  };

  /** The lead's sample at `t` for series `key`; NaN, and its phase counted, when no phase holds `t`. */
  function leadValue(t: number, key: string): number {
    if (!lead || t < lead.from) {
      return NaN;
    }
    const phase = ((t % lead.step) + lead.step) % lead.step;
    read.add(phase);
    for (const p of phases) {
      const j = (t - p.from) / p.step;
      if (Number.isInteger(j) && j >= 0 && j < p.n) {
        return p.byKey.get(key)?.values[j] ?? NaN;
      }
    }
    missed.add(phase);
    return NaN;
  }
}

/** Where each row of a series goes on its grid (see {@link gridSlots}). */
export interface GridSlots {
  /** Grid points from the first row's (index 0) to the last row's. */
  n: number;
  /**
   * Grid index each row is read back from: its own point, or for a dropped row the point it would
   * share; -1 for a row with no grid point (before the first row, or without a time), which reads NaN.
   */
  at: Int32Array;
  /** 1 where the row's value is on the grid, 0 where it was dropped. */
  placed: Uint8Array;
  /** Rows dropped: their grid point and the neighbour they lean to were both taken, or they had none. */
  dropped: number;
}

/**
 * Places rows `t` (ms, ascending) on grid indices `round((t - t[0]) / step)`, in time order. A
 * regular series has one row per index. When irregular timestamps put a row on an index an earlier
 * row took, it moves to the neighbouring index on the side its time leans to, if that is still free;
 * otherwise it is dropped and counted. Moving, rather than dropping, keeps most values of a jittered
 * series (timestamps moved by up to 0.9 step: 4 in 9 rows round onto a neighbour's index). On the
 * `irregular` proxy (npm run eval -- anomalyProxies) this scores 42.2 standard cv instead of 33.8;
 * letting the row nearer to the index keep it, and moving only to indices no row rounds onto, scored
 * 31.3 (docs/anomaly-detection.md, "Irregular timestamps").
 */
export function gridSlots(t: ArrayLike<number>, step: number): GridSlots {
  const len = t.length;
  const n = len ? Math.round((t[len - 1] - t[0]) / step) + 1 : 0;
  const at = new Int32Array(len);
  const placed = new Uint8Array(len);
  const taken = new Uint8Array(n);
  let dropped = 0;
  for (let i = 0; i < len; i++) {
    const x = (t[i] - t[0]) / step;
    const k = Math.round(x);
    // A row before the first, after the last or without a time (an unsorted or broken frame; the CLI
    // sorts its rows first) has no grid point: dropped and counted, never written over another row's.
    if (!(k >= 0 && k < n)) {
      at[i] = -1;
      dropped++;
      continue;
    }
    at[i] = k;
    if (!taken[k]) {
      taken[k] = 1;
      placed[i] = 1;
      continue;
    }
    const j = x > k ? k + 1 : x < k ? k - 1 : -1;
    if (j >= 0 && j < n && !taken[j]) {
      taken[j] = 1;
      at[i] = j;
      placed[i] = 1;
    } else {
      dropped++;
    }
  }
  return { n, at, placed, dropped };
}

/**
 * Per-grid-point values `grid` read back at each row through `slots`: a placed row reads its own
 * grid point, a dropped row the point it would share (NaN beyond `grid`, or when `grid` is absent).
 * Every caller that put rows on the grid with {@link gridSlots} (detectSeries, the anomaly panel)
 * reads the engine's outputs back with this, so a row off the grid gets the verdict of its slot.
 */
export function atRows(slots: GridSlots, grid: ArrayLike<number> | undefined): Float64Array {
  const out = new Float64Array(slots.at.length);
  for (let i = 0; i < out.length; i++) {
    const k = slots.at[i];
    out[i] = grid && k >= 0 && k < grid.length ? grid[k] : NaN;
  }
  return out;
}

/**
 * One series sampled every `step` ms as a matrix on the engine's grid (multiples of the step): the
 * series is moved back by `shift` ms (how far its first timestamp lies past the grid, less than a
 * step) so its samples land on grid points; grid points without a sample are missing. Rows of an
 * irregular series that would share a grid point are placed by {@link gridSlots}. Add `shift` to the
 * engine's times to get the series' own. The panels and the CLI hand their data to the engine this
 * way; Prometheus' answers lie on the grid already (shift 0).
 */
export function seriesMatrix(
  t: ArrayLike<number>,
  v: ArrayLike<number>,
  step: number,
  labels: Record<string, string> = {},
  slots: GridSlots = gridSlots(t, step)
): GridMatrix & { shift: number } {
  const from = Math.floor(t[0] / step) * step;
  const values = new Float64Array(slots.n).fill(NaN);
  for (let i = 0; i < t.length; i++) {
    if (slots.placed[i]) {
      values[slots.at[i]] = v[i];
    }
  }
  return { from, step, series: [{ labels, values }], shift: t[0] - from };
}

/** The grid points of a matrix, ascending. */
export function matrixPoints(m: GridMatrix): number[] {
  const n = m.series.reduce((a, s) => Math.max(a, s.values.length), 0);
  return Array.from({ length: n }, (_, k) => m.from + k * m.step);
}

/** What putting a series' rows on its grid changed, each counted as `bellwether` warns about it. */
export interface RowCounts {
  /** Rows earlier than a row above them: sorted into time order. */
  outOfOrder: number;
  /** Rows whose time an earlier row has: merged into the mean of their values (one point). */
  merged: number;
  /** Rows without a time: dropped. */
  noTime: number;
  /** Points off the grid (gridSlots' `dropped`): each reads the verdict of the point it would share. */
  offGrid: number;
}

/** A series' rows as the engine takes them (see {@link rowsOnGrid}). */
export interface RowsOnGrid {
  /** The series' points: its rows in time order, rows of equal time merged into their mean. */
  t: Float64Array;
  v: Float64Array;
  /** The grid step (ms): the one given, else prepareSeries' (the median spacing; irregular times: the fitted grid's). */
  step: number;
  /** Where each point goes on the grid. */
  slots: GridSlots;
  /** Where each input row is read back from ({@link atRows}): its point's grid index, -1 without a time. */
  rows: GridSlots;
  matrix: GridMatrix & { shift: number };
  counts: RowCounts;
}

/**
 * The one way every caller (the panels, the CLI, the evaluation) hands a series to the engine: rows
 * sorted by time and rows of equal time merged into their mean (src/ml prepareSeries, the rule the
 * models apply), then placed on the grid of `step` ({@link gridSlots}, {@link seriesMatrix}). Outputs
 * are read back at each input row through `rows`, so a frame in any order, with repeated times, gets
 * the figures `bellwether detect` writes for its sorted, merged points.
 *
 * @throws MlError('not_enough_data') without `step` when fewer than two distinct times give none.
 */
export function rowsOnGrid(t: ArrayLike<number>, v: ArrayLike<number>, step?: number): RowsOnGrid {
  // With a step given, its own is not needed: no grid fit on irregular times (gridStep.ts).
  const p = prepareSeries({ t: Float64Array.from(t), v: Float64Array.from(v) }, { fitStep: step === undefined });
  const g = step ?? p.stepMs;
  if (!(g > 0)) {
    throw new MlError('not_enough_data', 'needs at least two distinct timestamps to know the sampling step');
  }
  const slots = gridSlots(p.t, g);
  const matrix = seriesMatrix(p.t, p.v, g, {}, slots);
  const at = Int32Array.from(p.rowOf, (k) => (k >= 0 ? slots.at[k] : -1));
  const placed = Uint8Array.from(p.rowOf, (k) => (k >= 0 ? slots.placed[k] : 0));
  const rows: GridSlots = { n: slots.n, at, placed, dropped: placed.length - placed.reduce((a, x) => a + x, 0) };
  return {
    t: p.t,
    v: p.v,
    step: g,
    slots,
    rows,
    matrix,
    counts: { outOfOrder: p.outOfOrder, merged: p.duplicates, noTime: p.droppedTimestamps, offGrid: slots.dropped },
  };
}
