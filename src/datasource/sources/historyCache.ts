/**
 * Source history the browser engine reads, cached per (Prometheus data source, PromQL, step).
 *
 * Why: the engine needs a lead-in before the visible range (a detector run starts up to five
 * lead-ins before its first point: src/engine/grid.ts), often thousands of points per series. A
 * dashboard refreshing every 30 s, or a panel re-rendered with the same query, would fetch all of
 * it again each time. The lead-in's start is aligned to the run's block, so it stays put while the
 * range moves forward; the cache holds what was fetched and asks the source only for the new tail.
 * Points younger than `settleMs` are fetched every time and never kept, because a late scrape can
 * still change them (as the companion's history store does: companion/src/history/historyStore.ts).
 * The answer is the same as an uncached fetch's: series are assembled in one order (by labels)
 * whether they come from the cache, the source or both.
 */
import { ByteLru } from '../../engine/byteLru';
import { alignDown } from '../../engine/grid';
import { type GridMatrix, labelsKey } from '../../engine/history';
import { KeyedMutex } from '../../engine/keyedMutex';
import { QueryError, tooManySeries } from '../prometheus/frames';

/**
 * Most grid points per source request. Prometheus refuses more than 11,000 points per series, and
 * Grafana's Prometheus data source then widens the step, so the answer would fall off our grid.
 */
export const MAX_POINTS_PER_REQUEST = 11_000;
/** Bytes of history the cache keeps per data source instance (8 bytes a point, least recently used out). */
export const HISTORY_CACHE_BYTES = 64 * 1024 * 1024;
/** Points younger than this are fetched on every query and never cached (the companion's `cache.settle` default). */
export const SETTLE_MS = 60_000;

/** Fetches the source on the grid of `step` from `start` to `end` (grid points, at most MAX_POINTS_PER_REQUEST). */
export type FetchGrid = (start: number, end: number) => Promise<GridMatrix>;

interface Entry {
  /** First and last grid point held. */
  from: number;
  to: number;
  series: Map<string, { labels: Record<string, string>; values: Float64Array }>;
}

/** Counts for tests and diagnostics. */
export interface HistoryCacheStats {
  /** Requests sent to the source. */
  requests: number;
  /** Grid points asked for (per series). */
  points: number;
}

export class HistoryCache {
  readonly stats: HistoryCacheStats = { requests: 0, points: 0 };
  private readonly lru: ByteLru<Entry>;
  private readonly mutex = new KeyedMutex();

  constructor(
    maxBytes = HISTORY_CACHE_BYTES,
    private readonly settleMs = SETTLE_MS,
    private readonly now: () => number = Date.now
  ) {
    this.lru = new ByteLru<Entry>(maxBytes, entryBytes);
  }

  /**
   * The source's values on the grid `start, start + step, …, end` for `key` (which must name the
   * source, the query and the step), fetching only what the cache does not hold.
   *
   * @throws QueryError when the series together are more than `maxSeries`.
   */
  async get(
    key: string,
    start: number,
    end: number,
    step: number,
    maxSeries: number,
    fetch: FetchGrid
  ): Promise<GridMatrix> {
    return this.mutex.run(key, async () => {
      const settled = alignDown(this.now() - this.settleMs, step);
      let entry = this.lru.get(key);
      if (entry && (start < entry.from || start > entry.to + step)) {
        entry = undefined; // earlier than held, or a gap after it: fetch it whole
      }
      entry ??= { from: start, to: start - step, series: new Map() };
      const persistTo = Math.min(end, settled);
      if (persistTo > entry.to) {
        const fetched = await this.fetchChunks(entry.to + step, persistTo, step, fetch);
        entry = extend(entry, fetched, persistTo, step);
      }
      // Nothing before `start` is read again: the lead-in only moves forward with the range.
      entry = trimBefore(entry, start, step);
      if (entry.series.size > maxSeries) {
        throw new QueryError(tooManySeries(entry.series.size, maxSeries));
      }
      this.lru.set(key, entry);
      const fresh = end > entry.to ? await this.fetchChunks(Math.max(entry.to + step, start), end, step, fetch) : [];
      return assemble(entry, fresh, start, end, step, maxSeries);
    });
  }

  /** The source over [start, end] in requests of at most MAX_POINTS_PER_REQUEST points. */
  private async fetchChunks(start: number, end: number, step: number, fetch: FetchGrid): Promise<GridMatrix[]> {
    const out: GridMatrix[] = [];
    for (let a = start; a <= end; a += MAX_POINTS_PER_REQUEST * step) {
      const b = Math.min(end, a + (MAX_POINTS_PER_REQUEST - 1) * step);
      this.stats.requests++;
      this.stats.points += Math.round((b - a) / step) + 1;
      out.push(await fetch(a, b));
    }
    return out;
  }
}

/** A getter of the series in `series` by labels, adding an all-NaN one of `n` points when new. */
function seriesOn(
  series: Entry['series'],
  n: number
): (labels: Record<string, string>) => { labels: Record<string, string>; values: Float64Array } {
  return (labels) => {
    const k = labelsKey(labels);
    let s = series.get(k);
    if (!s) {
      s = { labels, values: new Float64Array(n).fill(NaN) };
      series.set(k, s);
    }
    return s;
  };
}

/** `entry` grown to `to` with the fetched matrices placed on its grid (a new entry; the old one is untouched). */
function extend(entry: Entry, fetched: GridMatrix[], to: number, step: number): Entry {
  const n = Math.round((to - entry.from) / step) + 1;
  const series: Entry['series'] = new Map();
  const get = seriesOn(series, n);
  for (const [, s] of entry.series) {
    get(s.labels).values.set(s.values);
  }
  for (const m of fetched) {
    for (const s of m.series) {
      get(s.labels).values.set(s.values, Math.round((m.from - entry.from) / step));
    }
  }
  return { from: entry.from, to, series };
}

/** `entry` without its points before `start`. */
function trimBefore(entry: Entry, start: number, step: number): Entry {
  if (start <= entry.from) {
    return entry;
  }
  const drop = Math.round((start - entry.from) / step);
  const series: Entry['series'] = new Map();
  for (const [k, s] of entry.series) {
    series.set(k, { labels: s.labels, values: s.values.slice(drop) });
  }
  return { from: start, to: entry.to, series };
}

/** The window [start, end]: the entry's settled points and the fresh tail, series sorted by labels. */
function assemble(
  entry: Entry,
  fresh: GridMatrix[],
  start: number,
  end: number,
  step: number,
  maxSeries: number
): GridMatrix {
  const n = Math.round((end - start) / step) + 1;
  const series: Entry['series'] = new Map();
  const get = seriesOn(series, n);
  const held = Math.max(0, Math.min(n, Math.round((entry.to - start) / step) + 1));
  for (const [, s] of entry.series) {
    get(s.labels).values.set(s.values.subarray(0, held));
  }
  for (const m of fresh) {
    for (const s of m.series) {
      get(s.labels).values.set(s.values, Math.round((m.from - start) / step));
    }
  }
  if (series.size > maxSeries) {
    throw new QueryError(tooManySeries(series.size, maxSeries));
  }
  const keys = [...series.keys()].sort();
  return { from: start, step, series: keys.map((k) => series.get(k)!) };
}

/** Bytes estimate of an entry: 8 bytes a point plus label overhead. */
function entryBytes(e: Entry): number {
  let bytes = 64;
  for (const s of e.series.values()) {
    bytes += 8 * s.values.length + 200;
  }
  return bytes;
}
