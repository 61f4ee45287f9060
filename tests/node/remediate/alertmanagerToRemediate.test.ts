/**
 * Remediation end to end from a real Alertmanager (Debian package prometheus-alertmanager): alerts
 * posted to Alertmanager are routed by its webhook to `bellwether remediate` (startRemediate, as
 * the command runs it), which acts on the recording stand-in Kubernetes API server
 * (tests/support/kubeApiServer.ts). One remediate instance is live, one is in its default dry-run.
 *
 * Checked, from the audit log and the requests the API server received: a live action is sent
 * once and logged with its reason; Alertmanager's repeats of the same alert are duplicates
 * (idempotency on the fingerprint); another alert on the same target inside the cool-down is
 * rate-limited; a target outside the allow-list and a resolved alert get no request; an alert
 * silenced after its notification left is left alone; dry-run logs the request it would send and
 * sends none; /metrics counts each outcome.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { silentLogger } from '../../../companion/src/log/logger';
import type { AuditEntry } from '../../../companion/src/remediate/auditLog';
import { remediateFromRaw } from '../../../companion/src/remediate/remediateConfig';
import { type Remediate, startRemediate } from '../../../companion/src/remediate/startRemediate';
import { startAlertmanager, type TestAlertmanager } from '../../support/alertmanager';
import { type KubeApiServer, startKubeApiServer } from '../../support/kubeApiServer';
import { deployment, pvc } from '../../support/kubeFixtures';
import { until } from '../../support/until';
import { startWebhook, type TestWebhook } from '../../support/webhook';

const ALLOWED = { 'bellwether.io/remediate': 'true' };
const API = '/apis/apps/v1/namespaces/web/deployments/api';

let dir: string;
let kube: KubeApiServer;
let live: Remediate;
let dry: Remediate;
let am: TestAlertmanager;
let capture: TestWebhook;

function config(name: string, dryRun: boolean | undefined, amUrl?: string) {
  return remediateFromRaw({
    listen: { host: '127.0.0.1', port: 0 },
    ...(dryRun === undefined ? {} : { dryRun }),
    auditLog: join(dir, `${name}.jsonl`),
    kubernetes: { kubeconfig: kube.kubeconfig },
    ...(amUrl ? { alertmanager: { url: amUrl } } : {}),
    allow: { namespaces: ['web'], labels: ALLOWED },
    limits: { cooldown: '1h', maxPerHour: 5 },
    rules: [
      {
        name: 'restart-leaking',
        matchers: ['alertname="BellwetherMemoryLeakSuspected"'],
        action: 'restart',
        target: { kind: 'Deployment', namespace: '{{namespace}}', name: '{{deployment}}' },
      },
      {
        name: 'expand-volume',
        matchers: ['alertname="BellwetherDiskFullWithin2Days"'],
        action: 'expandPvc',
        target: { namespace: '{{namespace}}', name: '{{persistentvolumeclaim}}' },
        expand: { by: '10Gi', limit: '30Gi' },
      },
    ],
  });
}

function audit(name: string): AuditEntry[] {
  let text = '';
  try {
    text = readFileSync(join(dir, `${name}.jsonl`), 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as AuditEntry);
}

/** Posts alerts to Alertmanager's API, as a rule evaluator does; `resolved` ends them now. */
async function fire(labels: Array<Record<string, string>>, resolved = false): Promise<void> {
  const now = Date.now();
  const body = labels.map((l) => ({
    labels: l,
    annotations: { summary: `${l.alertname} on ${l.deployment ?? l.persistentvolumeclaim}` },
    startsAt: new Date(now - 60_000).toISOString(),
    endsAt: new Date(resolved ? now - 1000 : now + 3600_000).toISOString(),
  }));
  const r = await fetch(`${am.url}/api/v2/alerts`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(r.status).toBe(200);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bellwether-remediate-'));
  kube = await startKubeApiServer(
    [
      deployment('web', 'api', 2, ALLOWED),
      deployment('web', 'unlabelled', 2),
      deployment('other', 'api', 2, ALLOWED),
      pvc('web', 'data', '10Gi', ALLOWED),
    ],
    dir
  );
  capture = await startWebhook();
  live = await startRemediate(config('live', false), silentLogger);
  dry = await startRemediate(config('dry', undefined), silentLogger);
  am = await startAlertmanager(
    stringify({
      route: {
        receiver: 'live',
        group_by: ['alertname', 'namespace', 'deployment', 'persistentvolumeclaim', 'case'],
        group_wait: '0s',
        group_interval: '1s',
        repeat_interval: '1s',
        routes: [
          { receiver: 'dry', matchers: ['case="dry"'] },
          { receiver: 'capture', matchers: ['case="silenced"'] },
        ],
      },
      receivers: [
        { name: 'live', webhook_configs: [{ url: `${live.url}/webhook`, send_resolved: true }] },
        { name: 'dry', webhook_configs: [{ url: `${dry.url}/webhook`, send_resolved: true }] },
        { name: 'capture', webhook_configs: [{ url: `${capture.url}/capture`, send_resolved: true }] },
      ],
    })
  );
});

