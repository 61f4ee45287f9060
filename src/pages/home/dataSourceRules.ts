/**
 * The setup check for the shipped Prometheus rules (provisioning/prometheus/rules/*.yml, and the
 * vmalert copy of the alerts) loaded in Prometheus or vmalert rather than in Grafana. Grafana's
 * unified alerting proxies a Prometheus data source's `/api/v1/rules` at
 * `GET /api/prometheus/{DatasourceUID}/api/v1/rules` (pkg/services/ngalert/api, "Lotex" routes;
 * only data source types `prometheus` and `loki` have one). The check asks every Prometheus data
 * source and finds our rules by name.
 */
import { getBackendSrv, getDataSourceSrv } from '@grafana/runtime';
import { lastValueFrom } from 'rxjs';
import type { CheckLine } from './setupChecks';
import { type Asked, dataSourceRulesLine, oneLine, type PromRule, type RuleSource } from './dataSourceRulesLine';

export { reconcileRuleLines } from './dataSourceRulesLine';

/** Grafana's path for a data source's rules, in Prometheus' `/api/v1/rules` format. */
export const dataSourceRulesApi = (uid: string) => `/api/prometheus/${encodeURIComponent(uid)}/api/v1/rules`;

/** The Prometheus data sources Grafana knows (the home's upstream and the companion-backed one among them). */
export function prometheusRuleSources(): RuleSource[] {
  return getDataSourceSrv()
    .getList({ type: 'prometheus' })
    .map((d) => ({ uid: d.uid, name: d.name }));
}

async function get<T>(url: string): Promise<T> {
  const res = await lastValueFrom(getBackendSrv().fetch<T>({ url, showErrorAlert: false, showSuccessAlert: false }));
  return res.data;
}

/** Asks one source for its rules; an empty answer from the companion is marked (it holds none by design). */
export async function askSource(source: RuleSource): Promise<Asked> {
  let body: { status?: string; data?: { groups?: Array<{ rules?: PromRule[] }> } };
  try {
    body = await get(dataSourceRulesApi(source.uid));
  } catch (err) {
    const e = err as { status?: number; data?: { message?: string } };
    const message = e.data?.message ? `: ${oneLine(e.data.message, 100)}` : '';
    return { source, why: `HTTP ${e.status ?? 'error'}${message}`, refused: e.status === 401 || e.status === 403 };
  }
  const groups = body?.data?.groups;
  if (!Array.isArray(groups)) {
    return { source, why: `answered without rule groups (status ${body?.status ?? 'missing'})` };
  }
  const rules = groups.flatMap((g) => g.rules ?? []);
  // The companion answers /api/v1/rules with no groups so that Grafana's Prometheus client works;
  // its buildinfo names it (bellwetherVersion).
  let companion = false;
  if (rules.length === 0) {
    companion = await get<{ data?: { bellwetherVersion?: string } }>(
      `/api/datasources/proxy/uid/${encodeURIComponent(source.uid)}/api/v1/status/buildinfo`
    ).then(
      (b) => !!b?.data?.bellwetherVersion,
      () => false
    );
  }
  return { source, rules, companion };
}

/** Asks every Prometheus data source (in parallel) and says one line. */
export async function dataSourceRulesCheck(sources: RuleSource[] = prometheusRuleSources()): Promise<CheckLine> {
  return dataSourceRulesLine(await Promise.all(sources.map(askSource)));
}
