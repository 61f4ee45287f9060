/**
 * Remediation's Kubernetes requests against the reference, the real `kubectl` (Debian package
 * kubernetes-client, or any kubectl on PATH), both pointed at the same recording stand-in API
 * server (tests/support/kubeApiServer.ts; no cluster runs here). For each action, the request our
 * client (@kubernetes/client-node, through plan.ts and kubeClient.ts) sends must have kubectl's
 * verb, path and content type, and its body must have the same effect on the object — the
 * restart's timestamp aside. `kubectl create job --from` (1.32) sends protobuf, which the server does
 * not decode: its Job is compared through `--dry-run=client -o json` and the strings of the bytes
 * sent. Passes with kubectl 1.32 (Google Cloud SDK) and 1.20 (Debian bookworm's kubernetes-client),
 * whose Job differs as `asKubectlWrites` says.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { kubeApi, loadKubeConfig } from '../../../companion/src/remediate/kubeClient';
import { jobName, planAction, type TargetRef } from '../../../companion/src/remediate/plan';
import type { ActionKind, RemediationRule } from '../../../companion/src/remediate/remediateConfig';
import { type KubeApiServer, mergePatch, type RecordedRequest, startKubeApiServer } from '../../support/kubeApiServer';
import { cronJob, deployment, node, pvc, statefulSet } from '../../support/kubeFixtures';
import { requireBinary } from '../../support/prometheus';

const run = promisify(execFile);
const KUBECTL = requireBinary('kubectl');
const RESTARTED_AT = 'kubectl.kubernetes.io/restartedAt';

let dir: string;
let kube: KubeApiServer;
/** kubectl's minor version. */
let minor: number;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bellwether-kubectl-'));
  // The stand-in serves CronJobs where a server of kubectl's own version does: Debian bookworm's
  // kubernetes-client is kubectl 1.20, from before batch/v1 CronJobs.
  const { stdout } = await run(KUBECTL, ['version', '--client', '-o', 'json']);
  minor = Number.parseInt((JSON.parse(stdout) as { clientVersion: { minor: string } }).clientVersion.minor, 10);
  kube = await startKubeApiServer(
    [
      deployment('web', 'api', 2),
      statefulSet('web', 'db', 1),
      pvc('web', 'data', '10Gi'),
      cronJob('batch', 'log-cleanup'),
      node('node-1'),
    ],
    dir,
    { cronJobs: minor < 21 ? 'batch/v1beta1' : 'batch/v1' }
  );
});

