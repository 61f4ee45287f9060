/**
 * Builds uPlot's aligned data (one shared x array in seconds, then one array per drawn line) from
 * series that may have different timestamps. Missing values (NaN) become `null`, which uPlot draws
 * as a gap; slots where a series has no sample at all become `undefined`, which uPlot skips over.
 */

/** Columns that share one time axis: `t` in ms and any number of value arrays of the same length. */
export interface TimedColumns {
  t: Float64Array;
  columns: Array<ArrayLike<number> | undefined>;
}

function isAscending(t: Float64Array): boolean {
  for (let i = 1; i < t.length; i++) {
    if (!(t[i] > t[i - 1])) {
      return false;
    }
  }
  return true;
}

function sameTimes(a: Float64Array, b: Float64Array): boolean {
  if (a === b) {
    return true;
  }
  if (a.length !== b.length) {
    return false;
  }
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) {
      return false;
    }
  }
  return true;
}

/** The sorted union of all finite timestamps (ms). */
function unionTimes(groups: TimedColumns[]): Float64Array {
  let total = 0;
  for (const g of groups) {
    total += g.t.length;
  }
  const all = new Float64Array(total);
  let k = 0;
  for (const g of groups) {
    all.set(g.t, k);
    k += g.t.length;
  }
  all.sort();
  let m = 0;
  for (let i = 0; i < all.length; i++) {
    if (Number.isFinite(all[i]) && (m === 0 || all[i] !== all[m - 1])) {
      all[m++] = all[i];
    }
  }
  return all.slice(0, m);
}

function toPlotValues(values: ArrayLike<number>, n: number, slot?: Int32Array): Array<number | null | undefined> {
  const out: Array<number | null | undefined> = new Array(n);
  if (!slot) {
    for (let i = 0; i < n; i++) {
      const x = values[i];
      out[i] = Number.isFinite(x) ? x : null;
    }
    return out;
  }
  out.fill(undefined);
  for (let i = 0; i < slot.length; i++) {
    if (slot[i] >= 0) {
      const x = values[i];
      out[slot[i]] = Number.isFinite(x) ? x : null;
    }
  }
  return out;
}

/**
 * Aligns every group's columns on one x axis. Returns the x values in ms (for tooltips) and the
 * uPlot data (x in seconds first, then the columns in order; an absent column gives an all-undefined
 * array so indices stay stable).
 */
export function alignSeries(groups: TimedColumns[]): {
  xMs: Float64Array;
  data: Array<Array<number | null | undefined>>;
} {
  if (groups.length === 0) {
    return { xMs: new Float64Array(0), data: [[]] };
  }
  const shared = groups.every((g) => sameTimes(g.t, groups[0].t)) && isAscending(groups[0].t);
  const xMs = shared ? groups[0].t : unionTimes(groups);
  const n = xMs.length;
  const x = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    x[i] = xMs[i] / 1000;
  }
  const data: Array<Array<number | null | undefined>> = [x];
  const index = shared ? undefined : new Map<number, number>();
  if (index) {
    for (let i = 0; i < n; i++) {
      index.set(xMs[i], i);
    }
  }
  for (const g of groups) {
    let slot: Int32Array | undefined;
    if (index) {
      slot = new Int32Array(g.t.length);
      for (let i = 0; i < g.t.length; i++) {
        slot[i] = index.get(g.t[i]) ?? -1;
      }
    }
    for (const col of g.columns) {
      data.push(col ? toPlotValues(col, slot ? n : Math.min(n, col.length), slot) : new Array(n).fill(undefined));
    }
  }
  return { xMs, data };
}
