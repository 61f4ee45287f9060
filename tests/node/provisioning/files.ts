/** Paths and loaders of the provisioning files the checks in this folder read. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

export const ROOT = join(__dirname, '..', '..', '..');
export const PROVISIONING = join(ROOT, 'provisioning');
export const DASHBOARDS = join(ROOT, 'src', 'dashboards');
export const GRAFANA_ALERTS = join(PROVISIONING, 'alerting', 'bellwether-alerts.yaml');
export const PROM_RULES_DIR = join(PROVISIONING, 'prometheus', 'rules');
export const BELLWETHER_RULES = join(PROM_RULES_DIR, 'bellwether.rules.yml');
export const COMPANION_CONFIG = join(PROVISIONING, 'companion', 'companion.yaml');

/** Every file under `dir` (recursive) whose name matches `re`. */
export function filesUnder(dir: string, re: RegExp): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name), re) : re.test(e.name) ? [join(dir, e.name)] : []
  );
}

/** Parses a YAML file (anchors and merge keys resolved, as Docker Compose does). */
export function readYaml(path: string): any {
  return parse(readFileSync(path, 'utf8'), { merge: true });
}

/** The provisioned data sources (provisioning/datasources/*.yaml). */
export function provisionedDatasources(): Array<{ name: string; uid: string; type: string; url?: string; jsonData?: Record<string, unknown> }> {
  return filesUnder(join(PROVISIONING, 'datasources'), /\.ya?ml$/).flatMap((f) => readYaml(f).datasources ?? []);
}

/** One query of a Grafana-managed alert rule. */
export interface AlertQuery {
  rule: string;
  refId: string;
  datasourceUid: string;
  model: Record<string, any>;
}

/** Every query of every provisioned Grafana-managed alert rule. */
export function grafanaAlertQueries(): AlertQuery[] {
  const doc = readYaml(GRAFANA_ALERTS);
  return doc.groups.flatMap((g: any) =>
    g.rules.flatMap((r: any) => r.data.map((d: any) => ({ rule: r.uid, refId: d.refId, datasourceUid: d.datasourceUid, model: d.model })))
  );
}

/** Every rule (alerting and recording) of the Prometheus rules files. */
export function prometheusRules(): Array<{ file: string; name: string; expr: string }> {
  return filesUnder(PROM_RULES_DIR, /\.ya?ml$/).flatMap((file) =>
    readYaml(file).groups.flatMap((g: any) => g.rules.map((r: any) => ({ file, name: r.alert ?? r.record, expr: String(r.expr).trim() })))
  );
}