afterAll(async () => {
  await am?.stop();
  await live?.close();
  await dry?.close();
  await capture?.stop();
  await kube?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const leak = (extra: Record<string, string> = {}) => ({
  alertname: 'BellwetherMemoryLeakSuspected',
  severity: 'warning',
  namespace: 'web',
  deployment: 'api',
  ...extra,
});

it('acts once on a firing alert, and logs why', async () => {
  await fire([leak()]);
  const done = await until('the live restart in the audit log', () => audit('live').find((e) => e.outcome === 'done'));
  expect(done).toMatchObject({
    dryRun: false,
    rule: 'restart-leaking',
    action: 'restart',
    target: 'Deployment/web/api',
    reason: 'BellwetherMemoryLeakSuspected on api',
    request: { verb: 'PATCH', path: API, contentType: 'application/strategic-merge-patch+json' },
    alert: { alertname: 'BellwetherMemoryLeakSuspected', status: 'firing', source: 'alertmanager' },
  });
  expect(done.alert.fingerprint).toMatch(/^[0-9a-f]{16}$/);
  const patches = kube.writes().filter((w) => w.path === API);
  expect(patches).toHaveLength(1);
  const annotations = (kube.object(API)?.spec as { template: { metadata: { annotations: Record<string, string> } } })
    .template.metadata.annotations;
  expect(annotations['kubectl.kubernetes.io/restartedAt']).toBe(done.change?.restartedAt);
});

it("treats Alertmanager's repeats of the same alert as duplicates", async () => {
  await until('a repeated notification', () =>
    audit('live').some((e) => e.outcome === 'duplicate' && e.target === 'Deployment/web/api')
  );
  expect(kube.writes().filter((w) => w.path === API)).toHaveLength(1);
});

it('rate-limits another alert on the same target inside the cool-down', async () => {
  await fire([leak({ pod: 'api-7d9f' })]); // a different alert (fingerprint), the same Deployment
  const limited = await until('the second alert in the audit log', () =>
    audit('live').find((e) => e.alert.labels.pod === 'api-7d9f')
  );
  expect(limited.outcome).toBe('rate-limited');
  expect(limited.reason).toMatch(/^cool-down: last action on Deployment\/web\/api/);
  expect(kube.writes().filter((w) => w.path === API)).toHaveLength(1);
});

it('refuses targets outside the allow-list', async () => {
  await fire([leak({ deployment: 'unlabelled' }), leak({ namespace: 'other' })]);
  const refused = await until('both refusals', () => {
    const r = audit('live').filter((e) => e.outcome === 'refused');
    return r.length >= 2 && r;
  });
  expect(refused.map((e) => e.reason).sort()).toEqual([
    'namespace other is not in allow.namespaces',
    'the Deployment lacks the allowed labels bellwether.io/remediate=true',
  ]);
  expect(kube.writes().map((w) => w.path)).toEqual([API]);
});

it('does nothing on a resolved alert', async () => {
  await fire([leak()], true); // the alert acted on above ends
  const entry = await until('the resolved alert in the audit log', () =>
    audit('live').find((e) => e.alert.status === 'resolved' && e.target === undefined && e.rule === 'restart-leaking')
  );
  expect(entry).toMatchObject({ outcome: 'skipped', reason: 'the alert is resolved' });
  expect(kube.writes().map((w) => w.path)).toEqual([API]);
});

it('in dry-run, logs the request it would send and sends none', async () => {
  const before = kube.writes().length;
  const volume = {
    alertname: 'BellwetherDiskFullWithin2Days',
    namespace: 'web',
    persistentvolumeclaim: 'data',
    case: 'dry',
  };
  await fire([volume]);
  const entry = await until('the dry-run entry', () => audit('dry').find((e) => e.rule === 'expand-volume'));
  expect(entry).toMatchObject({
    outcome: 'dry-run',
    dryRun: true,
    target: 'PersistentVolumeClaim/web/data',
    change: { storage: { from: '10Gi', to: '20Gi' } },
    request: { verb: 'PATCH', path: '/api/v1/namespaces/web/persistentvolumeclaims/data' },
  });
  await until('a repeat in dry-run', () => audit('dry').some((e) => e.outcome === 'duplicate'));
  expect(kube.writes().length).toBe(before);
});

it('leaves an alert alone when it was silenced after its notification left', async () => {
  // Capture Alertmanager's real notification, silence the alert, then deliver the notification.
  const labels = leak({ case: 'silenced' });
  await fire([labels]);
  const notification = await until('the notification to capture', () =>
    capture.notifications.find((n) => n.status === 'firing')
  );
  const silence = await fetch(`${am.url}/api/v2/silences`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      matchers: [{ name: 'case', value: 'silenced', isRegex: false, isEqual: true }],
      startsAt: new Date().toISOString(),
      endsAt: new Date(Date.now() + 3600_000).toISOString(),
      createdBy: 'test',
      comment: 'maintenance',
    }),
  });
  const { silenceID } = (await silence.json()) as { silenceID: string };
  const checker = await startRemediate(
    { ...config('silence', false, am.url), listen: { host: '127.0.0.1', port: 0 } },
    silentLogger
  );
  try {
    await until('Alertmanager to report the alert silenced', async () => {
      const alerts = (await (await fetch(`${am.url}/api/v2/alerts?silenced=true`)).json()) as Array<{
        status: { silencedBy: string[] };
      }>;
      return alerts.some((a) => a.status.silencedBy.includes(silenceID));
    });
    const { receivedAt, path, ...body } = notification;
    void receivedAt;
    void path;
    const r = await fetch(`${checker.url}/webhook`, { method: 'POST', body: JSON.stringify(body) });
    expect(r.status).toBe(200);
    const entry = audit('silence').find((e) => e.alert.labels.case === 'silenced');
    expect(entry).toMatchObject({ outcome: 'skipped', reason: `silenced by ${silenceID}` });
  } finally {
    await checker.close();
  }
});

it('counts every outcome in /metrics', async () => {
  const text = await (await fetch(`${live.url}/metrics`)).text();
  expect(text).toContain(
    'bellwether_remediate_actions_total{rule="restart-leaking",action="restart",outcome="done"} 1'
  );
  expect(text).toMatch(
    /bellwether_remediate_actions_total\{rule="restart-leaking",action="restart",outcome="duplicate"\} [1-9]/
  );
  expect(text).toContain(
    'bellwether_remediate_actions_total{rule="restart-leaking",action="restart",outcome="rate-limited"}'
  );
  expect(text).toContain(
    'bellwether_remediate_actions_total{rule="restart-leaking",action="restart",outcome="skipped"}'
  );
  expect(text).toContain(
    'bellwether_remediate_actions_total{rule="restart-leaking",action="restart",outcome="refused"}'
  );
  expect(text).toMatch(/bellwether_remediate_notifications_total\{source="alertmanager"\} [1-9]/);
});
