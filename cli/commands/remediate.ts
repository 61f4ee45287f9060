/**
 * `bellwether remediate --config remediate.yaml [--print-rbac [--namespace NS]]`: a webhook
 * receiver for Alertmanager and Grafana that maps alerts to runbook actions through the Kubernetes
 * API, dry-run unless the config says `dryRun: false` (docs/remediation.md). `--print-rbac` prints
 * the RBAC manifests the configured actions need and exits.
 */
import { ConfigError } from '../../companion/src/config/loadConfig';
import { listenErrorMessage } from '../../companion/src/listenError';
import { createLogger } from '../../companion/src/log/logger';
import { KubeError } from '../../companion/src/remediate/kubeError';
import { rbacYaml } from '../../companion/src/remediate/rbac';
import { loadRemediateConfig, type RemediateConfig } from '../../companion/src/remediate/remediateConfig';
import type * as StartRemediate from '../../companion/src/remediate/startRemediate';
import { reportUsageError } from '../args';
import { EXIT } from '../exitCodes';

export const summary =
  'Act on alerts through the Kubernetes API (restart, scale, expand a PVC, run a Job, cordon); dry-run by default.';

const USAGE = `Usage: bellwether remediate --config remediate.yaml [--print-rbac [--namespace NS]]

  --config FILE   YAML configuration (see companion/remediate.example.yaml, docs/remediation.md)
  --print-rbac    print the Kubernetes RBAC the configured actions need, and exit
  --namespace NS  the namespace remediate's ServiceAccount lives in (with --print-rbac; default bellwether)

Listens for POST /webhook (Alertmanager and Grafana webhook notifications), serves GET /metrics.
Dry-run unless the configuration says dryRun: false (or BELLWETHER_REMEDIATE_DRY_RUN=false).

Exit codes: 0 stopped by a signal, 1 cannot run (port in use, no Kubernetes credentials, audit log
not writable), 2 bad option or configuration.
`;

export async function run(args: string[]): Promise<number> {
  let configPath: string | undefined;
  let printRbac = false;
  let namespace = 'bellwether';
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if ((a === '--config' || a === '-c' || a === '--namespace') && args[i + 1] === undefined) {
      return reportUsageError('remediate', `${a} needs a value`);
    }
    if (a === '--help' || a === '-h') {
      process.stdout.write(USAGE);
      return EXIT.ok;
    } else if (a === '--config' || a === '-c') {
      configPath = args[++i];
    } else if (a === '--namespace') {
      namespace = args[++i];
    } else if (a === '--print-rbac') {
      printRbac = true;
    } else {
      return reportUsageError('remediate', `unknown option ${a}`);
    }
  }
  if (configPath === undefined) {
    return reportUsageError('remediate', '--config is required: remediation acts only on rules you write');
  }
  let config: RemediateConfig;
  try {
    config = loadRemediateConfig(configPath, process.env, { secrets: !printRbac });
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(err.problems.map((p) => `bellwether remediate: ${p}\n`).join(''));
      return EXIT.usage;
    }
    throw err;
  }
  if (printRbac) {
    process.stdout.write(rbacYaml(config, namespace, configPath));
    return EXIT.ok;
  }
  const log = createLogger('info');
  let server;
  try {
    // Loaded here, not at the top: @kubernetes/client-node takes seconds to load, and `bellwether
    // help` loads every command for its summary.
    const { startRemediate } = require('../../companion/src/remediate/startRemediate') as typeof StartRemediate;
    server = await startRemediate(config, log);
  } catch (err) {
    const message =
      listenErrorMessage(err, config.listen.host, config.listen.port) ??
      (err instanceof KubeError ? err.message : undefined) ??
      auditError(err, config.auditLog);
    if (message === undefined) {
      throw err;
    }
    process.stderr.write(`bellwether remediate: ${message}\n`);
    return 1;
  }
  const mode = config.dryRun ? 'DRY-RUN (nothing is changed; set dryRun: false to act)' : 'LIVE';
  process.stdout.write(
    `Bellwether remediate listening on ${server.url} (POST /webhook), ${mode}, ${config.rules.length} rule${config.rules.length === 1 ? '' : 's'}, Kubernetes API ${server.kube.server}, audit log ${config.auditLog}\n`
  );
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      server.close().then(resolve, resolve);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  return EXIT.ok;
}

/** A failure to open the audit log, as one line. */
function auditError(err: unknown, path: string): string | undefined {
  const e = err as NodeJS.ErrnoException;
  return e?.syscall === 'open' ? `cannot open the audit log ${path}: ${e.code}` : undefined;
}
