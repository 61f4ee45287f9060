/**
 * Dev-only proxies of conditions the held-out NAB categories have and the development files mostly do
 * not, built from the 18 development files alone (no other NAB file is read):
 * - short: each file cut to its first 1,000 to 2,000 rows (seeded per file; realAdExchange and
 *   realTraffic files are 1,000-2,500 rows), NAB's 15 % probation recomputed for the cut length;
 * - hourly: rows averaged per clock hour (realAdExchange is hourly), files already hourly unchanged;
 * - gappy: runs of 1 to 36 rows dropped at random (about 10 % of rows; realTraffic has irregular gaps);
 * - short@window: a 1,000 to 2,000-row stretch whose first window starts 15 to 50 % into it (the
 *   development files' windows lie late, so the first rows keep almost none);
 * - short+gappy: short@window with gaps (realTraffic is short and gappy); hourly+gappy: hourly means
 *   with gaps (realAdExchange), the latter only averaged over GAP_PLACEMENTS;
 * - irregular: every timestamp moved by up to 0.9 of the step either way (realTraffic's timestamps
 *   are irregular), so rows share grid points or leave some empty once the engine puts them on the
 *   grid of its median step;
 * - counts, counts+bursts: each row a Poisson (or gamma-Poisson) count whose rate follows the series
 *   (realTweets are mention counts).
 * The gaps fall at random, and one placement moves the cross-validated score by up to 10 points (a
 * window's few best rows dropped or kept), so the evaluation also averages GAP_PLACEMENTS of them.
 * Windows keep the rows they cover: a window is clipped to the rows that remain, and dropped when none
 * do (counted in `droppedWindows`). A proxy is not the held-out data: it only isolates one condition.
 */
import { Mulberry32 } from '../../src/ml/core/prng';
import { CorpusFile } from './corpus';

const HOUR = 3_600_000;

export interface Proxy {
  name: string;
  describe: string;
  files: CorpusFile[];
  /** Windows that fell outside the transformed file (cut away or all their rows dropped). */
  droppedWindows: number;
}

/** Seed of a file: a hash of its name, so each file gets its own fixed draw. */
export function seedOf(name: string, salt: number): number {
  let h = 2166136261 ^ salt;
  for (let i = 0; i < name.length; i++) {
    h = Math.imul(h ^ name.charCodeAt(i), 16777619);
  }
  return h >>> 0;
}

/**
 * Keeps the rows `keep` (ascending indices of f) and maps each window to the kept rows inside it.
 * Returns the new file and how many windows kept no row.
 */
export function keepRows(f: CorpusFile, keep: number[]): { file: CorpusFile; dropped: number } {
  const t = Float64Array.from(keep, (i) => f.t[i]);
  const v = Float64Array.from(keep, (i) => f.v[i]);
  const windows: Array<[number, number]> = [];
  let dropped = 0;
  for (const [a, b] of f.windows) {
    let first = -1;
    let last = -1;
    keep.forEach((row, j) => {
      if (row >= a && row <= b) {
        first = first < 0 ? j : first;
        last = j;
      }
    });
    if (first < 0) {
      dropped++;
    } else {
      windows.push([first, last]);
    }
  }
  return { file: { name: f.name, t, v, windows }, dropped };
}

/** The first 1,000 to 2,000 rows (all of a shorter file). */
export function truncated(f: CorpusFile): { file: CorpusFile; dropped: number } {
  const rng = new Mulberry32(seedOf(f.name, 1));
  const n = Math.min(f.t.length, 1000 + Math.floor(rng.next() * 1001));
  return keepRows(
    f,
    Array.from({ length: n }, (_, i) => i)
  );
}

/**
 * A 1,000 to 2,000-row stretch placed so that the file's first window starts 15 to 50 % into it (the
 * first rows, when the file has no window): where a short held-out file has its windows, just after
 * NAB's probation, which is where a long warm-up loses them. The cut starts mid-file, so the detector
 * sees no history before it, as with a short file.
 */
