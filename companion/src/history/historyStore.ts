/**
 * Upstream history of inner queries on the evaluation grid, cached per (inner query, step) and
 * extended incrementally: a repeated query over a moving window fetches only the new grid points.
 * Points newer than `settleMs` before now are fetched every time and never cached, because a late
 * scrape can still change them upstream.
 */
import type { ByteLru, Sized } from '../../../src/engine/byteLru';
import { KindedError } from '../../../src/engine/errors';
import { alignDown } from '../../../src/engine/grid';
import { type HistorySeries, type HistorySource, type HistoryWindow, labelsKey } from '../../../src/engine/history';
import { KeyedMutex } from '../../../src/engine/keyedMutex';
import type { MatrixColumns } from '../upstream/matrixColumns';
import type { Upstream } from '../upstream/types';
import { sameLabelsetMessage } from '../../../src/engine/sameLabelset';
import { fetchMatrix } from './upstreamMatrix';

interface Entry extends Sized {
  from: number;
  to: number;
  series: Map<string, StoredSeries>;
}

interface StoredSeries {
  labels: Record<string, string>;
  values: number[];
  /**
   * First and last grid times the upstream sent a sample at (a NaN sample counts: Prometheus sends
   * 0/0 as NaN). A window outside them leaves the series out, as a fresh read would. A window that
   * falls in a gap between them (a target down, then back) still returns it all missing: the store
   * keeps no record of where samples were inside the span.
   */
  first: number;
  last: number;
}

/** Limits the store enforces. */
export interface HistoryLimits {
  /** Points per upstream request (Prometheus: 11,000). */
  maxPointsPerRequest: number;
  /** Series an inner query may return. */
  maxSeries: number;
  /** Points kept per series; older ones are dropped (never those of the window being read). */
  maxKeepPoints: number;
}

/** Counters for /metrics. */
export interface HistoryStats {
  upstreamRequests: number;
  upstreamPoints: number;
}

/** The companion's history source: the upstream, behind a byte-bounded incremental cache. */
export class HistoryStore implements HistorySource {
  readonly stats: HistoryStats = { upstreamRequests: 0, upstreamPoints: 0 };
  private readonly mutex = new KeyedMutex();

  constructor(
    private readonly upstream: Upstream,
    private readonly lru: ByteLru<Sized>,
    private readonly limits: HistoryLimits,
    private readonly settleMs: number,
    private readonly now: () => number = Date.now
  ) {}

  /**
   * History of `query` on the grid of `step` from `from` to `to` (both grid points). The grid is
   * `from`'s: the evaluation grid (multiples of `step`), or for a training window read at a coarser
   * step (context.ts trainRead) the one ending at its fit time, which need not be a multiple of that
   * step (a refit after a jump). Each phase of a step is its own grid, cached apart.
   */
  async get(query: string, step: number, from: number, to: number, signal?: AbortSignal): Promise<HistoryWindow> {
    const phase = from - alignDown(from, step);
    const key = `history\u0000${step}\u0000${phase}\u0000${query}`;
    return this.mutex.run(key, async () => {
      const settled = alignDown(this.now() - this.settleMs - phase, step) + phase;
      let entry = this.lru.get(key) as Entry | undefined;
      if (entry && (from < entry.from - this.limits.maxKeepPoints * step || from > entry.to + step)) {
        entry = undefined; // far from what we hold: start over rather than fetch a huge gap
      }
      if (!entry) {
        entry = { from, to: from - step, series: new Map(), sizeBytes: historyBytes, expendable: true };
      }
      // The entry is widened first and each upstream answer (at most maxPointsPerRequest points a
      // series) placed as it arrives, so a cold read of days of history holds one answer's samples
      // at a time, not all of them beside the grid they go on. An entry widened but not filled
      // (an upstream error, an abort) would read as missing data: it leaves the cache.
      try {
        if (from < entry.from) {
          const fill = { from, to: entry.from - step };
          widenBack(entry, from, step);
          await this.fetch(query, step, fill.from, fill.to, signal, (m) => place(entry, m, step));
        }
        const persistTo = Math.min(to, settled);
        if (persistTo > entry.to) {
          const fill = { from: entry.to + step, to: persistTo };
          widenForward(entry, persistTo, step);
          await this.fetch(query, step, fill.from, fill.to, signal, (m) => place(entry, m, step));
        }
      } catch (err) {
        this.lru.delete(key);
        throw err;
      }
      // Never trim into the window being asked for (a detector run can start more than
      // maxKeepPoints back when its warm-up outgrows the training window).
      trim(entry, Math.max(this.limits.maxKeepPoints, Math.round((entry.to - from) / step) + 1), step);
      this.checkSeries(entry.series.size);
      this.lru.set(key, entry);
      const fresh: MatrixColumns[] = [];
      if (to > entry.to) {
        await this.fetch(query, step, Math.max(entry.to + step, from), to, signal, (m) => fresh.push(...m));
      }
      return this.window(entry, fresh, from, to, step);
    });
  }

