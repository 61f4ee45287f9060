/**
 * Time-to-exhaustion evaluation on generated scenarios (see scenarios.ts) against the kube-prometheus
 * style rule: `predict_linear(x[6h], 24h)` past the limit while free space is under 15 % (used over
 * 85 % for memory), held for 1 h.
 *
 * - Error: at evaluation times every 6 h from day 2, while the true remaining time is between 1 h and
 *   7 days, |predicted - true| / true in percent; a prediction of "never" (+Inf) counts as an infinite
 *   error. Median and p90 per method, overall and on the seasonal-or-noisy subset (the target's).
 * - Alerts: ours fires when `seconds <= 7 d` and `confidence >= 0.5` (checked every 6 h); the rule is
 *   checked every 10-minute step. Lead time = true exhaustion - first alert (median over scenarios
 *   that reach their limit; a miss counts 0). False alerts: scenarios that never reach their limit but
 *   alerted.
 */
import { ForecastModel } from '../../src/ml/forecast';
import { predictLinear } from '../../src/ml/models/linear';
import { timeToExhaustion } from '../../src/ml/tte';
import { MlError } from '../../src/ml/types';
import { DAY_MS, HOUR_MS, LongLeadScenario, STEP_MS, Scenario } from './scenarios';

const RULE_WINDOW_MS = 6 * HOUR_MS;
const RULE_AHEAD_S = 24 * 3600;
const EVAL_EVERY_MS = 6 * HOUR_MS;
const OUR_ALERT_S = 7 * 86400;

/** Seconds until the 6 h least-squares line at `now` reaches the limit (+Inf when heading away). */
export function ruleTte(s: Scenario, endIdx: number): number {
  const now = s.t[endIdx];
  const t: number[] = [];
  const v: number[] = [];
  for (let i = endIdx; i >= 0 && s.t[i] >= now - RULE_WINDOW_MS; i--) {
    t.push(s.t[i] / 1000);
    v.push(s.v[i]);
  }
  t.reverse();
  v.reverse();
  const at0 = predictLinear(t, v, now / 1000, 0);
  const at1 = predictLinear(t, v, now / 1000, 1);
  const slope = at1 - at0;
  const up = s.direction === 'up';
  if (up ? at0 >= s.capacity : at0 <= s.capacity) {
    return 0;
  }
  if (up ? slope <= 0 : slope >= 0) {
    return Infinity;
  }
  return (s.capacity - at0) / slope;
}

function ruleFires(s: Scenario, i: number): boolean {
  const v = s.v[i];
  const share = (100 * v) / (s.direction === 'up' ? s.capacity : 100);
  const beyond = s.direction === 'up' ? share > s.ruleThreshold : share < s.ruleThreshold;
  return beyond && ruleTte(s, i) <= RULE_AHEAD_S;
}

export interface MethodStats {
  errors: number[];
  errorsHard: number[];
  leads: number[];
  falseAlerts: number;
  /** "name (noise)" of the scenarios that never reach their limit but alerted. */
  falseAlertNames: string[];
  negatives: number;
  calls: number;
  seconds: number;
  /** Errors per scenario ("name (noise)"). */
  byScenario: Map<string, number[]>;
}

function stats(): MethodStats {
  return {
    errors: [],
    errorsHard: [],
    leads: [],
    falseAlerts: 0,
    falseAlertNames: [],
    negatives: 0,
    calls: 0,
    seconds: 0,
    byScenario: new Map(),
  };
}

