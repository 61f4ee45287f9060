/**
 * Generated time-to-exhaustion scenarios (deterministic, seeded). Disk scenarios track free space in
 * percent falling to a floor of 0 (what the kube-prometheus rule watches); memory scenarios track used
 * MB rising to a limit. Each knows its true exhaustion time from the noiseless signal.
 */
import { mulberry32 } from '../../src/ml/core/prng';

export const STEP_MS = 10 * 60_000;
export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;
export const HISTORY_DAYS = 14;

export interface Scenario {
  name: string;
  noise: 'low' | 'high';
  /** Has a daily cycle or noise large enough to disturb a 6 h line (the target's subset). */
  seasonalOrNoisy: boolean;
  direction: 'up' | 'down';
  capacity: number;
  /** Share of capacity that the kube rule's threshold uses (free < 15 % or used > 85 %). */
  ruleThreshold: number;
  t: Float64Array;
  v: Float64Array;
  /** True exhaustion time (ms), Infinity when it never happens in the history. */
  exhaustAt: number;
  /**
   * When the limit is reached as seen from time `at` (ms): the crossing if nothing that has not yet
   * happened by `at` intervenes. Only for scenarios with clean-ups, whose `exhaustAt` counts clean-ups
   * that no data before them can foretell.
   */
  fillsFrom?: (at: number) => number;
}

type Signal = (tMs: number) => number;

function build(
  name: string,
  noise: 'low' | 'high',
  seed: number,
  direction: 'up' | 'down',
  capacity: number,
  ruleThreshold: number,
  signal: Signal,
  sigma: number,
  seasonal: boolean
): Scenario {
  const rand = mulberry32(seed);
  const n = Math.round((HISTORY_DAYS * DAY_MS) / STEP_MS);
  const t = new Float64Array(n);
  const v = new Float64Array(n);
  let exhaustAt = Infinity;
  for (let i = 0; i < n; i++) {
    t[i] = i * STEP_MS;
    const clean = signal(t[i]);
    if (!Number.isFinite(exhaustAt) && (direction === 'up' ? clean >= capacity : clean <= capacity)) {
      // Refine the crossing between the two grid points by bisection on the noiseless signal.
      let lo = t[i] - STEP_MS;
      let hi = t[i];
      for (let k = 0; k < 40; k++) {
        const mid = (lo + hi) / 2;
        const c = signal(mid);
        if (direction === 'up' ? c >= capacity : c <= capacity) {
          hi = mid;
        } else {
          lo = mid;
        }
      }
      exhaustAt = hi;
    }
    // Box-Muller normal noise.
    const g = Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
    v[i] = clean + sigma * g;
  }
  return {
    name,
    noise,
    seasonalOrNoisy: seasonal || noise === 'high',
    direction,
    capacity,
    ruleThreshold,
    t,
    v,
    exhaustAt,
  };
}

const daily = (tMs: number) => Math.sin((2 * Math.PI * tMs) / DAY_MS);

