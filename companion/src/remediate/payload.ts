/**
 * The webhook bodies remediation accepts, reduced to the alerts it acts on: Alertmanager's webhook
 * (payload version "4") and Grafana's webhook contact point (version "1"). Both carry, per alert,
 * its status, labels, start time and a fingerprint, which is what the safety rules need.
 */

/** One alert, whichever sender it came from. */
export interface IncomingAlert {
  status: 'firing' | 'resolved';
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  /** The sender's identity of the alert's label set. */
  fingerprint: string;
}

/** A parsed notification. */
export interface Notification {
  source: 'alertmanager' | 'grafana';
  alerts: IncomingAlert[];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function stringRecord(v: unknown): Record<string, string> | undefined {
  if (!isRecord(v) || Object.values(v).some((x) => typeof x !== 'string')) {
    return undefined;
  }
  return v as Record<string, string>;
}

/** Parses a webhook body; a string is the one-line reason it is refused (HTTP 400). */
export function parseNotification(body: unknown): Notification | string {
  if (!isRecord(body)) {
    return 'the body must be a JSON object (an Alertmanager or Grafana webhook notification)';
  }
  const source = body.version === '4' ? 'alertmanager' : body.version === '1' ? 'grafana' : undefined;
  if (!source) {
    return `unsupported webhook version ${JSON.stringify(body.version)}: expected "4" (Alertmanager) or "1" (Grafana)`;
  }
  if (!Array.isArray(body.alerts)) {
    return 'alerts must be a list';
  }
  const alerts: IncomingAlert[] = [];
  for (const [i, a] of body.alerts.entries()) {
    const labels = isRecord(a) ? stringRecord(a.labels) : undefined;
    if (!isRecord(a) || !labels) {
      return `alerts[${i}] must be an object with string labels`;
    }
    if (a.status !== 'firing' && a.status !== 'resolved') {
      return `alerts[${i}].status must be "firing" or "resolved", got ${JSON.stringify(a.status)}`;
    }
    if (typeof a.fingerprint !== 'string' || a.fingerprint === '') {
      return `alerts[${i}].fingerprint is missing; remediation is idempotent on it`;
    }
    if (typeof a.startsAt !== 'string') {
      return `alerts[${i}].startsAt is missing`;
    }
    alerts.push({
      status: a.status,
      labels,
      annotations: stringRecord(a.annotations) ?? {},
      startsAt: a.startsAt,
      fingerprint: a.fingerprint,
    });
  }
  return { source, alerts };
}
