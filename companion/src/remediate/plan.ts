/**
 * What an action changes, as the Kubernetes API request that makes the change: the same verb,
 * path, content type and body `kubectl` sends for it (tests/node/remediate/kubectlParity.test.ts
 * compares them). Pure: given the target as it stands, it returns the request or why there is
 * nothing to do; it sends nothing, so dry-run and the audit log show exactly what would be sent.
 */
import type { RemediationRule, TargetKind } from './remediateConfig';
import { formatQuantity, parseQuantity } from './quantity';

/** The object an action is about. */
export interface TargetRef {
  kind: TargetKind;
  namespace?: string;
  name: string;
}

/** A Kubernetes object as JSON (only what remediation reads). */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: {
    name?: string;
    namespace?: string;
    uid?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  spec?: Record<string, unknown>;
}

export const CONTENT_TYPE = {
  strategicMerge: 'application/strategic-merge-patch+json',
  mergePatch: 'application/merge-patch+json',
  json: 'application/json',
} as const;

/** One API request. */
export interface KubeRequest {
  verb: 'PATCH' | 'POST';
  path: string;
  contentType: string;
  body: Record<string, unknown>;
}

/** A planned change: the request, and the change in words for the audit log. */
export interface Plan {
  request: KubeRequest;
  change: Record<string, unknown>;
}

const PLURAL: Record<TargetKind, string> = {
  Deployment: 'deployments',
  StatefulSet: 'statefulsets',
  PersistentVolumeClaim: 'persistentvolumeclaims',
  CronJob: 'cronjobs',
  Node: 'nodes',
};
const PREFIX: Record<TargetKind, string> = {
  Deployment: '/apis/apps/v1',
  StatefulSet: '/apis/apps/v1',
  PersistentVolumeClaim: '/api/v1',
  CronJob: '/apis/batch/v1',
  Node: '/api/v1',
};

/** The API path of a target. */
export function targetPath(t: TargetRef): string {
  const ns = t.kind === 'Node' ? '' : `/namespaces/${t.namespace}`;
  return `${PREFIX[t.kind]}${ns}/${PLURAL[t.kind]}/${t.name}`;
}

/** `Kind/namespace/name` (or `Node/name`): the key of rate limits and the audit log. */
export function targetKey(t: TargetRef): string {
  return t.namespace ? `${t.kind}/${t.namespace}/${t.name}` : `${t.kind}/${t.name}`;
}

/** RFC 3339 to the second, as kubectl writes restartedAt. */
function rfc3339(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A Job name from the CronJob's and the alert's: stable, so a repeat cannot create a second Job. */
export function jobName(cronJob: string, alertKey: string): string {
  let h = 0x811c9dc5;
  for (const ch of alertKey) {
    h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  }
  const suffix = h.toString(16).padStart(8, '0');
  return `${cronJob.slice(0, 63 - 1 - suffix.length)}-${suffix}`;
}

/** The Job `kubectl create job NAME --from=cronjob/X` creates. */
export function jobFromCronJob(cron: KubeObject, name: string): Record<string, unknown> {
  const template = (cron.spec?.jobTemplate ?? {}) as { metadata?: KubeObject['metadata']; spec?: unknown };
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name,
      namespace: cron.metadata?.namespace,
      labels: template.metadata?.labels,
      annotations: { ...template.metadata?.annotations, 'cronjob.kubernetes.io/instantiate': 'manual' },
      ownerReferences: [
        {
          apiVersion: 'batch/v1',
          kind: 'CronJob',
          name: cron.metadata?.name,
          uid: cron.metadata?.uid,
          controller: true,
        },
      ],
    },
    spec: template.spec,
  };
}

/**
 * The request `rule` makes on `target` (as read just before), or a string saying why none is
 * made: the target is already where the action would take it, or at its bound.
 */
export function planAction(
  rule: RemediationRule,
  target: TargetRef,
  current: KubeObject,
  now: number,
  alertKey: string
): Plan | string {
  const path = targetPath(target);
  switch (rule.action) {
    case 'restart': {
      const at = rfc3339(now);
      return {
        request: {
          verb: 'PATCH',
          path,
          contentType: CONTENT_TYPE.strategicMerge,
          body: { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': at } } } } },
        },
        change: { restartedAt: at },
      };
    }
    case 'scale': {
      const { by, min, max } = rule.scale!;
      const from = typeof current.spec?.replicas === 'number' ? current.spec.replicas : 1;
      const to = Math.min(max, Math.max(min, from + by));
      if (to === from) {
        return `already at ${from} replicas, the ${by > 0 ? 'maximum' : 'minimum'} of [${min}, ${max}]`;
      }
      return {
        request: {
          verb: 'PATCH',
          path: `${path}/scale`,
          contentType: CONTENT_TYPE.mergePatch,
          body: { spec: { replicas: to } },
        },
        change: { replicas: { from, to } },
      };
    }
    case 'expandPvc': {
      const { byBytes, limitBytes } = rule.expand!;
      const text = ((current.spec?.resources as { requests?: { storage?: string } })?.requests?.storage ??
        '') as string;
      const from = parseQuantity(text);
      if (from === undefined) {
        return `the claim's spec.resources.requests.storage ${JSON.stringify(text)} is not a size`;
      }
      if (from >= limitBytes) {
        return `already at ${text}, the limit is ${formatQuantity(limitBytes)}`;
      }
      const to = formatQuantity(Math.min(limitBytes, from + byBytes));
      return {
        request: {
          verb: 'PATCH',
          path,
          contentType: CONTENT_TYPE.strategicMerge,
          body: { spec: { resources: { requests: { storage: to } } } },
        },
        change: { storage: { from: text, to } },
      };
    }
    case 'runJob': {
      const name = jobName(target.name, alertKey);
      return {
        request: {
          verb: 'POST',
          path: `/apis/batch/v1/namespaces/${target.namespace}/jobs`,
          contentType: CONTENT_TYPE.json,
          body: jobFromCronJob(current, name),
        },
        change: { job: name, from: `cronjob/${target.name}` },
      };
    }
    case 'cordon': {
      if (current.spec?.unschedulable === true) {
        return 'the node is already cordoned';
      }
      return {
        request: {
          verb: 'PATCH',
          path,
          contentType: CONTENT_TYPE.strategicMerge,
          body: { spec: { unschedulable: true } },
        },
        change: { unschedulable: true },
      };
    }
  }
}
