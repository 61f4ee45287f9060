/**
 * Transforms of the 18 development files into the *shapes* of the held-out NAB categories, from
 * public descriptions of those files only (none is read): realAdExchange is hourly (~1,600 rows),
 * realTraffic has irregular ~5-minute timestamps with gaps (~2,500 rows), realAWSCloudwatch is
 * 5-minute (~4,000 rows) with step changes and spikes, realTweets are 5-minute counts (~15,800 rows)
 * with timestamps at odd seconds. Each transform keeps the labels: a window keeps the rows it held
 * (by time), clipped to the rows that remain, and is dropped when none do. Every draw is seeded by
 * the file's name (proxies.ts seedOf), so a run is reproducible.
 */
import { Mulberry32 } from '../../src/ml/core/prng';
import { CorpusFile } from './corpus';
import { ScoredFile } from './sweep';
import { counts, hourly, keepRows, poissonDraw, seedOf, unlabelledBursts } from './proxies';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A transformed file, its dropped windows, and the rows holding an unlabelled burst (unlabelledBursts), if any. */
export type Transformed = { file: CorpusFile; dropped: number; bursts?: Uint8Array };

/** A file's step: the median difference of its timestamps. */
export function stepOf(f: CorpusFile): number {
  const d = Array.from({ length: f.t.length - 1 }, (_, i) => f.t[i + 1] - f.t[i]).sort((a, b) => a - b);
  return d[d.length >> 1];
}

/** Each row but the first and last dropped with a probability drawn per file in [lo, hi]. */
export function dropRows(f: CorpusFile, lo: number, hi: number, salt = 21): Transformed {
  const rng = new Mulberry32(seedOf(f.name, salt));
  const p = lo + (hi - lo) * rng.next();
  const keep = [0];
  for (let i = 1; i < f.t.length - 1; i++) {
    if (rng.next() >= p) {
      keep.push(i);
    }
  }
  keep.push(f.t.length - 1);
  return keepRows(f, keep);
}

/**
 * Each timestamp moved by a uniform offset of up to `frac` of the step either way and rounded to
 * `roundTo` ms (a collector that logs whole minutes), rows re-sorted by their new times; a window
 * covers the places its rows moved to (neighbouring windows that come to touch are merged).
 */
export function jitter(f: CorpusFile, frac: number, roundTo = MINUTE, salt = 22): Transformed {
  const rng = new Mulberry32(seedOf(f.name, salt));
  const step = stepOf(f);
  const moved = Array.from(f.t, (x) => Math.round((x + (2 * rng.next() - 1) * frac * step) / roundTo) * roundTo);
  const order = Array.from(f.t, (_, i) => i).sort((a, b) => moved[a] - moved[b] || a - b);
  const placeOf = new Int32Array(f.t.length);
  order.forEach((row, j) => (placeOf[row] = j));
  const merged: Array<[number, number]> = [];
  for (const [a, b] of f.windows) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = a; i <= b; i++) {
      lo = Math.min(lo, placeOf[i]);
      hi = Math.max(hi, placeOf[i]);
    }
    const prev = merged[merged.length - 1];
    if (prev && lo <= prev[1] + 1) {
      prev[1] = Math.max(prev[1], hi);
    } else {
      merged.push([lo, hi]);
    }
  }
  const t = Float64Array.from(order, (i) => moved[i]);
  const v = Float64Array.from(order, (i) => f.v[i]);
  return { file: { name: f.name, t, v, windows: merged }, dropped: 0 };
}

/**
 * Outages: runs of rows spanning 2 to 12 hours dropped, one starting on average every `everyMs` of
 * series time (never the first or last row).
 */
export function outages(f: CorpusFile, everyMs = 3 * DAY, salt = 23): Transformed {
  const rng = new Mulberry32(seedOf(f.name, salt));
  const step = stepOf(f);
  const p = step / everyMs;
  const keep = [0];
  for (let i = 1; i < f.t.length - 1; i++) {
    if (rng.next() < p) {
      const until = f.t[i] + 2 * HOUR + rng.next() * 10 * HOUR;
      while (i < f.t.length - 1 && f.t[i] < until) {
        i++;
      }
      i--;
      continue;
    }
    keep.push(i);
  }
  keep.push(f.t.length - 1);
  return keepRows(f, keep);
}

