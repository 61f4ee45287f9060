/**
 * A stand-in for the Kubernetes API server in tests (no cluster runs here): an HTTP server on
 * loopback that records every request and serves just enough for `kubectl` and our client —
 * the discovery documents (/api, /apis, /api/v1, /apis/apps/v1, /apis/batch/v1), GETs of the
 * objects it holds, PATCH (JSON merge semantics: the patches remediation sends hold no lists, so
 * strategic merge and merge patch agree), the /scale subresource, and POST of new objects.
 * Anything else is a 404 Status, as the real server answers.
 *
 * @example
 *   const kube = await startKubeApiServer([deployment('web', 'api', 2)]);
 *   ... kubectl --kubeconfig kube.kubeconfig rollout restart deployment/api -n web ...
 *   kube.writes(); // the PATCH kubectl sent
 */
import { writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

/** A Kubernetes object as JSON. */
export type KubeObject = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; [k: string]: unknown };
  [k: string]: unknown;
};

/** One request the server received. */
export interface RecordedRequest {
  method: string;
  /** The path without the query string. */
  path: string;
  query: Record<string, string>;
  contentType: string | undefined;
  /** The parsed JSON body, if any. */
  body: unknown;
}

/** What the server knows of each served resource. */
interface Resource {
  group: string; // '' for the core group
  version: string;
  plural: string;
  kind: string;
  namespaced: boolean;
  verbs: string[];
  shortNames?: string[];
  subresources?: string[];
}

const ALL_RESOURCES: Resource[] = [
  {
    group: '',
    version: 'v1',
    plural: 'nodes',
    kind: 'Node',
    namespaced: false,
    verbs: ['get', 'list', 'patch', 'update'],
    shortNames: ['no'],
  },
  {
    group: '',
    version: 'v1',
    plural: 'namespaces',
    kind: 'Namespace',
    namespaced: false,
    verbs: ['get', 'list'],
    shortNames: ['ns'],
  },
  {
    group: '',
    version: 'v1',
    plural: 'pods',
    kind: 'Pod',
    namespaced: true,
    verbs: ['get', 'list'],
    shortNames: ['po'],
  },
  {
    group: '',
    version: 'v1',
    plural: 'persistentvolumeclaims',
    kind: 'PersistentVolumeClaim',
    namespaced: true,
    verbs: ['get', 'list', 'patch', 'update'],
    shortNames: ['pvc'],
  },
  {
    group: 'apps',
    version: 'v1',
    plural: 'deployments',
    kind: 'Deployment',
    namespaced: true,
    verbs: ['get', 'list', 'patch', 'update'],
    shortNames: ['deploy'],
    subresources: ['scale'],
  },
  {
    group: 'apps',
    version: 'v1',
    plural: 'statefulsets',
    kind: 'StatefulSet',
    namespaced: true,
    verbs: ['get', 'list', 'patch', 'update'],
    shortNames: ['sts'],
    subresources: ['scale'],
  },
  {
    group: 'apps',
    version: 'v1',
    plural: 'replicasets',
    kind: 'ReplicaSet',
    namespaced: true,
    verbs: ['get', 'list'],
    shortNames: ['rs'],
    subresources: ['scale'],
  },
  { group: 'batch', version: 'v1', plural: 'jobs', kind: 'Job', namespaced: true, verbs: ['get', 'list', 'create'] },
  {
    group: 'batch',
    version: 'v1',
    plural: 'cronjobs',
    kind: 'CronJob',
    namespaced: true,
    verbs: ['get', 'list'],
    shortNames: ['cj'],
  },
];

function groupVersion(r: Resource): string {
  return r.group ? `${r.group}/${r.version}` : r.version;
}

function prefix(r: Resource): string {
  return r.group ? `/apis/${r.group}/${r.version}` : `/api/${r.version}`;
}

/** The path of an object. */
export function objectPath(o: KubeObject): string {
  const r = ALL_RESOURCES.find((x) => groupVersion(x) === o.apiVersion && x.kind === o.kind);
  if (!r) {
    throw new Error(`kubeApiServer: no resource for ${o.apiVersion} ${o.kind}`);
  }
  const ns = r.namespaced ? `/namespaces/${o.metadata.namespace ?? 'default'}` : '';
  return `${prefix(r)}${ns}/${r.plural}/${o.metadata.name}`;
}

