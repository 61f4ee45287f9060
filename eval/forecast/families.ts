/**
 * Scenario families for the time-to-exhaustion table (issue 13): shapes that fill, and shapes that
 * never do but fool a short straight line. Deterministic: every random choice comes from a Mulberry32
 * seeded per family and seed. Disks are free space in percent falling to 0; memory is used MB rising
 * to a limit. The truth is the first time the noiseless signal reaches the limit after the evaluation
 * time (so for a leak killed at its limit and restarted, it is the next kill).
 */
import { requireDuration } from '../../src/common/duration';
import { mulberry32 } from '../../src/ml/core/prng';
import { DAY_MS, HOUR_MS, scenarios as basicScenarios } from './scenarios';

/** A Monday, midnight UTC: series start here so daily and weekly cycles line up with the calendar. */
const T0 = Date.UTC(2026, 0, 5);
const WEEK_MS = 7 * DAY_MS;

export interface FamilyScenario {
  family: string;
  /** 'fills': reaches its limit (truth finite at the evaluation times); 'never': not within 30 days. */
  kind: 'fills' | 'never';
  direction: 'up' | 'down';
  capacity: number;
  /** Size the kube-prometheus free-space thresholds are shares of (100 % for disks, the limit for memory). */
  size: number;
  stepMs: number;
  t: Float64Array;
  v: Float64Array;
  /** Time (ms) of the first crossing of the noiseless signal at or after `at`; Infinity if none. */
  truthAfter(at: number): number;
}

type Signal = (x: number) => number;

/** Box-Muller standard normal from a uniform source. */
function gauss(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

/**
 * Samples `signal(x)` (x = ms since the start) every `stepMs` for `days`, adds normal noise of `sigma`,
 * and finds crossings of the noiseless signal ({@link crossingAfter}).
 */
function make(
  family: string,
  kind: 'fills' | 'never',
  rand: () => number,
  o: { direction?: 'up' | 'down'; capacity?: number; size?: number; stepMs?: number; days: number; sigma: number },
  signal: Signal
): FamilyScenario {
  const direction = o.direction ?? 'down';
  const capacity = o.capacity ?? 0;
  const stepMs = o.stepMs ?? FAMILY_STEP_MS;
  const n = Math.round((o.days * DAY_MS) / stepMs);
  const t = new Float64Array(n);
  const v = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    t[i] = T0 + i * stepMs;
    v[i] = signal(i * stepMs) + o.sigma * gauss(rand);
  }
  const truthAfter = crossingAfter(signal, direction, capacity);
  return { family, kind, direction, capacity, size: o.size ?? 100, stepMs, t, v, truthAfter };
}

/**
 * The time (ms) of the first crossing of `signal` at or after `at` (a timestamp), found by a scan at 5
 * minutes then bisection; Infinity when none within 400 days of the start.
 */
function crossingAfter(signal: Signal, direction: 'up' | 'down', capacity: number): (at: number) => number {
  const reached = (x: number) => (direction === 'up' ? signal(x) >= capacity : signal(x) <= capacity);
  const scanMs = 5 * 60_000;
  const limitMs = 400 * DAY_MS;
  return (at: number) => {
    let hi = at - T0;
    if (reached(hi)) {
      return at;
    }
    while (!reached(hi)) {
      hi += scanMs;
      if (hi > limitMs) {
        return Infinity;
      }
    }
    let lo = hi - scanMs;
    for (let k = 0; k < 40; k++) {
      const mid = (lo + hi) / 2;
      if (reached(mid)) {
        hi = mid;
      } else {
        lo = mid;
      }
    }
    return T0 + hi;
  };
}

const daily = (x: number) => Math.sin((2 * Math.PI * x) / DAY_MS);
/** Weekday load (Mon-Fri) vs weekend, a smooth square wave in [-1, 1]. */
const weekly = (x: number) => Math.tanh(4 * Math.sin((2 * Math.PI * (x - 0.5 * DAY_MS)) / WEEK_MS));
const between = (rand: () => number, a: number, b: number) => a + (b - a) * rand();