  /** Reads `start` to `end` from the upstream in requests of at most maxPointsPerRequest points, handing each answer to `take`. */
  private async fetch(
    query: string,
    step: number,
    start: number,
    end: number,
    signal: AbortSignal | undefined,
    take: (m: MatrixColumns[]) => void
  ): Promise<void> {
    const chunk = this.limits.maxPointsPerRequest * step;
    for (let a = start; a <= end; a += chunk) {
      const b = Math.min(end, a + chunk - step);
      this.stats.upstreamRequests++;
      const m = await fetchMatrix(this.upstream, query, a, b, step, signal);
      this.checkSeries(m.length);
      const collision = sameLabelsetMessage(m.map((s) => s.metric));
      if (collision) {
        throw new KindedError('execution', collision);
      }
      for (const s of m) {
        this.stats.upstreamPoints += s.times.length;
      }
      take(m);
    }
  }

  private checkSeries(n: number): void {
    if (n > this.limits.maxSeries) {
      throw new KindedError(
        'execution',
        `the inner query returned ${n} series, more than the limit of ${this.limits.maxSeries} (limits.maxSeries); narrow its selector or aggregate`
      );
    }
  }

  private window(entry: Entry, fresh: MatrixColumns[], from: number, to: number, step: number): HistoryWindow {
    const n = Math.round((to - from) / step) + 1;
    const series = new Map<string, HistorySeries>();
    const get = (labels: Record<string, string>) => {
      const key = labelsKey(labels);
      let s = series.get(key);
      if (!s) {
        s = { key, labels, values: new Float64Array(n).fill(NaN) };
        series.set(key, s);
      }
      return s;
    };
    for (const [, s] of entry.series) {
      const lo = Math.max(from, entry.from, s.first);
      const hi = Math.min(to, entry.to, s.last);
      if (lo > hi) {
        continue; // no sample in this window (a series the store knows from other times)
      }
      const out = get(s.labels);
      for (let t = lo; t <= hi; t += step) {
        out.values[Math.round((t - from) / step)] = s.values[Math.round((t - entry.from) / step)];
      }
    }
    for (const s of fresh) {
      placeSamples(get(withoutName(s.metric)).values, s, from, step);
    }
    this.checkSeries(series.size);
    return { from, to, step, series: [...series.values()] };
  }
}

/** Our functions drop the metric name, as PromQL functions do. */
function withoutName(metric: Record<string, string>): Record<string, string> {
  const { __name__: _name, ...rest } = metric;
  return rest;
}

function place(entry: Entry, m: MatrixColumns[], step: number): void {
  for (const s of m) {
    const labels = withoutName(s.metric);
    const key = labelsKey(labels);
    let e = entry.series.get(key);
    if (!e) {
      e = {
        labels,
        values: new Array(Math.round((entry.to - entry.from) / step) + 1).fill(NaN),
        first: Infinity,
        last: -Infinity,
      };
      entry.series.set(key, e);
    }
    const placed = placeSamples(e.values, s, entry.from, step);
    if (placed) {
      e.first = Math.min(e.first, placed.first);
      e.last = Math.max(e.last, placed.last);
    }
  }
}

/**
 * Puts an upstream series' samples on the grid starting at `from` (samples off the grid's span are
 * dropped); returns the first and last grid times placed, or undefined when none was.
 */
function placeSamples(
  out: { length: number; [i: number]: number },
  samples: MatrixColumns,
  from: number,
  step: number
): { first: number; last: number } | undefined {
  const n = out.length;
  const { times, values } = samples;
  let lo = Infinity;
  let hi = -Infinity;
  for (let j = 0; j < times.length; j++) {
    const i = Math.round((times[j] * 1000 - from) / step);
    if (i >= 0 && i < n) {
      out[i] = values[j];
      lo = Math.min(lo, i);
      hi = Math.max(hi, i);
    }
  }
  return lo <= hi ? { first: from + lo * step, last: from + hi * step } : undefined;
}

/** Widens the entry back to `from`, the new points missing until placed. */
function widenBack(entry: Entry, from: number, step: number): void {
  const extra = Math.round((entry.from - from) / step);
  for (const s of entry.series.values()) {
    s.values = new Array(extra).fill(NaN).concat(s.values);
  }
  entry.from = from;
}

/** Widens the entry forward to `to`, the new points missing until placed. */
function widenForward(entry: Entry, to: number, step: number): void {
  const extra = Math.round((to - entry.to) / step);
  for (const s of entry.series.values()) {
    for (let i = 0; i < extra; i++) {
      s.values.push(NaN);
    }
  }
  entry.to = to;
}

function trim(entry: Entry, maxKeep: number, step: number): void {
  const n = Math.round((entry.to - entry.from) / step) + 1;
  if (n > maxKeep) {
    const drop = n - maxKeep;
    for (const s of entry.series.values()) {
      s.values.splice(0, drop);
    }
    entry.from += drop * step;
  }
}

/** Bytes estimate of a cached history entry (8 bytes per point plus label overhead). */
function historyBytes(this: Entry): number {
  let bytes = 64;
  for (const s of this.series.values()) {
    bytes += 8 * s.values.length + 200;
  }
  return bytes;
}