/** The first n rows (all of a shorter file). */
export function firstRows(f: CorpusFile, n: number): Transformed {
  return keepRows(
    f,
    Array.from({ length: Math.min(n, f.t.length) }, (_, i) => i)
  );
}

/**
 * An n-row stretch placed so that the file's first window starts 15 to 50 % into it (the first n
 * rows when the file has no window), as proxies.ts shortAroundWindow does for 1,000-2,000 rows. The
 * development files' windows lie late, so firstRows keeps few of them.
 */
export function stretchAroundWindow(f: CorpusFile, n: number, salt = 24): Transformed {
  const rng = new Mulberry32(seedOf(f.name, salt));
  const len = Math.min(n, f.t.length);
  const w0 = f.windows.length > 0 ? f.windows[0][0] : 0;
  const start = Math.max(0, Math.min(f.t.length - len, w0 - Math.floor((0.15 + 0.35 * rng.next()) * len)));
  return keepRows(
    f,
    Array.from({ length: len }, (_, i) => start + i)
  );
}

/** Every timestamp moved by `byMs` (another weekday, time of day and second of the minute). */
export function shifted(f: CorpusFile, byMs: number): Transformed {
  return { file: { ...f, t: Float64Array.from(f.t, (x) => x + byMs) }, dropped: 0 };
}

/**
 * Whole numbers without count noise: the series shifted to start at 0, scaled to a mean drawn per
 * file (log-uniform in 3..60) and rounded, so small changes vanish into steps of one.
 */
export function integers(f: CorpusFile, salt = 25): Transformed {
  const rng = new Mulberry32(seedOf(f.name, salt));
  const mean = Math.exp(Math.log(3) + rng.next() * Math.log(20));
  const finite = Array.from(f.v).filter(Number.isFinite);
  const lo = Math.min(...finite);
  const avg = finite.reduce((a, x) => a + x, 0) / finite.length - lo;
  const v = Float64Array.from(f.v, (x) => (avg > 0 ? Math.round((mean * (x - lo)) / avg) : Math.round(mean)));
  return { file: { ...f, v }, dropped: 0 };
}

/** Poisson noise around the series itself (values kept in their unit: rate = the value scaled to a mean of 20). */
export function poissonNoise(f: CorpusFile, salt = 26): Transformed {
  const rng = new Mulberry32(seedOf(f.name, salt));
  const finite = Array.from(f.v).filter(Number.isFinite);
  const lo = Math.min(...finite);
  const avg = finite.reduce((a, x) => a + x, 0) / finite.length - lo || 1;
  const k = 20 / avg;
  const v = Float64Array.from(f.v, (x) => lo + poissonDraw(rng, k * (x - lo)) / k);
  return { file: { ...f, v }, dropped: 0 };
}

/**
 * Composes transforms left to right, adding their dropped windows. Burst marks are carried through a
 * later step only when it keeps every row in place (same timestamps order, same count: counts, shifted);
 * a step that drops or moves rows after the bursts is refused, so no mark lands on the wrong row.
 */
export function chain(...steps: Array<(f: CorpusFile) => Transformed>): (f: CorpusFile) => Transformed {
  return (f) =>
    steps.reduce<Transformed>(
      (acc, s) => {
        const r = s(acc.file);
        const bursts = r.bursts ?? acc.bursts;
        if (!r.bursts && acc.bursts && !keepsRows(acc.file, r.file)) {
          throw new Error(`chain: a step after unlabelledBursts moved or dropped rows of ${f.name}`);
        }
        return { file: r.file, dropped: acc.dropped + r.dropped, ...(bursts ? { bursts } : {}) };
      },
      { file: f, dropped: 0 }
    );
}

/** Whether `b` has a's rows in a's places: as many rows, and each timestamp moved by the same amount. */
function keepsRows(a: CorpusFile, b: CorpusFile): boolean {
  if (a.t.length !== b.t.length) {
    return false;
  }
  const d = b.t[0] - a.t[0];
  return a.t.every((x, i) => b.t[i] - x === d);
}

export interface Shape {
  name: string;
  describe: string;
  make: (f: CorpusFile) => Transformed;
}

/** A shift of 3 days 7 h 25 min 53 s: another weekday, time of day, and timestamps at :53 s. */
export const SHIFT_MS = 3 * DAY + 7 * HOUR + 25 * MINUTE + 53_000;