/**
 * Step of the 28-day families (10 minutes; env TTE_FAMILY_STEP, a duration such as 1m, samples them
 * finer, so the engine's 10,000 training points bind as they do on a 1-minute Prometheus grid).
 */
const FAMILY_STEP_MS = process.env.TTE_FAMILY_STEP
  ? requireDuration(process.env.TTE_FAMILY_STEP, 'TTE_FAMILY_STEP')
  : 10 * 60_000;

/** The families of issue 13 for one seed (28 days of 10-minute data, or TTE_FAMILY_STEP, unless said otherwise). */
export function familyScenarios(seed: number): FamilyScenario[] {
  const r = (k: number) => mulberry32(seed * 1000 + k);
  const out: FamilyScenario[] = [];
  {
    // Logs grow 8-14 %/day and are rotated (deleted) every night: never fills.
    const rand = r(1);
    const base = between(rand, 30, 50);
    const grow = between(rand, 8, 14);
    out.push(
      make(
        'log-rotation sawtooth',
        'never',
        rand,
        { days: 28, sigma: 0.3 },
        (x) => base - (grow * (x % DAY_MS)) / DAY_MS
      )
    );
  }
  {
    // A weekly backup writes 25-35 % over 2 h, kept 4-20 h, then shipped off: never fills.
    const rand = r(2);
    const size = between(rand, 25, 35);
    const keep = between(rand, 4, 20) * HOUR_MS;
    const phase = between(rand, 0, 7) * DAY_MS;
    out.push(
      make('weekly backup burst', 'never', rand, { days: 28, sigma: 0.3 }, (x) => {
        const p = (x + phase) % WEEK_MS;
        return 50 - (p < 2 * HOUR_MS ? (size * p) / (2 * HOUR_MS) : p < 2 * HOUR_MS + keep ? size : 0);
      })
    );
  }
  {
    // One bulk write of 20-30 % within an hour on day 10-24, kept; flat otherwise: never fills.
    const rand = r(3);
    const size = between(rand, 20, 30);
    const at = between(rand, 10, 24) * DAY_MS;
    out.push(
      make('one-off bulk write', 'never', rand, { days: 28, sigma: 0.3 }, (x) => {
        const d = x - at;
        return 50 - (d <= 0 ? 0 : d >= HOUR_MS ? size : (size * d) / HOUR_MS);
      })
    );
  }
  {
    // Free space falls steadily to reach 0 in 330-400 days, with a 1.5 % daily cycle: never within 30 d.
    const rand = r(4);
    const days = between(rand, 330, 400);
    out.push(
      make(
        'slow decline, a year away',
        'never',
        rand,
        { days: 28, sigma: 0.3 },
        (x) => 60 * (1 - x / (days * DAY_MS)) + 1.5 * daily(x)
      )
    );
  }
  {
    // Used space grows exponentially (doubling every 6-10 days): fills on day 20-27.
    const rand = r(5);
    const doubling = between(rand, 6, 10);
    const fillDay = between(rand, 20, 27);
    const k = Math.LN2 / (doubling * DAY_MS);
    const used0 = 80 / (Math.exp(k * fillDay * DAY_MS) - 1); // free = 80 - used0 (e^{kx} - 1) hits 0 at fillDay
    out.push(
      make('exponential growth', 'fills', rand, { days: 28, sigma: 0.3 }, (x) => 80 - used0 * (Math.exp(k * x) - 1))
    );
  }
  {
    // Memory leaks 30-50 MB/h from 2 GB (plus a 100 MB daily cycle) until it reaches the 6 GB limit,
    // is OOM-killed there and restarts at 2 GB: fills, and the truth is the next kill.
    const rand = r(6);
    const leak = between(rand, 30, 50) / HOUR_MS;
    const start = -between(rand, 0, 4000 / leak); // the process started before the data
    const usage = (x: number, since: number) => 2000 + leak * (x - since) + 100 * daily(x);
    const kills: number[] = [];
    for (let x = start, since = start; x <= 28 * DAY_MS + 5 * DAY_MS; x += 60_000) {
      if (usage(x, since) >= 6000) {
        kills.push(x);
        since = x;
      }
    }
    const restartBefore = (x: number) => kills.filter((k) => k < x).pop() ?? start;
    const s = make(
      'OOM-killed leak, restarts',
      'fills',
      rand,
      { direction: 'up', capacity: 6000, size: 6000, days: 28, sigma: 20 },
      (x) => Math.min(6000, usage(x, restartBefore(x)))
    );
    s.truthAfter = (at: number) => {
      const k = kills.find((x) => x + T0 >= at);
      return k === undefined ? Infinity : k + T0;
    };
    out.push(s);
  }
  {
    // The same leak, but a deploy restarts it every 2 days, long before the limit: never fills.
    const rand = r(7);
    const leak = between(rand, 30, 50) / HOUR_MS;
    out.push(
      make(
        'leak restarted by deploys',
        'never',
        rand,
        { direction: 'up', capacity: 6000, size: 6000, days: 28, sigma: 20 },
        (x) => 2000 + leak * (x % (2 * DAY_MS)) + 100 * daily(x)
      )
    );
  }
  {
    // Weekday/weekend and daily cycles on a steady fill: 80 % free reaches 0 on day 35-80 (evaluated
    // while the fill is at most 60 days away).
    const rand = r(8);
    const fillDay = between(rand, 35, 80);
    out.push(
      make(
        'weekly+daily cycles, trend',
        'fills',
        rand,
        { days: 28, sigma: 0.5 },
        (x) => 80 * (1 - x / (fillDay * DAY_MS)) + 4 * daily(x) + 6 * weekly(x)
      )
    );
  }
  for (const [label, stepMs, days] of [
    ['15 s', 15_000, 3],
    ['1 m', 60_000, 7],
    ['5 m', 300_000, 14],
  ] as const) {
    // Long lead: a steady fill with a 2 % daily cycle, due 15-60 days after the last sample.
    const rand = r(9 + stepMs);
    const due = between(rand, 15, 60);
    const rate = 60 / (days + due);
    out.push(
      make(
        `long lead (${label})`,
        'fills',
        rand,
        { stepMs, days, sigma: 0.5 },
        (x) => 60 - (rate * x) / DAY_MS + 2 * daily(x)
      )
    );
  }
  out.push(...shortTeeth(r));
  return out;
}

