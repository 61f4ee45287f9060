/**
 * Decides, for each alert of a notification and each rule it matches, whether to act, and acts:
 * the safety rules in order — resolved alerts are left alone; the target must come out of the
 * alert's labels and lie inside the allow-list; an alert (fingerprint and start) acts once per
 * rule; a silenced or inhibited alert is left alone; each target has a cool-down and an hourly
 * limit; the target is read and must carry the allowed labels; then the planned request is sent,
 * or in dry-run only recorded. Every decision is one audit-log line and one count in /metrics.
 * Notifications are handled one at a time, so two at once cannot both pass a rate limit.
 */
import type { AuditEntry, AuditLog, Outcome } from './auditLog';
import type { KubeApi } from './kubeClient';
import { matchesAll } from './matchers';
import type { IncomingAlert, Notification } from './payload';
import { planAction, type Plan, targetKey, type TargetRef } from './plan';
import { RateLimiter, SeenAlerts } from './rateLimiter';
import { fillTemplate, type RemediateConfig, type RemediationRule } from './remediateConfig';
import type { RemediateMetrics } from './remediateMetrics';

/** Whether Alertmanager holds the alert silenced or inhibited: the reason, or undefined if active. */
export type SuppressionCheck = (alert: IncomingAlert, source: Notification['source']) => Promise<string | undefined>;

export interface RemediatorDeps {
  config: RemediateConfig;
  kube: KubeApi;
  audit: AuditLog;
  metrics: RemediateMetrics;
  suppressed?: SuppressionCheck;
  now?: () => number;
}

interface Decision {
  outcome: Outcome;
  reason: string;
  target?: TargetRef;
  plan?: Plan;
}

function labelsMatch(want: Record<string, string>, have: Record<string, string> | undefined): string | undefined {
  const missing = Object.entries(want).filter(([k, v]) => have?.[k] !== v);
  return missing.length ? missing.map(([k, v]) => `${k}=${v}`).join(', ') : undefined;
}

export class Remediator {
  private readonly limiter = new RateLimiter();
  private readonly seen = new SeenAlerts();
  private queue: Promise<unknown> = Promise.resolve();
  private readonly now: () => number;

  constructor(private readonly deps: RemediatorDeps) {
    this.now = deps.now ?? Date.now;
  }

  /** Handles a notification; resolves to the audit entries it wrote. */
  handle(n: Notification): Promise<AuditEntry[]> {
    const run = this.queue.then(() => this.handleNow(n));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async handleNow(n: Notification): Promise<AuditEntry[]> {
    const entries: AuditEntry[] = [];
    for (const alert of n.alerts) {
      for (const rule of this.deps.config.rules.filter((r) => matchesAll(r.matchers, alert.labels))) {
        const d = await this.decide(rule, alert, n.source);
        const entry: AuditEntry = {
          time: new Date(this.now()).toISOString(),
          outcome: d.outcome,
          dryRun: this.deps.config.dryRun,
          rule: rule.name,
          action: rule.action,
          target: d.target ? targetKey(d.target) : undefined,
          reason: d.reason,
          change: d.plan?.change,
          request: d.plan
            ? { verb: d.plan.request.verb, path: d.plan.request.path, contentType: d.plan.request.contentType }
            : undefined,
          alert: {
            alertname: alert.labels.alertname,
            fingerprint: alert.fingerprint,
            startsAt: alert.startsAt,
            status: alert.status,
            source: n.source,
            labels: alert.labels,
          },
        };
        this.deps.audit.append(entry);
        this.deps.metrics.action(rule.name, rule.action, d.outcome);
        entries.push(entry);
      }
    }
    return entries;
  }

  private async decide(rule: RemediationRule, alert: IncomingAlert, source: Notification['source']): Promise<Decision> {
    const { config, kube } = this.deps;
    if (alert.status === 'resolved') {
      return { outcome: 'skipped', reason: 'the alert is resolved' };
    }
    const name = fillTemplate(rule.target.name, alert.labels);
    const ns = rule.target.namespace === undefined ? undefined : fillTemplate(rule.target.namespace, alert.labels);
    if ('missing' in name || (ns && 'missing' in ns)) {
      const label = 'missing' in name ? name.missing : (ns as { missing: string }).missing;
      return { outcome: 'refused', reason: `the alert has no ${label} label, which the target needs` };
    }
    const target: TargetRef = {
      kind: rule.target.kind,
      namespace: ns && 'value' in ns ? ns.value : undefined,
      name: name.value,
    };
    if (target.namespace !== undefined && !config.allow.namespaces.includes(target.namespace)) {
      return { outcome: 'refused', reason: `namespace ${target.namespace} is not in allow.namespaces`, target };
    }
    const key = `${alert.fingerprint}|${alert.startsAt}|${rule.name}`;
    const now = this.now();
    if (this.seen.has(key, now)) {
      return {
        outcome: 'duplicate',
        reason: `alert ${alert.fingerprint} (started ${alert.startsAt}) was already handled by this rule`,
        target,
      };
    }
    const suppressed = await this.deps.suppressed?.(alert, source);
    if (suppressed) {
      return { outcome: 'skipped', reason: suppressed, target };
    }
    const limited = this.limiter.check(targetKey(target), now, rule.cooldownMs, rule.maxPerHour);
    if (limited) {
      return { outcome: 'rate-limited', reason: limited, target };
    }
    let current;
    try {
      current = await kube.read(target);
    } catch (e) {
      return { outcome: 'failed', reason: (e as Error).message, target };
    }
    const want = target.kind === 'Node' ? config.allow.nodeLabels : config.allow.labels;
    const lacking = labelsMatch(want, current.metadata?.labels);
    if (lacking) {
      return { outcome: 'refused', reason: `the ${target.kind} lacks the allowed labels ${lacking}`, target };
    }
    const plan = planAction(rule, target, current, now, key);
    if (typeof plan === 'string') {
      return { outcome: 'noop', reason: plan, target };
    }
    const why =
      alert.annotations.summary ?? alert.annotations.description ?? `${alert.labels.alertname ?? 'alert'} firing`;
    this.limiter.record(targetKey(target), now);
    if (config.dryRun) {
      this.seen.add(key, now);
      return { outcome: 'dry-run', reason: why, target, plan };
    }
    try {
      await kube.send(target, plan);
    } catch (e) {
      return { outcome: 'failed', reason: (e as Error).message, target, plan };
    }
    this.seen.add(key, now);
    return { outcome: 'done', reason: why, target, plan };
  }
}
