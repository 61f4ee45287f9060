/** The Kubernetes manifests parse, hang together, and carry a companion config that validates. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { fromRaw } from '../../../companion/src/config/loadConfig';
import { cacheBudget, DOCUMENTED_MEMORY_LIMIT, NON_CACHE_RESERVE } from '../../../companion/src/config/memoryBudget';
import { parseQuantity } from '../../../companion/src/remediate/quantity';

const docs = parseAllDocuments(readFileSync(join(__dirname, '../../../deploy/kubernetes/companion.yaml'), 'utf8')).map(
  (d) => d.toJS()
);
const byKind = (kind: string) => docs.find((d) => d.kind === kind);

describe('deploy/kubernetes/companion.yaml', () => {
  it('has a Deployment, a Service and a HorizontalPodAutoscaler (plus its ConfigMap and Secret)', () => {
    expect(docs.map((d) => d.kind).sort()).toEqual([
      'ConfigMap',
      'Deployment',
      'HorizontalPodAutoscaler',
      'Secret',
      'Service',
    ]);
  });

  it('embeds a companion config that validates (token file aside) and listens where the probes look', () => {
    const raw = parse(byKind('ConfigMap').data['companion.yaml']);
    expect(raw.auth.bearerTokenFile).toBe('/etc/bellwether/secret/api-token');
    delete raw.auth; // the Secret's file exists only in the pod
    const cfg = fromRaw(raw);
    expect(cfg.listen).toEqual({ host: '0.0.0.0', port: 9091 });
    const c = byKind('Deployment').spec.template.spec.containers[0];
    expect(c.ports[0].containerPort).toBe(9091);
    expect(c.readinessProbe.httpGet.path).toBe('/-/ready');
    expect(c.livenessProbe.httpGet.path).toBe('/-/healthy');
    expect(c.args).toEqual(['serve', '--config', '/etc/bellwether/companion.yaml']);
    expect(cfg.shutdownGraceMs / 1000).toBeLessThan(
      byKind('Deployment').spec.template.spec.terminationGracePeriodSeconds
    );
  });

  it("sizes the cache to leave Node and the queries in flight their reserve under the pod's memory limit", () => {
    const { auth: _token, ...raw } = parse(byKind('ConfigMap').data['companion.yaml']); // its file exists only in the pod
    const cfg = fromRaw(raw);
    const limit = parseQuantity(byKind('Deployment').spec.template.spec.containers[0].resources.limits.memory)!;
    expect(limit).toBe(DOCUMENTED_MEMORY_LIMIT);
    expect(cfg.cache.maxBytes).toBeLessThanOrEqual(cacheBudget(limit));
    // The default is the same budget: a config without cache.maxBytes fits the limit too.
    expect(fromRaw({ upstream: { type: 'demo' } }).cache.maxBytes).toBe(cacheBudget(DOCUMENTED_MEMORY_LIMIT));
    expect(cacheBudget(limit) + NON_CACHE_RESERVE).toBeLessThanOrEqual(limit);
  });

  it('wires the Service and the autoscaler to the Deployment', () => {
    const podLabels = byKind('Deployment').spec.template.metadata.labels;
    expect(podLabels).toMatchObject(byKind('Service').spec.selector);
    expect(byKind('HorizontalPodAutoscaler').spec.scaleTargetRef).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: byKind('Deployment').metadata.name,
    });
  });
});
