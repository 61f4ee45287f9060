/**
 * Recording rules: on every interval, evaluates the configured derived series at "now" and keeps
 * the latest values for /metrics, named as users know them from Grafana ML:
 * `<name>:anomaly_score`, `<name>:anomaly_upper`, `<name>:anomaly_lower`,
 * `<name>:predicted{ml_forecast="yhat|yhat_lower|yhat_upper"}`, `<name>:time_to_exhaustion_seconds`,
 * for trends `<name>:trend_slope` (per second, like PromQL's deriv) and `<name>:trend_pvalue`, and
 * for group outliers `<name>:outlier_score`.
 */
import type { RecordingRule } from '../config/config';
import type { EngineEnv } from '../../../src/engine/context';
import { parseValue } from '../../../src/common/promValue';
import { evaluateInstant } from '../query/evaluate';
import type { Logger } from '../log/logger';
import type { DerivedQuery } from '../query/ast';
import { parseQuery } from '../query/parser';
import { type FunctionName, SIGNATURES } from '../query/signatures';
import type { Family, Sample } from './openMetrics';

interface Output {
  family: string;
  help: string;
  query: DerivedQuery;
  extraLabels: Record<string, string>;
}

/** Turns a rule into the derived queries it records (validated by the same parser as the API). */
export function ruleOutputs(rule: RecordingRule, stepMs: number): Output[] {
  const options = `${rule.options ?? ''}${/\bstep=/.test(rule.options ?? '') ? '' : ` step=${stepMs / 1000}s`}`.trim();
  const q = (call: string) => {
    const parsed = parseQuery(call);
    if (parsed.kind !== 'derived') {
      throw new Error(`rule ${rule.name}: ${call} did not parse as a derived query`);
    }
    return parsed;
  };
  const out: Output[] = [];
  // Each function receives only the options its signature accepts (model= means nothing to tte).
  const optFor = (fn: FunctionName) =>
    JSON.stringify(
      options
        .split(/\s+/)
        .filter((p) => (SIGNATURES[fn].options as string[]).includes(p.split('=')[0]))
        .join(' ')
    );
  if (rule.record.includes('anomaly')) {
    out.push(
      {
        family: `${rule.name}:anomaly_score`,
        help: 'Anomaly score in [0, 1] (Bellwether).',
        query: q(`anomaly_score(${rule.expr}, ${optFor('anomaly_score')})`),
        extraLabels: {},
      },
      {
        family: `${rule.name}:anomaly_upper`,
        help: 'Upper edge of the expected band (Bellwether).',
        query: q(`anomaly_upper(${rule.expr}, ${optFor('anomaly_upper')})`),
        extraLabels: {},
      },
      {
        family: `${rule.name}:anomaly_lower`,
        help: 'Lower edge of the expected band (Bellwether).',
        query: q(`anomaly_lower(${rule.expr}, ${optFor('anomaly_lower')})`),
        extraLabels: {},
      }
    );
  }
  if (rule.record.includes('forecast')) {
    const help = `Forecast for now + ${rule.horizon}, with its interval (Bellwether).`;
    for (const [fn, band] of [
      ['forecast', 'yhat'],
      ['forecast_lower', 'yhat_lower'],
      ['forecast_upper', 'yhat_upper'],
    ]) {
      out.push({
        family: `${rule.name}:predicted`,
        help,
        query: q(`${fn}(${rule.expr}, ${rule.horizon}, ${optFor(fn as FunctionName)})`),
        extraLabels: { ml_forecast: band },
      });
    }
  }
  if (rule.record.includes('time_to_exhaustion')) {
    out.push({
      family: `${rule.name}:time_to_exhaustion_seconds`,
      help: `Seconds until the series reaches ${rule.capacity} (Bellwether; +Inf when it never does).`,
      query: q(`time_to_exhaustion(${rule.expr}, ${rule.capacity}, ${optFor('time_to_exhaustion')})`),
      extraLabels: {},
    });
  }
  if (rule.record.includes('trend')) {
    // Both come from one cached fit per window (functions.ts), so recording both costs one fit.
    out.push(
      {
        family: `${rule.name}:trend_slope`,
        help: "Sen's slope of the training window since its last reset, per second (Bellwether).",
        query: q(`trend_slope(${rule.expr}, ${optFor('trend_slope')})`),
        extraLabels: {},
      },
      {
        family: `${rule.name}:trend_pvalue`,
        help: 'Two-sided Mann-Kendall p-value of the training window since its last reset; small means a real trend (Bellwether).',
        query: q(`trend_pvalue(${rule.expr}, ${optFor('trend_pvalue')})`),
        extraLabels: {},
      }
    );
  }
  if (rule.record.includes('outliers')) {
    out.push({
      family: `${rule.name}:outlier_score`,
      help: 'Outlier score in [0, 1] of each member within its group; 0.5 and above is out of line (Bellwether).',
      query: q(`outliers(${rule.expr}, ${optFor('outliers')})`),
      extraLabels: {},
    });
  }
  return out;
}

/** Runs the rules on a timer and holds their latest samples. */
export class RuleEvaluator {
  private readonly outputs: Array<Output & { rule: string }>;
  private latest = new Map<string, { help: string; samples: Sample[] }>();
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  /** Counters for /metrics. */
  readonly stats = { evaluations: 0, failures: 0, lastSuccessSeconds: 0 };

  constructor(
    rules: RecordingRule[],
    stepMs: number,
    private readonly intervalMs: number,
    private readonly env: () => EngineEnv,
    private readonly log: Logger
  ) {
    this.outputs = rules.flatMap((r) => ruleOutputs(r, stepMs).map((o) => ({ ...o, rule: r.name })));
  }

  /** Evaluates now, then every interval. */
  start(): void {
    if (this.outputs.length === 0) {
      return;
    }
    const tick = () => {
      this.running = this.evaluateOnce().finally(() => {
        this.running = undefined;
      });
    };
    tick();
    this.timer = setInterval(() => !this.running && tick(), this.intervalMs);
    this.timer.unref();
  }

  /** Stops the timer and waits for an evaluation in progress. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** Evaluates every rule output once at the current time. */
  async evaluateOnce(): Promise<void> {
    const next = new Map<string, { help: string; samples: Sample[] }>();
    const env = this.env();
    let failed = false;
    for (const o of this.outputs) {
      try {
        const r = await evaluateInstant(o.query, env.now(), env);
        const fam = next.get(o.family) ?? { help: o.help, samples: [] };
        next.set(o.family, fam);
        for (const s of r.result) {
          fam.samples.push({ labels: { ...s.metric, ...o.extraLabels }, value: parseValue(s.value[1]) });
        }
      } catch (err) {
        failed = true;
        this.log.warn('recording rule evaluation failed', {
          rule: o.rule,
          family: o.family,
          error: (err as Error).message,
        });
        const prev = this.latest.get(o.family);
        if (prev && !next.has(o.family)) {
          next.set(o.family, prev); // keep the last good values rather than dropping the series
        }
      }
    }
    this.stats.evaluations++;
    if (failed) {
      this.stats.failures++;
    } else {
      this.stats.lastSuccessSeconds = env.now() / 1000;
    }
    this.latest = next;
  }

  /** Latest recorded families for /metrics. */
  families(): Family[] {
    return [...this.latest.entries()].map(([name, f]) => ({ name, type: 'gauge', help: f.help, samples: f.samples }));
  }
}