export function shortAroundWindow(f: CorpusFile): { file: CorpusFile; dropped: number } {
  const rng = new Mulberry32(seedOf(f.name, 3));
  const n = Math.min(f.t.length, 1000 + Math.floor(rng.next() * 1001));
  const at = 0.15 + 0.35 * rng.next();
  const w0 = f.windows.length > 0 ? f.windows[0][0] : 0;
  const start = Math.max(0, Math.min(f.t.length - n, w0 - Math.floor(at * n)));
  return keepRows(
    f,
    Array.from({ length: n }, (_, i) => start + i)
  );
}

/** Seeds (salts) of the gap placements the evaluation averages; the first is the `gappy` proxy's. */
export const GAP_PLACEMENTS = [2, 11, 12, 13, 14, 15];

/** Drops runs of 1 to 36 rows, about one row in ten, never the first or last row (`salt`: the placement). */
export function gappy(f: CorpusFile, salt = GAP_PLACEMENTS[0]): { file: CorpusFile; dropped: number } {
  const rng = new Mulberry32(seedOf(f.name, salt));
  const keep: number[] = [0];
  // A gap of mean length 18.5 starts with probability p after a kept row: p * 18.5 / (1 + p * 18.5) = 0.1.
  const p = 0.1 / (0.9 * 18.5);
  for (let i = 1; i < f.t.length - 1; i++) {
    if (rng.next() < p) {
      i += Math.floor(rng.next() * 36);
      continue;
    }
    keep.push(i);
  }
  keep.push(f.t.length - 1);
  return keepRows(f, keep);
}

/**
 * Each timestamp moved by a uniform offset of up to 0.9 of the file's step either way, rows re-sorted
 * by their new time (a row moves at most one place); a window covers the places its rows moved to.
 */
export function irregular(f: CorpusFile): { file: CorpusFile; dropped: number } {
  const rng = new Mulberry32(seedOf(f.name, 4));
  const diffs = Array.from({ length: f.t.length - 1 }, (_, i) => f.t[i + 1] - f.t[i]).sort((a, b) => a - b);
  const step = diffs[diffs.length >> 1];
  const moved = Array.from(f.t, (x) => Math.round(x + (2 * rng.next() - 1) * 0.9 * step));
  const order = Array.from(f.t, (_, i) => i).sort((a, b) => moved[a] - moved[b] || a - b);
  const placeOf = new Int32Array(f.t.length);
  order.forEach((row, j) => (placeOf[row] = j));
  const windows = f.windows.map(([a, b]): [number, number] => {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = a; i <= b; i++) {
      lo = Math.min(lo, placeOf[i]);
      hi = Math.max(hi, placeOf[i]);
    }
    return [lo, hi];
  });
  // Re-sorting can make neighbouring windows touch: merge them (NAB windows do not overlap).
  const merged: Array<[number, number]> = [];
  for (const w of windows) {
    const prev = merged[merged.length - 1];
    if (prev && w[0] <= prev[1] + 1) {
      prev[1] = Math.max(prev[1], w[1]);
    } else {
      merged.push(w);
    }
  }
  return {
    file: {
      name: f.name,
      t: Float64Array.from(order, (i) => moved[i]),
      v: Float64Array.from(order, (i) => f.v[i]),
      windows: merged,
    },
    dropped: 0,
  };
}

/** Means per clock hour (finite values only); a window covers the hours its rows fall in. */
export function hourly(f: CorpusFile): { file: CorpusFile; dropped: number } {
  const hourOf = (x: number) => Math.floor(x / HOUR);
  const rowHour = new Int32Array(f.t.length);
  const t: number[] = [];
  const v: number[] = [];
  let sum = 0;
  let count = 0;
  for (let i = 0; i < f.t.length; i++) {
    const h = hourOf(f.t[i]);
    if (t.length === 0 || t[t.length - 1] !== h * HOUR) {
      if (t.length > 0) {
        v.push(count > 0 ? sum / count : NaN);
      }
      t.push(h * HOUR);
      sum = 0;
      count = 0;
    }
    rowHour[i] = t.length - 1;
    if (Number.isFinite(f.v[i])) {
      sum += f.v[i];
      count++;
    }
  }
  v.push(count > 0 ? sum / count : NaN);
  const windows: Array<[number, number]> = [];
  for (const [a, b] of f.windows) {
    const w: [number, number] = [rowHour[a], rowHour[b]];
    const prev = windows[windows.length - 1];
    if (prev && w[0] <= prev[1]) {
      prev[1] = Math.max(prev[1], w[1]);
    } else {
      windows.push(w);
    }
  }
  return { file: { name: f.name, t: Float64Array.from(t), v: Float64Array.from(v), windows }, dropped: 0 };
}

