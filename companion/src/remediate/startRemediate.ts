/**
 * Wires `bellwether remediate` together from a validated config: the Kubernetes client, the audit
 * log, the metrics, the Alertmanager state check and the HTTP server.
 */
import type { Logger } from '../log/logger';
import { alertmanagerSuppression } from './alertmanagerState';
import { AuditLog } from './auditLog';
import { type KubeApi, kubeApi, loadKubeConfig } from './kubeClient';
import type { RemediateConfig } from './remediateConfig';
import { RemediateMetrics } from './remediateMetrics';
import { type RemediateServer, startRemediateServer } from './remediateServer';
import { Remediator } from './remediator';

export interface Remediate extends RemediateServer {
  kube: KubeApi;
  metrics: RemediateMetrics;
}

export async function startRemediate(config: RemediateConfig, log: Logger): Promise<Remediate> {
  const kube = kubeApi(loadKubeConfig(config.kubernetes.kubeconfig, config.kubernetes.context));
  const audit = new AuditLog(config.auditLog);
  const metrics = new RemediateMetrics();
  const remediator = new Remediator({
    config,
    kube,
    audit,
    metrics,
    suppressed: config.alertmanagerUrl ? alertmanagerSuppression(config.alertmanagerUrl) : undefined,
  });
  const server = await startRemediateServer({
    host: config.listen.host,
    port: config.listen.port,
    authToken: config.authToken,
    remediator,
    metrics,
    log,
  });
  return { ...server, kube, metrics };
}