function resourceList(served: Resource[], gv: string): unknown {
  const resources = served
    .filter((r) => groupVersion(r) === gv)
    .flatMap((r) => [
      {
        name: r.plural,
        singularName: r.kind.toLowerCase(),
        namespaced: r.namespaced,
        kind: r.kind,
        verbs: r.verbs,
        shortNames: r.shortNames,
      },
      ...(r.subresources ?? []).map((s) => ({
        name: `${r.plural}/${s}`,
        singularName: '',
        namespaced: r.namespaced,
        group: 'autoscaling',
        version: 'v1',
        kind: 'Scale',
        verbs: ['get', 'patch', 'update'],
      })),
    ]);
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: gv, resources };
}

function apiGroupList(groupVersions: string[]): unknown {
  const groups = [...new Set(groupVersions.map((gv) => gv.split('/')[0]))].map((name) => {
    const versions = groupVersions
      .filter((gv) => gv.startsWith(`${name}/`))
      .map((gv) => ({
        groupVersion: gv,
        version: gv.split('/')[1],
      }));
    return { name, versions, preferredVersion: versions[0] };
  });
  return { kind: 'APIGroupList', apiVersion: 'v1', groups };
}

function status(code: number, reason: string, message: string): unknown {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
}

/** Merges `patch` into `target` as a JSON merge patch (null deletes). */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) {
    return patch;
  }
  const out: Record<string, unknown> =
    typeof target === 'object' && target !== null && !Array.isArray(target) ? { ...(target as object) } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) {
      delete out[k];
    } else {
      out[k] = mergePatch(out[k], v);
    }
  }
  return out;
}

/** A running stand-in API server. */
export interface KubeApiServer {
  url: string;
  /** A kubeconfig file (in `dir`) pointing kubectl and our client at this server. */
  kubeconfig: string;
  /** Every request so far, oldest first. */
  requests: RecordedRequest[];
  /** The requests that change something (not GET). */
  writes(): RecordedRequest[];
  /** The object at `path` as it stands now. */
  object(path: string): KubeObject | undefined;
  /** Forgets the recorded requests and puts the objects back as they were given. */
  reset(): void;
  stop(): Promise<void>;
}

/** Which API a stand-in serves. */
export interface ServedApi {
  /**
   * Where discovery lists CronJobs: batch/v1 (Kubernetes 1.21 and later) or only batch/v1beta1, as
   * the 1.20 servers that kubectl 1.20 (Debian bookworm's kubernetes-client) pairs with; kubectl
   * 1.20 cannot read a batch/v1 CronJob. The object answers at both paths either way.
   */
  cronJobs: 'batch/v1' | 'batch/v1beta1';
}