afterAll(async () => {
  await kube?.stop();
  rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => kube.reset());

async function kubectl(...args: string[]): Promise<string> {
  // HOME keeps kubectl's discovery cache in the test's directory.
  const { stdout } = await run(KUBECTL, ['--kubeconfig', kube.kubeconfig, ...args], {
    env: { ...process.env, HOME: dir, TZ: 'UTC' },
  });
  return stdout;
}

function rule(action: ActionKind, extra: Partial<RemediationRule> = {}): RemediationRule {
  return {
    name: 'parity',
    matchers: [],
    action,
    target: { kind: 'Deployment', name: 'x' },
    cooldownMs: 0,
    maxPerHour: 1,
    ...extra,
  };
}

/** Sends the action through our client; returns the writes the server received. */
async function ours(r: RemediationRule, target: TargetRef, alertKey = 'fp|start|parity'): Promise<RecordedRequest[]> {
  const api = kubeApi(loadKubeConfig(kube.kubeconfig));
  const current = await api.read(target);
  const plan = planAction(r, target, current, Date.now(), alertKey);
  if (typeof plan === 'string') {
    throw new Error(`no request planned: ${plan}`);
  }
  kube.requests.length = 0;
  await api.send(target, plan);
  return kube.writes();
}

/** Runs kubectl; returns the writes the server received. */
async function reference(...args: string[]): Promise<RecordedRequest[]> {
  await kubectl(...args);
  return kube.writes();
}

/** The one write of each side, with verb, path and content type equal. */
function sameRequest(mine: RecordedRequest[], theirs: RecordedRequest[]): [RecordedRequest, RecordedRequest] {
  expect(mine).toHaveLength(1);
  expect(theirs).toHaveLength(1);
  expect({ verb: mine[0].method, path: mine[0].path, contentType: mine[0].contentType }).toEqual({
    verb: theirs[0].method,
    path: theirs[0].path,
    contentType: theirs[0].contentType,
  });
  return [mine[0], theirs[0]];
}

/** The object after a patch body, with the restart timestamp replaced by a marker once checked. */
function effect(initial: unknown, body: unknown): unknown {
  const after = mergePatch(initial, body) as {
    spec?: { template?: { metadata?: { annotations?: Record<string, string> } } };
  };
  const annotations = after.spec?.template?.metadata?.annotations;
  if (annotations?.[RESTARTED_AT] !== undefined) {
    expect(annotations[RESTARTED_AT]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    annotations[RESTARTED_AT] = '<time>';
  }
  return after;
}

describe.each([
  ['Deployment', 'deployment/api', 'api'],
  ['StatefulSet', 'statefulset/db', 'db'],
] as const)('rollout restart of a %s', (kind, ref, name) => {
  it('matches kubectl rollout restart', async () => {
    const target: TargetRef = { kind, namespace: 'web', name };
    const path = `/apis/apps/v1/namespaces/web/${kind === 'Deployment' ? 'deployments' : 'statefulsets'}/${name}`;
    const initial = kube.object(path);
    const theirs = await reference('rollout', 'restart', ref, '-n', 'web');
    kube.reset();
    const mine = await ours(rule('restart', { target: { kind, namespace: 'web', name } }), target);
    const [m, t] = sameRequest(mine, theirs);
    expect(m.contentType).toBe('application/strategic-merge-patch+json');
    expect(effect(initial, m.body)).toEqual(effect(initial, t.body));
    expect(kube.object(path)).not.toEqual(initial); // the patch did change the pod template
  });
});

it('scale matches kubectl scale --replicas', async () => {
  const theirs = await reference('scale', 'deployment/api', '--replicas=3', '-n', 'web');
  kube.reset();
  const mine = await ours(
    rule('scale', { target: { kind: 'Deployment', namespace: 'web', name: 'api' }, scale: { by: 1, min: 1, max: 5 } }),
    { kind: 'Deployment', namespace: 'web', name: 'api' }
  );
  const [m, t] = sameRequest(mine, theirs);
  expect(m.path).toBe('/apis/apps/v1/namespaces/web/deployments/api/scale');
  expect(m.body).toEqual(t.body);
  expect((kube.object('/apis/apps/v1/namespaces/web/deployments/api')?.spec as { replicas: number }).replicas).toBe(3);
});

it('expanding a PVC matches kubectl patch pvc', async () => {
  const path = '/api/v1/namespaces/web/persistentvolumeclaims/data';
  const initial = kube.object(path);
  const theirs = await reference(
    'patch',
    'pvc',
    'data',
    '-n',
    'web',
    '-p',
    '{"spec":{"resources":{"requests":{"storage":"20Gi"}}}}'
  );
  kube.reset();
  const mine = await ours(
    rule('expandPvc', {
      target: { kind: 'PersistentVolumeClaim', namespace: 'web', name: 'data' },
      expand: { byBytes: 10 * 2 ** 30, limitBytes: 100 * 2 ** 30 },
    }),
    { kind: 'PersistentVolumeClaim', namespace: 'web', name: 'data' }
  );
  const [m, t] = sameRequest(mine, theirs);
  expect(effect(initial, m.body)).toEqual(effect(initial, t.body));
  expect(kube.object(path)?.spec).toMatchObject({ resources: { requests: { storage: '20Gi' } } });
});

it('cordon matches kubectl cordon', async () => {
  const theirs = await reference('cordon', 'node-1');
  kube.reset();
  const mine = await ours(rule('cordon', { target: { kind: 'Node', name: 'node-1' } }), {
    kind: 'Node',
    name: 'node-1',
  });
  const [m, t] = sameRequest(mine, theirs);
  expect(m.body).toEqual(t.body);
  expect(kube.object('/api/v1/nodes/node-1')?.spec).toEqual({ unschedulable: true });
});

/** Go's zero values that kubectl prints and a JSON client leaves out. */
function withoutZeroValues(v: unknown): unknown {
  if (Array.isArray(v)) {
    return v.map(withoutZeroValues);
  }
  if (typeof v === 'object' && v !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      const empty = x === null || (typeof x === 'object' && !Array.isArray(x) && Object.keys(x as object).length === 0);
      if (!empty) {
        out[k] = withoutZeroValues(x);
      }
    }
    return out;
  }
  return v;
}

/**
 * Our Job as this kubectl writes it. kubectl 1.20 (Debian bookworm's) reads the CronJob as
 * batch/v1beta1 and names that version in the owner reference, without `controller: true`;
 * later kubectl (1.32 here) writes both as we do.
 */
function asKubectlWrites(job: unknown): unknown {
  if (minor >= 21) {
    return job;
  }
  const copy = JSON.parse(JSON.stringify(job)) as { metadata: { ownerReferences: Array<Record<string, unknown>> } };
  for (const ref of copy.metadata.ownerReferences) {
    ref.apiVersion = 'batch/v1beta1';
    delete ref.controller;
  }
  return copy;
}

/** The string values in an object (protobuf carries values, and field numbers instead of names). */
function strings(v: unknown): string[] {
  if (typeof v === 'string') {
    return [v];
  }
  if (typeof v === 'object' && v !== null) {
    return Object.values(v).flatMap(strings);
  }
  return [];
}

it('running a Job from a CronJob matches kubectl create job --from=cronjob', async () => {
  const target: TargetRef = { kind: 'CronJob', namespace: 'batch', name: 'log-cleanup' };
  const alertKey = 'fp|start|parity';
  const name = jobName('log-cleanup', alertKey);
  const args = ['create', 'job', name, '--from=cronjob/log-cleanup', '-n', 'batch'];
  const expected = JSON.parse(await kubectl(...args, '--dry-run=client', '-o', 'json')) as unknown;
  kube.reset();
  const theirs = await reference(...args);
  kube.reset();
  const mine = await ours(rule('runJob', { target }), target, alertKey);
  expect(mine).toHaveLength(1);
  expect(theirs).toHaveLength(1);
  expect({ verb: mine[0].method, path: mine[0].path }).toEqual({ verb: theirs[0].method, path: theirs[0].path });
  expect(mine[0].path).toBe('/apis/batch/v1/namespaces/batch/jobs');
  // kubectl sends built-in kinds in protobuf; a JSON client sends application/json (both are the
  // API server's own encodings of the same object).
  expect(theirs[0].contentType).toMatch(/^application\/(vnd\.kubernetes\.protobuf|json)/);
  expect(mine[0].contentType).toBe('application/json');
  expect(withoutZeroValues(asKubectlWrites(mine[0].body))).toEqual(withoutZeroValues(expected));
  // And what kubectl really sent: in JSON (kubectl 1.20), our Job; in protobuf, every string value of ours.
  const sent = theirs[0].body;
  if (typeof sent === 'string') {
    for (const v of strings(mine[0].body)) {
      expect(sent).toContain(v);
    }
  } else {
    expect(withoutZeroValues(sent)).toEqual(withoutZeroValues(asKubectlWrites(mine[0].body)));
  }
});