/** Runs our TTE (`model`) and the rule over every scenario. */
export function evaluateTte(all: Scenario[], model: ForecastModel): { ours: MethodStats; rule: MethodStats } {
  const ours = stats();
  const rule = stats();
  const stepsPerEval = Math.round(EVAL_EVERY_MS / STEP_MS);
  for (const s of all) {
    const positive = Number.isFinite(s.exhaustAt);
    let ourFirst = Infinity;
    let ruleFirst = Infinity;
    let held = 0;
    const last = s.t.length - 1;
    for (let i = Math.round(RULE_WINDOW_MS / STEP_MS); i <= last; i++) {
      if (positive && s.t[i] >= s.exhaustAt) {
        break;
      }
      held = ruleFires(s, i) ? held + 1 : 0;
      if (held >= Math.round(HOUR_MS / STEP_MS) && ruleFirst === Infinity) {
        ruleFirst = s.t[i];
      }
      if (s.t[i] < 2 * DAY_MS || i % stepsPerEval !== 0) {
        continue;
      }
      const start = performance.now();
      let r = { seconds: Infinity, confidence: 0 };
      try {
        r = timeToExhaustion({ t: s.t, v: s.v }, { capacity: s.capacity, direction: s.direction, model, now: s.t[i] });
      } catch (e) {
        // Right after a reset too few points remain: no prediction yet (counts as "never").
        if (!(e instanceof MlError && e.code === 'not_enough_data')) {
          throw e;
        }
      }
      ours.seconds += (performance.now() - start) / 1000;
      ours.calls++;
      if (r.seconds <= OUR_ALERT_S && r.confidence >= 0.5 && ourFirst === Infinity) {
        ourFirst = s.t[i];
      }
      const remaining = (s.exhaustAt - s.t[i]) / 1000;
      if (positive && remaining >= 3600 && remaining <= 7 * 86400) {
        const ruleSec = ruleTte(s, i);
        const e1 = (100 * Math.abs(r.seconds - remaining)) / remaining;
        const e2 = (100 * Math.abs(ruleSec - remaining)) / remaining;
        ours.errors.push(e1);
        rule.errors.push(e2);
        const key = `${s.name} (${s.noise})`;
        ours.byScenario.set(key, [...(ours.byScenario.get(key) ?? []), e1]);
        rule.byScenario.set(key, [...(rule.byScenario.get(key) ?? []), e2]);
        if (s.seasonalOrNoisy) {
          ours.errorsHard.push(e1);
          rule.errorsHard.push(e2);
        }
      }
    }
    if (positive) {
      ours.leads.push(Number.isFinite(ourFirst) ? (s.exhaustAt - ourFirst) / HOUR_MS : 0);
      rule.leads.push(Number.isFinite(ruleFirst) ? (s.exhaustAt - ruleFirst) / HOUR_MS : 0);
    } else {
      ours.negatives++;
      rule.negatives++;
      for (const [m, first] of [
        [ours, ourFirst],
        [rule, ruleFirst],
      ] as const) {
        if (Number.isFinite(first)) {
          m.falseAlerts++;
          m.falseAlertNames.push(`${s.name} (${s.noise})`);
        }
      }
    }
  }
  return { ours, rule };
}

/** Nearest-rank quantile (works with +Infinity entries). */
export function q(xs: number[], p: number): number {
  if (xs.length === 0) {
    return NaN;
  }
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.max(0, Math.ceil(p * s.length) - 1)];
}

/** One row of the long-lead table. */
export interface LongLeadRow {
  name: string;
  trueDays: number;
  horizonDays: number;
  /** Predicted days (+Infinity = not within the horizon). */
  days: number;
  errorPct: number;
  lowerDays: number;
  upperDays: number;
  confidence: number;
  verdict: string;
  stepSeconds: number;
  seconds: number;
}

/**
 * Time to exhaustion at the last sample of each long-lead scenario with a horizon of `horizonDays`:
 * the error of the crossing against the truth (a "never" counts as an infinite error when the truth is
 * within the horizon), the verdict and the confidence.
 */
export function evaluateLongLead(all: LongLeadScenario[], horizonDays: number): LongLeadRow[] {
  return all.map((s) => {
    const now = s.t[s.t.length - 1];
    const start = performance.now();
    const r = timeToExhaustion({ t: s.t, v: s.v }, { capacity: 0, direction: 'down', horizon: horizonDays * DAY_MS });
    const trueDays = (s.exhaustAt - now) / DAY_MS;
    const days = r.seconds / 86400;
    return {
      name: s.name,
      trueDays,
      horizonDays,
      days,
      errorPct: (100 * Math.abs(days - trueDays)) / trueDays,
      lowerDays: r.lower / 86400,
      upperDays: r.upper / 86400,
      confidence: r.confidence,
      verdict: r.verdict,
      stepSeconds: r.forecastStepSeconds,
      seconds: (performance.now() - start) / 1000,
    };
  });
}