/** Starts the server holding `objects`; `dir` receives the kubeconfig. */
export async function startKubeApiServer(
  objects: KubeObject[],
  dir: string,
  served: ServedApi = { cronJobs: 'batch/v1' }
): Promise<KubeApiServer> {
  const resources = ALL_RESOURCES.map((r) =>
    r.plural === 'cronjobs' ? { ...r, version: served.cronJobs.split('/')[1] } : r
  );
  const groupVersions = [...new Set(['apps/v1', 'batch/v1', served.cronJobs])];
  const initial = new Map(objects.map((o) => [objectPath(o), JSON.stringify(o)]));
  let store = new Map<string, KubeObject>();
  const requests: RecordedRequest[] = [];
  let created = 0;
  const reset = () => {
    store = new Map([...initial].map(([p, o]) => [p, JSON.parse(o) as KubeObject]));
    requests.length = 0;
  };
  reset();

  const send = (res: ServerResponse, code: number, body: unknown) => {
    res.writeHead(code, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
  };

  const handle = (req: IncomingMessage, res: ServerResponse, text: string) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const path = url.pathname.replace(/\/$/, '');
    // A CronJob is the same object under batch/v1beta1 (kubectl 1.20 reads it there).
    const stored = path.replace(/^\/apis\/batch\/v1beta1\//, '/apis/batch/v1/');
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = text;
    }
    requests.push({
      method: req.method ?? 'GET',
      path,
      query: Object.fromEntries(url.searchParams),
      contentType: req.headers['content-type'],
      body,
    });
    if (req.method === 'GET') {
      if (path === '/api') {
        return send(res, 200, {
          kind: 'APIVersions',
          versions: ['v1'],
          serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: url.host }],
        });
      }
      if (path === '/apis') {
        return send(res, 200, apiGroupList(groupVersions));
      }
      if (path === '/api/v1') {
        return send(res, 200, resourceList(resources, 'v1'));
      }
      const gv = /^\/apis\/([^/]+\/[^/]+)$/.exec(path);
      if (gv && groupVersions.includes(gv[1])) {
        return send(res, 200, resourceList(resources, gv[1]));
      }
      if (path === '/version') {
        return send(res, 200, {
          major: '1',
          minor: '32',
          gitVersion: 'v1.32.0-bellwether-test',
          platform: 'linux/amd64',
        });
      }
    }
    const scale = /^(.*\/(deployments|statefulsets)\/[^/]+)\/scale$/.exec(path);
    if (scale) {
      const o = store.get(scale[1]);
      if (!o) {
        return send(res, 404, status(404, 'NotFound', `${scale[2]} not found`));
      }
      const spec = o.spec as { replicas?: number };
      if (req.method === 'PATCH') {
        const replicas = (body as { spec?: { replicas?: number } })?.spec?.replicas;
        if (typeof replicas === 'number') {
          spec.replicas = replicas;
        }
      } else if (req.method !== 'GET') {
        return send(res, 405, status(405, 'MethodNotAllowed', `${req.method} not served`));
      }
      return send(res, 200, {
        kind: 'Scale',
        apiVersion: 'autoscaling/v1',
        metadata: { name: o.metadata.name, namespace: o.metadata.namespace },
        spec: { replicas: spec.replicas ?? 1 },
        status: { replicas: spec.replicas ?? 1 },
      });
    }
    if (req.method === 'GET' || req.method === 'PATCH') {
      const o = store.get(stored);
      if (!o) {
        return send(res, 404, status(404, 'NotFound', `${path} not found`));
      }
      if (req.method === 'PATCH') {
        const next = mergePatch(o, body) as KubeObject;
        store.set(stored, next);
        return send(res, 200, next);
      }
      return send(res, 200, stored === path ? o : { ...o, apiVersion: 'batch/v1beta1' });
    }
    if (req.method === 'POST' && req.headers['content-type']?.includes('protobuf')) {
      // kubectl creates built-in kinds in protobuf; this server decodes only JSON, so it keeps the
      // bytes (the test reads their strings) and answers with a stub of the kind.
      return send(res, 201, { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'created-from-protobuf' } });
    }
    if (req.method === 'POST') {
      const o = body as KubeObject;
      if (!o?.metadata?.name && !(o?.metadata as { generateName?: string })?.generateName) {
        return send(res, 422, status(422, 'Invalid', 'metadata.name: Required value'));
      }
      if (!o.metadata.name) {
        o.metadata.name = `${(o.metadata as { generateName?: string }).generateName}${++created}`;
      }
      const at = `${path}/${o.metadata.name}`;
      if (store.has(at)) {
        return send(res, 409, status(409, 'AlreadyExists', `${o.metadata.name} already exists`));
      }
      store.set(at, o);
      return send(res, 201, o);
    }
    return send(res, 404, status(404, 'NotFound', `${req.method} ${path} not served`));
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (d: Buffer) => chunks.push(d));
    req.on('end', () => {
      const protobuf = req.headers['content-type']?.includes('protobuf') ?? false;
      handle(req, res, Buffer.concat(chunks).toString(protobuf ? 'latin1' : 'utf8'));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const kubeconfig = join(dir, 'kubeconfig');
  writeFileSync(
    kubeconfig,
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      // client-node refuses plain HTTP unless TLS checks are off; there is no TLS on loopback here.
      clusters: [{ name: 'recording', cluster: { server: url, 'insecure-skip-tls-verify': true } }],
      users: [{ name: 'test', user: { token: 'test-token' } }],
      contexts: [{ name: 'recording', context: { cluster: 'recording', user: 'test' } }],
      'current-context': 'recording',
    })
  );
  return {
    url,
    kubeconfig,
    requests,
    writes: () => requests.filter((r) => r.method !== 'GET'),
    object: (p) => store.get(p),
    reset,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