/** The shapes of the study, in table order. */
export const SHAPES: Shape[] = [
  { name: 'as is', describe: 'the 18 files', make: (f) => ({ file: f, dropped: 0 }) },
  {
    name: 'drop 20-40%',
    describe: 'rows dropped at random, rate per file 20-40 %',
    make: (f) => dropRows(f, 0.2, 0.4),
  },
  { name: 'jitter 0.3', describe: 'times moved up to 0.3 step, whole minutes', make: (f) => jitter(f, 0.3) },
  { name: 'outages 2-12h', describe: '2-12 h of rows dropped, one per 3 days', make: (f) => outages(f) },
  {
    name: 'irregular',
    describe: 'drop 20-40 % + jitter 0.3 + outages',
    make: chain(
      (f) => dropRows(f, 0.2, 0.4),
      (f) => jitter(f, 0.3),
      (f) => outages(f)
    ),
  },
  { name: 'first 1600', describe: 'first 1,600 rows', make: (f) => firstRows(f, 1600) },
  { name: 'first 2500', describe: 'first 2,500 rows', make: (f) => firstRows(f, 2500) },
  { name: '1600@window', describe: '1,600 rows, first window 15-50 % in', make: (f) => stretchAroundWindow(f, 1600) },
  { name: '2500@window', describe: '2,500 rows, first window 15-50 % in', make: (f) => stretchAroundWindow(f, 2500) },
  { name: 'hourly', describe: 'hourly means', make: hourly },
  { name: 'integers', describe: 'scaled to a mean of 3-60, rounded', make: (f) => integers(f) },
  { name: 'poisson', describe: 'Poisson noise at a mean count of 20', make: (f) => poissonNoise(f) },
  { name: 'counts', describe: 'Poisson counts at a mean of 3-60 (proxies.ts)', make: (f) => counts(f) },
  { name: 'bursts', describe: 'unlabelled heavy-tailed bursts (proxies.ts)', make: unlabelledBursts },
  { name: 'shifted', describe: 'times +3 d 07:25:53', make: (f) => shifted(f, SHIFT_MS) },
  {
    name: 'traffic-like',
    describe: '2,500@window + irregular',
    make: chain(
      (f) => stretchAroundWindow(f, 2500),
      (f) => dropRows(f, 0.2, 0.4),
      (f) => jitter(f, 0.3),
      (f) => outages(f)
    ),
  },
  {
    name: 'adx-like',
    describe: 'hourly means, 1,600@window, 10-20 % dropped',
    make: chain(
      hourly,
      (f) => stretchAroundWindow(f, 1600),
      (f) => dropRows(f, 0.1, 0.2)
    ),
  },
  {
    name: 'tweets-like',
    describe: 'counts + bursts, times +3 d 07:25:53',
    make: chain(
      (f) => counts(f),
      unlabelledBursts,
      (f) => shifted(f, SHIFT_MS)
    ),
  },
];

/** How a detector ranks unlabelled bursts against the labelled windows, after each file's probation. */
export interface BurstRank {
  /** Scored windows whose highest score lies below the highest score of a burst row of their file. */
  outscored: number;
  /** Files where a burst row reaches the highest score outside the windows (ties included). */
  burstOnTop: number;
}

/**
 * Every row of a burst is a false positive by construction, so a window whose best row scores below a
 * burst of its file is lost at every threshold that does not charge that burst: when that holds for
 * most windows, no threshold beats never firing, for any detector.
 */
export function burstRanks(files: ScoredFile[], bursts: Uint8Array[]): BurstRank {
  const r: BurstRank = { outscored: 0, burstOnTop: 0 };
  files.forEach(({ file, score }, k) => {
    let burstMax = -Infinity;
    let otherMax = -Infinity;
    const winMax = new Map<number, number>();
    for (let i = file.probation; i < file.n; i++) {
      const x = score[i];
      if (!Number.isFinite(x)) {
        continue;
      }
      const w = file.windowOf[i];
      if (w >= 0) {
        winMax.set(w, Math.max(winMax.get(w) ?? -Infinity, x));
      } else if (bursts[k][i]) {
        burstMax = Math.max(burstMax, x);
      } else {
        otherMax = Math.max(otherMax, x);
      }
    }
    r.burstOnTop += burstMax > -Infinity && burstMax >= otherMax ? 1 : 0;
    winMax.forEach((m) => (r.outscored += m < burstMax ? 1 : 0));
  });
  return r;
}
