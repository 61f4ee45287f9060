/**
 * The webhook endpoint with a stand-in Kubernetes client: Grafana's contact-point payload is
 * accepted like Alertmanager's, a body that is not a notification is a 400 with one line, a wrong
 * token a 401, and nothing reaches Kubernetes in either case.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../log/logger';
import { AuditLog } from './auditLog';
import type { KubeApi } from './kubeClient';
import type { Plan, TargetRef } from './plan';
import { remediateFromRaw } from './remediateConfig';
import { RemediateMetrics } from './remediateMetrics';
import { type RemediateServer, startRemediateServer } from './remediateServer';
import { Remediator } from './remediator';

let dir: string;
let server: RemediateServer;
const sent: Array<[TargetRef, Plan]> = [];

const kube: KubeApi = {
  server: 'stand-in',
  read: async (t) => ({ metadata: { name: t.name, labels: { team: 'web' } }, spec: { unschedulable: false } }),
  send: async (t, p) => {
    sent.push([t, p]);
  },
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bellwether-remediate-server-'));
  const config = remediateFromRaw({
    dryRun: false,
    auditLog: join(dir, 'audit.jsonl'),
    allow: { nodeLabels: { team: 'web' } },
    auth: { bearerToken: 's3cret' },
    rules: [{ name: 'cordon', matchers: ['alertname="NodeBad"'], action: 'cordon', target: { name: '{{node}}' } }],
  });
  const metrics = new RemediateMetrics();
  const remediator = new Remediator({ config, kube, audit: new AuditLog(config.auditLog), metrics });
  server = await startRemediateServer({
    host: '127.0.0.1',
    port: 0,
    authToken: 's3cret',
    remediator,
    metrics,
    log: silentLogger,
  });
});

afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

const post = (body: unknown, token = 's3cret') =>
  fetch(`${server.url}/webhook`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });

/** A Grafana webhook contact point's notification (version "1"), trimmed to the fields that matter. */
const grafana = {
  receiver: 'remediate',
  status: 'firing',
  orgId: 1,
  version: '1',
  groupKey: '{}:{alertname="NodeBad"}',
  alerts: [
    {
      status: 'firing',
      labels: { alertname: 'NodeBad', node: 'node-7', grafana_folder: 'Bellwether' },
      annotations: { summary: 'node-7 is bad' },
      startsAt: '2026-12-05T06:00:00Z',
      endsAt: '0001-01-01T00:00:00Z',
      fingerprint: '4f9c2a1b0d3e5f67',
      silenceURL: 'http://grafana/alerting/silence/new',
    },
  ],
};

it('acts on a Grafana contact point notification', async () => {
  const r = await post(grafana);
  expect(r.status).toBe(200);
  expect(await r.json()).toEqual({
    decisions: [{ rule: 'cordon', action: 'cordon', target: 'Node/node-7', outcome: 'done', reason: 'node-7 is bad' }],
  });
  expect(sent.map(([t]) => t)).toEqual([{ kind: 'Node', name: 'node-7' }]);
  const audit = readFileSync(join(dir, 'audit.jsonl'), 'utf8').trim().split('\n');
  expect(JSON.parse(audit[0])).toMatchObject({
    outcome: 'done',
    alert: { source: 'grafana', fingerprint: '4f9c2a1b0d3e5f67' },
  });
});

it('refuses what is not a notification, in one line', async () => {
  const r = await post({ version: '3', alerts: [] });
  expect(r.status).toBe(400);
  expect(await r.json()).toEqual({
    error: 'unsupported webhook version "3": expected "4" (Alertmanager) or "1" (Grafana)',
  });
  const noPrint = await post({ ...grafana, alerts: [{ ...grafana.alerts[0], fingerprint: undefined }] });
  expect(noPrint.status).toBe(400);
  expect((await noPrint.json()).error).toBe('alerts[0].fingerprint is missing; remediation is idempotent on it');
});

it('refuses a wrong token', async () => {
  const r = await post(grafana, 'guess');
  expect(r.status).toBe(401);
  expect(sent).toHaveLength(1);
});

it('serves its counters', async () => {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  expect(text).toContain('bellwether_remediate_actions_total{rule="cordon",action="cordon",outcome="done"} 1');
  expect(text).toContain('bellwether_remediate_rejected_requests_total{reason="unauthorized"} 1');
  expect(text).toContain('bellwether_remediate_rejected_requests_total{reason="bad_body"} 2');
});
