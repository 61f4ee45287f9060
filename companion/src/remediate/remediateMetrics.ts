/**
 * Counters of remediation, served at /metrics in the Prometheus text format: decisions by rule,
 * action and outcome, notifications by source, and refused webhook bodies.
 */
import type { Outcome } from './auditLog';

function escape(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function labelText(labels: Record<string, string>): string {
  const parts = Object.entries(labels).map(([k, v]) => `${k}="${escape(v)}"`);
  return parts.length ? `{${parts.join(',')}}` : '';
}

class Counter {
  private readonly values = new Map<string, number>();
  constructor(
    readonly name: string,
    readonly help: string
  ) {}

  inc(labels: Record<string, string> = {}): void {
    const key = labelText(labels);
    this.values.set(key, (this.values.get(key) ?? 0) + 1);
  }

  text(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`];
    for (const [labels, v] of [...this.values].sort()) {
      lines.push(`${this.name}${labels} ${v}`);
    }
    return lines.join('\n');
  }
}

export class RemediateMetrics {
  readonly actions = new Counter(
    'bellwether_remediate_actions_total',
    'Remediation decisions by rule, action and outcome (done, dry-run, failed, refused, rate-limited, duplicate, noop, skipped).'
  );
  readonly notifications = new Counter(
    'bellwether_remediate_notifications_total',
    'Webhook notifications received, by source.'
  );
  readonly rejected = new Counter(
    'bellwether_remediate_rejected_requests_total',
    'Webhook requests refused (bad body, auth), by reason.'
  );

  action(rule: string, action: string, outcome: Outcome): void {
    this.actions.inc({ rule, action, outcome });
  }

  text(): string {
    return [this.actions, this.notifications, this.rejected].map((c) => c.text()).join('\n') + '\n';
  }
}
