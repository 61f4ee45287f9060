/**
 * Asks Alertmanager (API v2) whether an alert it sent is still active, just before acting: a
 * silence or an inhibition may have begun since the notification left. A Grafana notification is
 * not Alertmanager's, so it is not checked (Grafana sends no silenced alert).
 */
import type { SuppressionCheck } from './remediator';

interface AmAlert {
  fingerprint: string;
  status?: { state?: string; silencedBy?: string[]; inhibitedBy?: string[] };
}

export function alertmanagerSuppression(baseUrl: string, timeoutMs = 10_000): SuppressionCheck {
  return async (alert, source) => {
    if (source !== 'alertmanager') {
      return undefined;
    }
    const filter = alert.labels.alertname
      ? `&filter=${encodeURIComponent(`alertname="${alert.labels.alertname}"`)}`
      : '';
    const url = `${baseUrl}/api/v2/alerts?active=true&silenced=true&inhibited=true${filter}`;
    let alerts: AmAlert[];
    try {
      const r = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
      if (!r.ok) {
        return `cannot check the alert's state at ${baseUrl}: HTTP ${r.status}; not acting`;
      }
      alerts = (await r.json()) as AmAlert[];
    } catch (e) {
      return `cannot check the alert's state at ${baseUrl}: ${(e as Error).message}; not acting`;
    }
    const found = alerts.find((a) => a.fingerprint === alert.fingerprint);
    if (!found) {
      return 'Alertmanager no longer holds the alert (resolved since)';
    }
    if (found.status?.silencedBy?.length) {
      return `silenced by ${found.status.silencedBy.join(', ')}`;
    }
    if (found.status?.inhibitedBy?.length) {
      return `inhibited by ${found.status.inhibitedBy.join(', ')}`;
    }
    return undefined;
  };
}
