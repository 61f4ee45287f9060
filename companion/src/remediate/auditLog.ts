/**
 * The audit log: one JSON object per line, appended (the file is opened in append mode and never
 * rewritten), for every decision remediation makes about an alert and a rule: what was done, what
 * would have been done in dry-run, or why nothing was, with the alert it was for.
 */
import { appendFileSync, closeSync, openSync } from 'node:fs';
import type { KubeRequest } from './plan';

/** What came of one alert under one rule. */
export type Outcome =
  | 'done' // the request was sent and accepted
  | 'dry-run' // the request would have been sent
  | 'failed' // the request was sent and refused, or the target could not be read
  | 'refused' // outside the allow-list, or a label the target needs is missing
  | 'rate-limited' // cool-down or hourly limit of the target
  | 'duplicate' // this alert (fingerprint and start) was already handled by this rule
  | 'noop' // the target is already where the action would take it, or at its bound
  | 'skipped'; // resolved, silenced or inhibited

export const OUTCOMES: readonly Outcome[] = [
  'done',
  'dry-run',
  'failed',
  'refused',
  'rate-limited',
  'duplicate',
  'noop',
  'skipped',
];

export interface AuditEntry {
  time: string;
  outcome: Outcome;
  dryRun: boolean;
  rule: string;
  action: string;
  target?: string;
  /** Why: the reason for the outcome, or the alert's summary for an action. */
  reason: string;
  change?: Record<string, unknown>;
  request?: Pick<KubeRequest, 'verb' | 'path' | 'contentType'>;
  alert: {
    alertname?: string;
    fingerprint: string;
    startsAt: string;
    status: string;
    source: string;
    labels: Record<string, string>;
  };
}

export class AuditLog {
  constructor(readonly path: string) {
    // Fails at start-up, not at the first alert, when the file cannot be written.
    closeSync(openSync(path, 'a'));
  }

  append(entry: AuditEntry): void {
    appendFileSync(this.path, JSON.stringify(entry) + '\n', { flag: 'a' });
  }
}