/** The demo's garbage-collection sawtooth: 25 MB every 7 minutes (seen every hour: a period of 7 samples). */
const gcSawtooth = (x: number) => 25 * ((x % (7 * 60_000)) / (7 * 60_000));

/** Restart times (ms since the start) 12-30 h apart over the families' 28 days, the first within 30 h. */
function restartTimes(rand: () => number): number[] {
  const out: number[] = [];
  for (let x = between(rand, 0, 30) * HOUR_MS; x <= 28 * DAY_MS; x += between(rand, 12, 30) * HOUR_MS) {
    out.push(x);
  }
  return out;
}

/**
 * Short teeth under a sawtooth, at an hour's step (12-30 values a tooth: the carry gate's shortest,
 * tte/toothGate.ts; the eval held none before): memory under the demo's 25 MB garbage-collection
 * sawtooth with noise of sd 3 MB.
 * - No fill: a process restarted at irregular times 12-30 h apart, 300 MB under its plateau, which it
 *   warms back up to (exponentially, time constant 2-4 h); the plateau wanders (AR(1), 0.9 an hour,
 *   sd 40 MB) and never trends, 400 MB under its limit: a tooth's wander carried across a restart, or
 *   the warm-up read as a fill, is a false alarm (3 MB/h: 5.5 d).
 * - Fills: a leak of 15-30 MB/h from 2,000 MB, OOM-killed at its 2,400 MB limit and restarted (teeth
 *   of 13-27 h); the truth is the next kill.
 */