/** Shape of the gamma that multiplies the rate in the `counts+bursts` proxy (a row's rate varies by 1/sqrt(4) = 50 %). */
export const COUNT_BURST_SHAPE = 4;

/** A standard normal draw (Box-Muller). */
function normalDraw(rng: Mulberry32): number {
  return Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
}

/** A gamma(shape, 1) draw (Marsaglia-Tsang; shape < 1 by the boost u^(1/shape)). */
function gammaDraw(rng: Mulberry32, shape: number): number {
  if (shape < 1) {
    return gammaDraw(rng, shape + 1) * Math.pow(1 - rng.next(), 1 / shape);
  }
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = normalDraw(rng);
    const v = (1 + c * x) ** 3;
    if (v > 0 && Math.log(1 - rng.next()) < 0.5 * x * x + d - d * v + d * Math.log(v)) {
      return d * v;
    }
  }
}

/** A Poisson draw: by multiplication below 30, else the rounded normal approximation. */
export function poissonDraw(rng: Mulberry32, mean: number): number {
  if (mean <= 0) {
    return 0;
  }
  if (mean >= 30) {
    return Math.max(0, Math.round(mean + Math.sqrt(mean) * normalDraw(rng)));
  }
  const limit = Math.exp(-mean);
  let k = 0;
  let prod = 1 - rng.next();
  while (prod > limit) {
    k++;
    prod *= 1 - rng.next();
  }
  return k;
}

/**
 * Count data like realTweets (mentions per 5 minutes): the series shifted to start at 0 and scaled to
 * a mean rate drawn per file (log-uniform in 3..60 per row), each row a Poisson count of that rate
 * (`shape` Infinity), or with bursts beyond Poisson noise (gamma-Poisson: the rate times a gamma draw
 * of mean 1 and shape `shape`). Timestamps and windows are unchanged; an anomaly smaller than the
 * count noise becomes invisible, as in real low-volume counts. Our own construction: it gives the
 * noise of counts and its growth with the level, not realTweets' bursts of news.
 */
export function counts(f: CorpusFile, shape = Infinity): { file: CorpusFile; dropped: number } {
  const rng = new Mulberry32(seedOf(f.name, 5));
  const rate = Math.exp(Math.log(3) + rng.next() * Math.log(20));
  let lo = Infinity;
  let sum = 0;
  let n = 0;
  for (const x of f.v) {
    if (Number.isFinite(x)) {
      lo = Math.min(lo, x);
      sum += x;
      n++;
    }
  }
  const mean = sum / n - lo;
  const v = Float64Array.from(f.v, (x) => {
    const lambda = mean > 0 ? (rate * (x - lo)) / mean : rate;
    const burst = shape === Infinity ? 1 : gammaDraw(rng, shape) / shape;
    return poissonDraw(rng, lambda > 0 ? lambda * burst : 0);
  });
  return { file: { name: f.name, t: f.t, v, windows: f.windows }, dropped: 0 };
}

/** Mean rows between two unlabelled bursts, and their tail index (Pareto: heavy-tailed heights). */
export const BURST_EVERY_ROWS = 500;
export const BURST_TAIL_INDEX = 1.5;

/**
 * Unlabelled heavy-tailed bursts, like the news bursts of mention counts or a batch job's CPU spikes
 * that nobody labelled (realTweets, realAWSCloudwatch): bursts arrive at random (one per
 * BURST_EVERY_ROWS rows on average), each lasting 1 to 6 rows, wholly outside the windows; a burst
 * adds h times the series' interquartile range to its rows, h = 2 U^(-1 / BURST_TAIL_INDEX) with U
 * uniform (a Pareto draw: median 3.2, one burst in ten above 9.3), capped at 50. Values only rise;
 * windows and timestamps are unchanged, so every row a detector flags inside a burst is a false
 * positive. Our own construction: it asks whether the score fires on bursts the way it fires on
 * labelled anomalies, not how often real bursts come. `bursts` marks the rows a burst was added to.
 */
