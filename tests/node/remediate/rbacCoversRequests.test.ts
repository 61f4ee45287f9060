/**
 * The RBAC remediation ships (rbac.ts, deploy/kubernetes/remediate-rbac.yaml) grants, for each
 * action, exactly the (API group, resource, verb) of the requests the action really makes: each
 * action runs through our client against the recording stand-in API server, and the requests it
 * received must be the action's permissions, no more, no fewer.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kubeApi, loadKubeConfig } from '../../../companion/src/remediate/kubeClient';
import { planAction, type TargetRef } from '../../../companion/src/remediate/plan';
import { permissionsOf } from '../../../companion/src/remediate/rbac';
import type { ActionKind, RemediationRule } from '../../../companion/src/remediate/remediateConfig';
import { type KubeApiServer, type RecordedRequest, startKubeApiServer } from '../../support/kubeApiServer';
import { cronJob, deployment, node, pvc, statefulSet } from '../../support/kubeFixtures';

let dir: string;
let kube: KubeApiServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bellwether-rbac-'));
  kube = await startKubeApiServer(
    [
      deployment('web', 'api', 2),
      statefulSet('web', 'db', 1),
      pvc('web', 'data', '10Gi'),
      cronJob('web', 'log-cleanup'),
      node('node-1'),
    ],
    dir
  );
});

afterAll(async () => {
  await kube?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const VERB: Record<string, string> = { GET: 'get', PATCH: 'patch', POST: 'create', PUT: 'update', DELETE: 'delete' };

/** The RBAC triple a request needs: `/apis/apps/v1/namespaces/web/deployments/api/scale` → apps, deployments/scale. */
function permissionOf(r: RecordedRequest): string {
  const m = /^\/(?:api\/v1|apis\/([^/]+)\/[^/]+)(?:\/namespaces\/[^/]+)?\/([^/]+)(?:\/[^/]+(?:\/([^/]+))?)?$/.exec(
    r.path
  );
  if (!m) {
    throw new Error(`not a resource path: ${r.path}`);
  }
  return `${m[1] ?? ''} ${m[2]}${m[3] ? `/${m[3]}` : ''} ${VERB[r.method]}`;
}

const CASES: Array<[ActionKind, TargetRef, Partial<RemediationRule>]> = [
  ['restart', { kind: 'Deployment', namespace: 'web', name: 'api' }, {}],
  ['restart', { kind: 'StatefulSet', namespace: 'web', name: 'db' }, {}],
  ['scale', { kind: 'Deployment', namespace: 'web', name: 'api' }, { scale: { by: 1, min: 1, max: 5 } }],
  ['scale', { kind: 'StatefulSet', namespace: 'web', name: 'db' }, { scale: { by: 1, min: 1, max: 5 } }],
  [
    'expandPvc',
    { kind: 'PersistentVolumeClaim', namespace: 'web', name: 'data' },
    { expand: { byBytes: 2 ** 30, limitBytes: 2 ** 40 } },
  ],
  ['runJob', { kind: 'CronJob', namespace: 'web', name: 'log-cleanup' }, {}],
  ['cordon', { kind: 'Node', name: 'node-1' }, {}],
];

it.each(CASES)('%s of a %o needs exactly the permissions it is granted', async (action, target, extra) => {
  kube.reset();
  const api = kubeApi(loadKubeConfig(kube.kubeconfig));
  const rule: RemediationRule = { name: 'r', matchers: [], action, target, cooldownMs: 0, maxPerHour: 1, ...extra };
  const plan = planAction(rule, target, await api.read(target), Date.now(), 'fp|start|r');
  if (typeof plan === 'string') {
    throw new Error(plan);
  }
  await api.send(target, plan);
  const used = new Set(kube.requests.map(permissionOf));
  const granted = new Set(permissionsOf(action, target.kind).map(([g, r, v]) => `${g} ${r} ${v}`));
  expect([...used].sort()).toEqual([...granted].sort());
});