function shortTeeth(r: (k: number) => () => number): FamilyScenario[] {
  const out: FamilyScenario[] = [];
  {
    const rand = r(20);
    const restarts = restartTimes(rand);
    const warm = restarts.map(() => between(rand, 2, 4) * HOUR_MS);
    // the plateau's wander at each hour, linear between
    const hours = 34 * 24;
    const walk = new Float64Array(hours + 1);
    walk[0] = 40 * gauss(rand);
    for (let h = 1; h <= hours; h++) {
      walk[h] = 0.9 * walk[h - 1] + 40 * Math.sqrt(1 - 0.81) * gauss(rand);
    }
    const plateau = (x: number) => {
      const h = Math.min(hours - 1, Math.max(0, x / HOUR_MS));
      const i = Math.floor(h);
      return 2000 + walk[i] + (walk[i + 1] - walk[i]) * (h - i);
    };
    out.push(
      make(
        'short teeth, no fill',
        'never',
        rand,
        { direction: 'up', capacity: 2400, size: 2400, stepMs: HOUR_MS, days: 28, sigma: 3 },
        (x) => {
          const k = restarts.filter((t) => t <= x).length - 1;
          const down = k < 0 ? 0 : 300 * Math.exp(-(x - restarts[k]) / warm[k]);
          return plateau(x) - down + gcSawtooth(x);
        }
      )
    );
  }
  {
    const rand = r(21);
    const leak = between(rand, 15, 30) / HOUR_MS;
    const usage = (x: number, since: number) => 2000 + leak * (x - since) + gcSawtooth(x);
    const starts: number[] = [-between(rand, 0, 400 / leak)]; // the process started before the data
    for (let x = starts[0]; x <= 33 * DAY_MS; x += 60_000) {
      if (usage(x, starts[starts.length - 1]) >= 2400) {
        starts.push(x);
      }
    }
    const kills = starts.slice(1);
    const s = make(
      'short teeth, OOM-killed leak',
      'fills',
      rand,
      { direction: 'up', capacity: 2400, size: 2400, stepMs: HOUR_MS, days: 28, sigma: 3 },
      (x) => usage(x, starts.filter((t) => t <= x).pop() ?? starts[0])
    );
    s.truthAfter = (at: number) => {
      const k = kills.find((x) => x + T0 >= at);
      return k === undefined ? Infinity : k + T0;
    };
    out.push(s);
  }
  return out;
}

/**
 * Free space (percent) falling from 80 at a rate that changes from day to day: `rates[d]` (percent per
 * day) holds through day d, so the cumulative use is piecewise linear between midnights. Rates are
 * drawn far enough ahead for the truth: a real disk's future days vary like its past ones, and no
 * interval that ignores this can hold the truth.
 */
function varyingRateFill(rates: number[]): Signal {
  const used = [0];
  for (const r of rates) {
    used.push(used[used.length - 1] + r);
  }
  return (x) => {
    const d = Math.min(rates.length - 1, Math.max(0, Math.floor(x / DAY_MS)));
    return 80 - used[d] - (rates[d] * (x - d * DAY_MS)) / DAY_MS;
  };
}

/** Days of rates drawn for the varying-rate families: past the data and the 60 days the eval looks ahead. */
const RATE_DAYS = 160;

/**
 * Fills whose rate varies from day to day (none in the families above, whose fills follow a fixed
 * curve): independent daily rates (lognormal, 30-60 % day-to-day spread), a rate that drifts as a
 * random walk of its logarithm (8-15 % a day), and a steady rate that steps up or down once (x 0.5-2)
 * 1.5-4 days before the end (the truth before the step is the crossing at the first rate). Due (at the
 * first or mean rate) 4-70 days after the end, at 1-minute steps over 7 days (the default training
 * window's length) or 5-minute steps over 14, like the long-lead families, with a 1.5 % daily cycle
 * and 0.3 % noise.
 */