export function unlabelledBursts(f: CorpusFile): { file: CorpusFile; dropped: number; bursts: Uint8Array } {
  const rng = new Mulberry32(seedOf(f.name, 7));
  const finite = Array.from(f.v)
    .filter(Number.isFinite)
    .sort((a, b) => a - b);
  const q = (p: number) => finite[Math.min(finite.length - 1, Math.floor(p * finite.length))];
  const iqr = q(0.75) - q(0.25) || 1;
  const inWindow = (i: number) => f.windows.some(([a, b]) => i >= a && i <= b);
  const v = f.v.slice();
  const bursts = new Uint8Array(v.length);
  for (let i = 0; i < v.length; i++) {
    if (rng.next() >= 1 / BURST_EVERY_ROWS) {
      continue;
    }
    const len = 1 + Math.floor(rng.next() * 6);
    const h = Math.min(50, 2 * Math.pow(1 - rng.next(), -1 / BURST_TAIL_INDEX));
    if (Array.from({ length: len }, (_, j) => i + j).some((j) => j >= v.length || inWindow(j))) {
      continue;
    }
    for (let j = i; j < i + len; j++) {
      v[j] += h * iqr;
      bursts[j] = 1;
    }
    i += len;
  }
  return { file: { name: f.name, t: f.t, v, windows: f.windows }, dropped: 0, bursts };
}

function proxy(
  name: string,
  describe: string,
  corpus: CorpusFile[],
  make: (f: CorpusFile) => { file: CorpusFile; dropped: number }
): Proxy {
  let droppedWindows = 0;
  const files = corpus.map((f) => {
    const r = make(f);
    droppedWindows += r.dropped;
    return r.file;
  });
  return { name, describe, files, droppedWindows };
}

/** The proxies of the development corpus. */
export function proxiesOf(corpus: CorpusFile[]): Proxy[] {
  return [
    proxy('short', 'first 1,000-2,000 rows', corpus, truncated),
    proxy('short@window', '1,000-2,000 rows, first window at 15-50 %', corpus, shortAroundWindow),
    proxy('hourly', 'hourly means', corpus, hourly),
    proxy('gappy', '~10 % of rows dropped in runs of 1-36', corpus, gappy),
    proxy('short+gappy', 'both', corpus, (f) => {
      const cut = shortAroundWindow(f);
      const r = gappy(cut.file);
      return { file: r.file, dropped: cut.dropped + r.dropped };
    }),
    proxy('irregular', 'timestamps moved by up to 0.9 step', corpus, irregular),
    proxy('counts', 'Poisson counts at a mean rate of 3-60', corpus, (f) => counts(f)),
    proxy('counts+bursts', 'gamma-Poisson counts (shape 4)', corpus, (f) => counts(f, COUNT_BURST_SHAPE)),
  ];
}

/**
 * The gappy and short+gappy proxies at every placement of GAP_PLACEMENTS (the first is proxiesOf's),
 * and hourly means with gaps (realAdExchange is hourly with gaps).
 */
export function gapPlacements(corpus: CorpusFile[]): { gappy: Proxy[]; shortGappy: Proxy[]; hourlyGappy: Proxy[] } {
  const at = (salt: number) => ({
    gappy: proxy(`gappy/${salt}`, 'gaps at placement ' + salt, corpus, (f) => gappy(f, salt)),
    shortGappy: proxy(`short+gappy/${salt}`, 'short@window, gaps at placement ' + salt, corpus, (f) => {
      const cut = shortAroundWindow(f);
      const r = gappy(cut.file, salt);
      return { file: r.file, dropped: cut.dropped + r.dropped };
    }),
    hourlyGappy: proxy(`hourly+gappy/${salt}`, 'hourly means, gaps at placement ' + salt, corpus, (f) =>
      gappy(hourly(f).file, salt)
    ),
  });
  const all = GAP_PLACEMENTS.map(at);
  return {
    gappy: all.map((a) => a.gappy),
    shortGappy: all.map((a) => a.shortGappy),
    hourlyGappy: all.map((a) => a.hourlyGappy),
  };
}