/** All scenarios for the given seeds: 5 that reach their limit, 5 that never do. */
export function scenarios(seeds: number[]): Scenario[] {
  const out: Scenario[] = [];
  for (const seed of seeds) {
    for (const noise of ['low', 'high'] as const) {
      const sd = noise === 'low' ? 0.3 : 2; // percent of the disk
      const s = seed * 100 + (noise === 'low' ? 0 : 50);
      const T = 10 * DAY_MS; // disks fill at day 10
      out.push(build('disk linear', noise, s + 1, 'down', 0, 15, (x) => 60 * (1 - x / T), sd, false));
      out.push(build('disk accelerating', noise, s + 2, 'down', 0, 15, (x) => 60 * (1 - (x / T) ** 2), sd, false));
      // Fills 10 %/day; clean-ups at day 3 and day 6 free 25 % each; hits 0 at day 10.
      const cleaned = (x: number) => (x >= 3 * DAY_MS ? 25 : 0) + (x >= 6 * DAY_MS ? 25 : 0);
      const cleanUps = build(
        'disk clean-ups',
        noise,
        s + 3,
        'down',
        0,
        15,
        (x) => 50 + cleaned(x) - (10 * x) / DAY_MS,
        sd,
        false
      );
      // Seen from `at`, the disk fills at 10 %/day from the level the clean-ups so far left it at.
      cleanUps.fillsFrom = (at) => ((50 + cleaned(at)) / 10) * DAY_MS;
      out.push(cleanUps);
      out.push(
        build('disk seasonal+trend', noise, s + 4, 'down', 0, 15, (x) => 60 * (1 - x / T) - 6 * daily(x), sd, true)
      );
      // Memory: 2 GB + 20 MB/h leak + a 300 MB daily working-set cycle + GC saw every 2 h, limit 6 GB.
      const mem = (x: number) =>
        2000 + (20 * x) / HOUR_MS + 300 * daily(x) + 100 * ((x % (2 * HOUR_MS)) / (2 * HOUR_MS));
      out.push(build('memory leak', noise, s + 5, 'up', 6000, 85, mem, noise === 'low' ? 20 : 150, true));
      out.push(build('disk seasonal, no trend', noise, s + 6, 'down', 0, 15, (x) => 30 + 10 * daily(x), sd, true));
      out.push(
        build(
          'disk bursts, no trend',
          noise,
          s + 7,
          'down',
          0,
          15,
          (x) => {
            // A 2-hour burst every 13 h uses 20 % and is then deleted (log rotation).
            const phase = x % (13 * HOUR_MS);
            return 40 - (phase < 2 * HOUR_MS ? (20 * phase) / (2 * HOUR_MS) : 0);
          },
          sd,
          false
        )
      );
      out.push(
        build(
          'disk log rotation, no trend',
          noise,
          s + 8,
          'down',
          0,
          15,
          (x) => {
            // Logs use 10 % a day and are rotated (deleted) every day at midnight.
            return 40 - (10 * (x % DAY_MS)) / DAY_MS;
          },
          sd,
          false
        )
      );
      out.push(
        build(
          'disk weekly backup, no trend',
          noise,
          s + 9,
          'down',
          0,
          15,
          (x) => {
            // A backup writes 30 % over 2 hours every 7 days (day 1.5, 8.5) and is shipped off 4 hours later.
            const phase = (x + 5.5 * DAY_MS) % (7 * DAY_MS);
            return 50 - (phase < 2 * HOUR_MS ? (30 * phase) / (2 * HOUR_MS) : phase < 6 * HOUR_MS ? 30 : 0);
          },
          sd,
          false
        )
      );
      out.push(
        build(
          'disk bulk write, no trend',
          noise,
          s + 10,
          'down',
          0,
          15,
          (x) => {
            // One bulk write of 25 % over an hour at day 9, kept.
            const d = x - 9 * DAY_MS;
            return 50 - (d <= 0 ? 0 : d >= HOUR_MS ? 25 : (25 * d) / HOUR_MS);
          },
          sd,
          false
        )
      );
    }
  }
  return out;
}

/** One long-lead scenario: a disk filling steadily (with a daily cycle) that is full `dueDays` after the end. */
export interface LongLeadScenario {
  name: string;
  stepMs: number;
  dueDays: number;
  t: Float64Array;
  v: Float64Array;
  /** True exhaustion time (ms) of the noiseless signal. */
  exhaustAt: number;
}

/**
 * Fills due 15 to 60 days after the last sample, at 15 s, 1 min and 5 min steps (3, 7 and 14 days of
 * history): free space in percent, 2 % daily cycle, 0.5 % noise, reaching 0 at the due time.
 */
export function longLeadScenarios(seed: number): LongLeadScenario[] {
  const out: LongLeadScenario[] = [];
  for (const [label, stepMs, historyDays] of [
    ['15s', 15_000, 3],
    ['1m', 60_000, 7],
    ['5m', 300_000, 14],
  ] as const) {
    for (const dueDays of [15, 30, 45, 60]) {
      const rand = mulberry32(seed * 1000 + dueDays + stepMs / 1000);
      const n = Math.round((historyDays * DAY_MS) / stepMs);
      const end = (n - 1) * stepMs;
      const rate = 60 / (historyDays + dueDays); // percent per day: from 60 % to 0 at the due time
      const t = new Float64Array(n);
      const v = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        t[i] = i * stepMs;
        const g = Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
        v[i] = 60 - (rate * t[i]) / DAY_MS + 2 * daily(t[i]) + 0.5 * g;
      }
      // The daily cycle shifts the crossing: find it on the noiseless signal (10-min scan, then bisection).
      const clean = (x: number) => 60 - (rate * x) / DAY_MS + 2 * daily(x);
      let hi = end;
      while (clean(hi) > 0) {
        hi += STEP_MS;
      }
      let lo = hi - STEP_MS;
      for (let k = 0; k < 60; k++) {
        const mid = (lo + hi) / 2;
        if (clean(mid) <= 0) {
          hi = mid;
        } else {
          lo = mid;
        }
      }
      out.push({ name: `fill due in ${dueDays} d (${label})`, stepMs, dueDays, t, v, exhaustAt: hi });
    }
  }
  return out;
}