export function varyingRateScenarios(seed: number): FamilyScenario[] {
  const r = (k: number) => mulberry32(seed * 1000 + 500 + k);
  const out: FamilyScenario[] = [];
  for (const [label, stepMs, days] of [
    ['1 m', 60_000, 7],
    ['5 m', 300_000, 14],
  ] as const) {
    const k = stepMs / 60_000;
    {
      const rand = r(k);
      const due = between(rand, 4, 70);
      const sd = between(rand, 0.3, 0.6);
      const mean = 80 / (days + due);
      // exp(sd z - sd^2 / 2) has mean 1: the rate's mean is `mean`.
      const rates = Array.from({ length: RATE_DAYS }, () => mean * Math.exp(sd * gauss(rand) - (sd * sd) / 2));
      const fill = varyingRateFill(rates);
      out.push(
        make(
          `daily rate varies (${label})`,
          'fills',
          rand,
          { stepMs, days, sigma: 0.3 },
          (x) => fill(x) + 1.5 * daily(x)
        )
      );
    }
    {
      const rand = r(10 + k);
      const due = between(rand, 4, 70);
      const sd = between(rand, 0.08, 0.15);
      const mean = 80 / (days + due);
      let log = 0;
      const rates = Array.from({ length: RATE_DAYS }, () => {
        const rate = mean * Math.exp(log);
        log += sd * gauss(rand);
        return rate;
      });
      const fill = varyingRateFill(rates);
      out.push(
        make(
          `rate random walk (${label})`,
          'fills',
          rand,
          { stepMs, days, sigma: 0.3 },
          (x) => fill(x) + 1.5 * daily(x)
        )
      );
    }
    {
      const rand = r(20 + k);
      const due = between(rand, 4, 70);
      const factor = Math.exp(between(rand, -Math.LN2, Math.LN2));
      const at = days - between(rand, 1.5, 4);
      const before = 80 / (days + due);
      const left = 80 - before * at;
      const after = before * factor;
      const fill = (x: number) =>
        x < at * DAY_MS ? 80 - (before * x) / DAY_MS : left - (after * (x - at * DAY_MS)) / DAY_MS;
      const s = make(
        `rate steps once (${label})`,
        'fills',
        rand,
        { stepMs, days, sigma: 0.3 },
        (x) => fill(x) + 1.5 * daily(x)
      );
      // Before the step the truth is the crossing at the first rate: a change of pace still to come is
      // an intervention no data before it can foretell (as the clean-ups' below), and time to
      // exhaustion answers "when, if nothing changes". After it, the data hold the new rate.
      const unchanged = crossingAfter((x) => 80 - (before * x) / DAY_MS + 1.5 * daily(x), 'down', 0);
      const changed = s.truthAfter;
      s.truthAfter = (t: number) => (t < T0 + at * DAY_MS ? unchanged(t) : changed(t));
      out.push(s);
    }
  }
  return out;
}

/** The earlier eval's scenarios (scenarios.ts: fills at day 10 of 14, and five that never fill) as families. */
export function basicFamilyScenarios(seed: number): FamilyScenario[] {
  return basicScenarios([seed]).map((s) => {
    const exhaust = T0 + s.exhaustAt;
    return {
      family: s.name.replace(', no trend', '') + (Number.isFinite(s.exhaustAt) ? '' : ' (never)'),
      kind: Number.isFinite(s.exhaustAt) ? ('fills' as const) : ('never' as const),
      direction: s.direction,
      capacity: s.capacity,
      size: s.direction === 'up' ? s.capacity : 100,
      stepMs: s.t[1] - s.t[0],
      t: s.t.map((x) => x + T0),
      v: s.v,
      // These fill once; a later evaluation time never sees the truth. With clean-ups, the truth is the
      // crossing seen from the evaluation time: a clean-up still to come is an intervention no data
      // before it can foretell, and time to exhaustion answers "when, if nothing changes".
      truthAfter: (at: number) => (s.fillsFrom ? T0 + s.fillsFrom(at - T0) : at <= exhaust ? exhaust : Infinity),
    };
  });
}
