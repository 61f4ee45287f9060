/**
 * The Kubernetes side of remediation, through @kubernetes/client-node: reads a target, and sends a
 * planned request (plan.ts) with the typed API call that makes it, with the same content type as
 * the plan. Errors become one line: the HTTP status and the API server's message.
 */
import { AppsV1Api, BatchV1Api, CoreV1Api, KubeConfig, type V1Job, setHeaderOptions } from '@kubernetes/client-node';
import { KubeError } from './kubeError';
import { type KubeObject, type Plan, type TargetRef } from './plan';

/** The calls remediation makes (a test double can stand in for it). */
export interface KubeApi {
  read(target: TargetRef): Promise<KubeObject>;
  send(target: TargetRef, plan: Plan): Promise<void>;
  /** Where it talks to, for the start-up line. */
  server: string;
}

/** The field manager our changes are recorded under (kubectl uses kubectl-rollout, kubectl-patch, ...). */
export const FIELD_MANAGER = 'bellwether-remediate';

/** Loads credentials: the given kubeconfig, else the default chain ($KUBECONFIG, ~/.kube/config, in-cluster). */
export function loadKubeConfig(kubeconfig?: string, context?: string): KubeConfig {
  const kc = new KubeConfig();
  try {
    if (kubeconfig) {
      kc.loadFromFile(kubeconfig);
    } else {
      kc.loadFromDefault();
    }
  } catch (e) {
    throw new KubeError(
      `cannot load the kubeconfig ${kubeconfig ?? '(default)'}: ${(e as Error).message.split('\n')[0]}`
    );
  }
  if (context) {
    if (!kc.getContexts().some((c) => c.name === context)) {
      throw new KubeError(`kubernetes.context ${context} is not in the kubeconfig`);
    }
    kc.setCurrentContext(context);
  }
  if (!kc.getCurrentCluster()) {
    throw new KubeError('no Kubernetes cluster configured: set kubernetes.kubeconfig, $KUBECONFIG, or run in a pod');
  }
  return kc;
}

function describeError(e: unknown, what: string): KubeError {
  const err = e as { code?: number; body?: unknown; message?: string };
  if (typeof err.code === 'number') {
    let message = '';
    try {
      const body = typeof err.body === 'string' ? JSON.parse(err.body) : err.body;
      message = (body as { message?: string })?.message ?? '';
    } catch {
      message = String(err.body ?? '').split('\n')[0];
    }
    return new KubeError(`${what}: HTTP ${err.code}${message ? ` ${message}` : ''}`);
  }
  return new KubeError(`${what}: ${(err.message ?? String(e)).split('\n')[0]}`);
}

/** The client-node implementation. */
export function kubeApi(kc: KubeConfig): KubeApi {
  const apps = kc.makeApiClient(AppsV1Api);
  const core = kc.makeApiClient(CoreV1Api);
  const batch = kc.makeApiClient(BatchV1Api);
  const contentType = (type: string) => setHeaderOptions('Content-Type', type);

  const read = async (t: TargetRef): Promise<KubeObject> => {
    const ns = t.namespace ?? '';
    const ref = { name: t.name, namespace: ns };
    try {
      switch (t.kind) {
        case 'Deployment':
          return (await apps.readNamespacedDeployment(ref)) as KubeObject;
        case 'StatefulSet':
          return (await apps.readNamespacedStatefulSet(ref)) as KubeObject;
        case 'PersistentVolumeClaim':
          return (await core.readNamespacedPersistentVolumeClaim(ref)) as KubeObject;
        case 'CronJob':
          return (await batch.readNamespacedCronJob(ref)) as KubeObject;
        case 'Node':
          return (await core.readNode({ name: t.name })) as KubeObject;
      }
    } catch (e) {
      throw describeError(e, `reading ${t.kind} ${t.namespace ? `${t.namespace}/` : ''}${t.name}`);
    }
  };

  const send = async (t: TargetRef, plan: Plan): Promise<void> => {
    const { request } = plan;
    const ref = { name: t.name, namespace: t.namespace ?? '', body: request.body, fieldManager: FIELD_MANAGER };
    const opts = contentType(request.contentType);
    const scale = request.path.endsWith('/scale');
    try {
      if (request.verb === 'POST') {
        await batch.createNamespacedJob({
          namespace: ref.namespace,
          body: request.body as V1Job,
          fieldManager: FIELD_MANAGER,
        });
      } else if (t.kind === 'Deployment') {
        await (scale ? apps.patchNamespacedDeploymentScale(ref, opts) : apps.patchNamespacedDeployment(ref, opts));
      } else if (t.kind === 'StatefulSet') {
        await (scale ? apps.patchNamespacedStatefulSetScale(ref, opts) : apps.patchNamespacedStatefulSet(ref, opts));
      } else if (t.kind === 'PersistentVolumeClaim') {
        await core.patchNamespacedPersistentVolumeClaim(ref, opts);
      } else if (t.kind === 'Node') {
        await core.patchNode({ name: t.name, body: request.body, fieldManager: FIELD_MANAGER }, opts);
      } else {
        throw new KubeError(`no ${request.verb} for ${t.kind}`);
      }
    } catch (e) {
      throw e instanceof KubeError ? e : describeError(e, `${request.verb} ${request.path}`);
    }
  };

  return { read, send, server: kc.getCurrentCluster()?.server ?? '' };
}
