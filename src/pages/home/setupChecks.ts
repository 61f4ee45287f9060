/**
 * "Setup checks": one line each, with the fix when something is wrong. Each check is independent,
 * so one failure does not hide the others.
 */
import { config, getBackendSrv } from '@grafana/runtime';
import { lastValueFrom } from 'rxjs';
import type { CompanionClient } from './companionClient';
import type { MlDataSourceRef } from './dataSource';
import { oneLine } from './dataSourceRulesLine';

export type CheckState = 'ok' | 'warn' | 'fail' | 'unknown';

export interface CheckLine {
  id: 'datasource' | 'companion' | 'recording' | 'alerts' | 'dsrules' | 'grafana';
  title: string;
  state: CheckState;
  detail: string;
  fix?: string;
  /** For a failed companion check: it did not answer, or it answered but cannot reach its upstream. */
  problem?: 'unreachable' | 'upstream';
  /** For a rules check that read its source: how many shipped rules it holds (reconcileRuleLines). */
  found?: number;
}

/** The home page's banner over a failed companion check: which of the two is wrong. */
export function companionBannerTitle(line: CheckLine): string {
  return line.problem === 'upstream' ? 'The companion cannot reach its upstream' : 'The companion is not answering';
}

/** The lowest Grafana the plugin declares (plugin.json dependencies.grafanaDependency). */
export const MIN_GRAFANA = '12.4.0';

/**
 * The titles of the shipped Grafana-managed alert rules (provisioning/alerting/bellwether-alerts.yaml;
 * setupChecks.test.ts keeps the two in step).
 */
export const SHIPPED_ALERT_TITLES = [
  'Filesystem full within 4 hours',
  'Filesystem full within 2 days',
  'Filesystem full within 30 days',
  'CPU anomaly sustained',
  'CPU anomaly',
  'p99 latency anomaly sustained',
  'p99 latency anomaly',
  'Memory leak suspected',
  'Pod out of line',
];

/** Compares dotted versions numerically ("12.10.0" > "12.4.2"); pre-release tags are ignored. */
export function versionAtLeast(version: string, min: string): boolean {
  const parts = (v: string) =>
    v
      .split(/[-+]/)[0]
      .split('.')
      .map((x) => Number(x) || 0);
  const [a, b] = [parts(version), parts(min)];
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if ((a[i] ?? 0) !== (b[i] ?? 0)) {
      return (a[i] ?? 0) > (b[i] ?? 0);
    }
  }
  return true;
}

/**
 * The Grafana version, from Grafana's server (`GET /api/health`, which answers without a login) and
 * else the version its frontend reports. When no server answers, the page runs without Grafana (the
 * preview of `bellwether demo`, whose stand-in reports a frontend version) or a proxy hides the path:
 * the line says so instead of "supported".
 */
export async function grafanaCheck(frontendVersion = config.buildInfo?.version ?? ''): Promise<CheckLine> {
  const title = 'Grafana version';
  let version: string;
  try {
    const res = await lastValueFrom(
      getBackendSrv().fetch<{ version?: string }>({
        url: GRAFANA_HEALTH_API,
        showErrorAlert: false,
        showSuccessAlert: false,
      })
    );
    version = typeof res.data?.version === 'string' && res.data.version ? res.data.version : frontendVersion;
  } catch (err) {
    const status = (err as { status?: number }).status;
    return {
      id: 'grafana',
      title,
      state: 'unknown',
      detail: `Not checked: no Grafana server answered ${GRAFANA_HEALTH_API} (HTTP ${status ?? 'error'}); the page runs without Grafana (as in the bellwether demo preview) or a proxy hides that path.`,
    };
  }
  return grafanaVersionLine(version);
}

/** Grafana's health endpoint (pkg/api/health.go): `{"database","version","commit"}`. */
export const GRAFANA_HEALTH_API = '/api/health';

/** The line for a Grafana version ('' when none was reported). */
export function grafanaVersionLine(version: string): CheckLine {
  const title = 'Grafana version';
  if (!version) {
    return { id: 'grafana', title, state: 'unknown', detail: 'Grafana did not report its version.' };
  }
  return versionAtLeast(version, MIN_GRAFANA)
    ? { id: 'grafana', title, state: 'ok', detail: `Grafana ${version} (supported: ${MIN_GRAFANA} and later).` }
    : {
        id: 'grafana',
        title,
        state: 'fail',
        detail: `Grafana ${version} is older than ${MIN_GRAFANA}.`,
        fix: `Upgrade Grafana to ${MIN_GRAFANA} or later.`,
      };
}

export function noDataSourceCheck(wanted?: string): CheckLine {
  return {
    id: 'datasource',
    title: 'Bellwether ML data source',
    state: 'fail',
    detail: wanted
      ? `No Bellwether ML data source named or with uid "${wanted}".`
      : 'No Bellwether ML data source exists.',
    fix: 'Add one under Connections → Data sources → Bellwether ML with the companion URL (or provision provisioning/datasources/datasources.yaml).',
  };
}

/** The data source and the companion behind it: health, version, upstream, readiness. */
export async function dataSourceAndCompanionChecks(ds: MlDataSourceRef, client: CompanionClient): Promise<CheckLine[]> {
  const dsTitle = `Data source “${ds.name}”`;
  if (!ds.companionUrl) {
    return [
      {
        id: 'datasource',
        title: dsTitle,
        state: 'fail',
        detail: 'It has no companion URL.',
        fix: 'Set “Companion URL” in the data source settings (e.g. http://companion:9091).',
      },
      {
        id: 'companion',
        title: 'Companion',
        state: 'unknown',
        detail: 'Not checked: the data source has no companion URL.',
      },
    ];
  }
  const [health, info, ready] = await Promise.allSettled([
    client.instant('1+1', Math.floor(Date.now() / 1000)),
    client.buildInfo(),
    client.ready(),
  ]);
  const lines: CheckLine[] = [];
  lines.push(
    health.status === 'fulfilled' && health.value[0]?.values[0] === 2
      ? {
          id: 'datasource',
          title: dsTitle,
          state: 'ok',
          detail: `Healthy: a test query through its companion route (${ds.companionUrl}) answered.`,
        }
      : {
          id: 'datasource',
          title: dsTitle,
          state: 'fail',
          detail: `A test query failed: ${health.status === 'rejected' ? (health.reason as Error).message : 'unexpected answer to 1+1'}.`,
          fix: `Check that the companion runs at ${ds.companionUrl} and that Grafana's server can reach it; “Save & test” on the data source says the same.`,
        }
  );
  if (info.status === 'rejected') {
    lines.push({
      id: 'companion',
      title: 'Companion',
      state: 'fail',
      problem: 'unreachable',
      detail: `Unreachable: ${(info.reason as Error).message}.`,
      fix: `Start it (bellwether serve --config companion.yaml) and check the data source's companion URL (${ds.companionUrl}).`,
    });
    return lines;
  }
  const version = info.value.bellwetherVersion ?? 'unknown version';
  const upstream = info.value.bellwetherUpstream || 'an upstream it did not name';
  const readyText = ready.status === 'fulfilled' ? ready.value.trim() : (ready.reason as Error).message;
  const isReady = ready.status === 'fulfilled' && /is Ready/.test(ready.value);
  lines.push(
    isReady
      ? {
          id: 'companion',
          title: 'Companion',
          state: 'ok',
          detail: `Bellwether ${version}, reading from ${upstream}; ready.`,
        }
      : {
          id: 'companion',
          title: 'Companion',
          state: 'fail',
          problem: 'upstream',
          detail: `Bellwether ${version}, reading from ${upstream}; not ready: ${readyText}`,
          fix: 'The companion cannot reach its upstream: check upstream.url (and its credentials) in companion.yaml.',
        }
  );
  return lines;
}

/** The companion's recording rules, from its own /metrics. */
export async function recordingCheck(client: CompanionClient, nowS = Date.now() / 1000): Promise<CheckLine> {
  const title = 'Recording rules (companion)';
  let text: string;
  try {
    text = await client.metrics();
  } catch (err) {
    return { id: 'recording', title, state: 'unknown', detail: `Not checked: ${(err as Error).message}.` };
  }
  const value = (name: string) => {
    const m = new RegExp(`^${name}(?:\\{[^}]*\\})? ([^ \\n]+)`, 'm').exec(text);
    return m ? Number(m[1]) : NaN;
  };
  const rounds = value('bellwether_rule_evaluations_total');
  const failures = value('bellwether_rule_evaluation_failures_total');
  const last = value('bellwether_rule_last_success_timestamp_seconds');
  // NaN from a companion older than the gauge: it cannot tell "none configured" from "not evaluated yet".
  const configured = value('bellwether_rules_configured');
  const fix =
    "Add rules.series to companion.yaml (see provisioning/companion/companion.yaml), and let Prometheus scrape the companion's /metrics for provisioning/prometheus/rules/.";
  if (configured === 0) {
    return {
      id: 'recording',
      title,
      state: 'warn',
      detail: 'This companion has no recording rules configured (rules.series in its companion.yaml is empty).',
      fix,
    };
  }
  if (!(rounds > 0) && configured > 0) {
    return {
      id: 'recording',
      title,
      state: 'unknown',
      detail: `${configured} recording rule${configured === 1 ? '' : 's'} configured, not evaluated yet: the companion just started.`,
    };
  }
  if (!(rounds > 0)) {
    return {
      id: 'recording',
      title,
      state: 'warn',
      detail: 'No recording rule has been evaluated: none are configured, or the companion just started.',
      fix,
    };
  }
  const ago = last > 0 ? `${Math.round((nowS - last) / 60)} min ago` : 'never';
  return failures > 0 && !(last > 0 && nowS - last < 600)
    ? {
        id: 'recording',
        title,
        state: 'fail',
        detail: `${rounds} rounds, ${failures} with failures; last full success ${ago}.`,
        fix: "See the companion's log for the failing rule.",
      }
    : {
        id: 'recording',
        title,
        state: 'ok',
        detail: `${rounds} rounds evaluated${failures > 0 ? ` (${failures} with failures)` : ''}; last full success ${ago}.`,
      };
}

/**
 * One rule of Grafana's Prometheus-compatible rules API for Grafana-managed rules
 * (`GET /api/prometheus/grafana/api/v1/rules`, pkg/services/ngalert/api/api_prometheus.go):
 * `health` is ok, error, nodata or unknown, with `lastError` when the last evaluation failed.
 */
interface GrafanaRule {
  name?: string;
  health?: string;
  lastError?: string;
}

/** Grafana's rules API path for its own (Grafana-managed) rules. */
export const GRAFANA_RULES_API = '/api/prometheus/grafana/api/v1/rules';

/** The shipped Grafana-managed alert rules, from Grafana's rules API: loaded, and each evaluating. */
export async function alertRulesCheck(): Promise<CheckLine> {
  const title = 'Alert rules (Grafana)';
  const fix =
    'Provision provisioning/alerting/bellwether-alerts.yaml (see docs/alerting.md), or use provisioning/vmalert or provisioning/prometheus/rules.';
  let groups: Array<{ rules?: GrafanaRule[] }>;
  try {
    const res = await lastValueFrom(
      getBackendSrv().fetch<{ status?: string; data?: { groups?: typeof groups } }>({
        url: GRAFANA_RULES_API,
        showErrorAlert: false,
        showSuccessAlert: false,
      })
    );
    if (!Array.isArray(res.data?.data?.groups)) {
      return {
        id: 'alerts',
        title,
        state: 'unknown',
        detail: `Grafana's rules API answered without rule groups (status ${res.data?.status ?? 'missing'}).`,
      };
    }
    groups = res.data.data.groups;
  } catch (err) {
    const status = (err as { status?: number }).status;
    if (status === 401 || status === 403) {
      return {
        id: 'alerts',
        title,
        state: 'unknown',
        detail: `Grafana refused to list alert rules (HTTP ${status}).`,
        fix: 'Open the page as a user who may read alert rules (Viewer or above, with alerting access).',
      };
    }
    return {
      id: 'alerts',
      title,
      state: 'unknown',
      detail: `Grafana's rules API did not answer (HTTP ${status ?? 'error'}); rules loaded in Prometheus or vmalert have their own line.`,
    };
  }
  const ours = groups
    .flatMap((g) => g.rules ?? [])
    .filter((r): r is GrafanaRule & { name: string } => !!r.name && SHIPPED_ALERT_TITLES.includes(r.name));
  const loaded = SHIPPED_ALERT_TITLES.filter((t) => ours.some((r) => r.name === t));
  const n = SHIPPED_ALERT_TITLES.length;
  if (loaded.length === 0) {
    return {
      id: 'alerts',
      title,
      state: 'warn',
      detail: 'None of the shipped Bellwether alert rules is loaded in Grafana.',
      found: 0,
      fix,
    };
  }
  const failing = ours.filter((r) => r.health === 'error');
  if (failing.length) {
    const first = failing[0];
    return {
      id: 'alerts',
      title,
      state: 'fail',
      found: loaded.length,
      detail: `${failing.length} of ${loaded.length} loaded rules fail to evaluate; “${first.name}”: ${first.lastError ? oneLine(first.lastError) : 'no error text'}.`,
      fix: 'Check that the Bellwether data source and its companion answer (the checks above), then open the rule in Alerting → Alert rules.',
    };
  }
  const noData = ours.filter((r) => r.health === 'nodata');
  if (noData.length) {
    return {
      id: 'alerts',
      title,
      state: 'warn',
      found: loaded.length,
      detail: `${noData.length} of ${loaded.length} loaded rules get no data (“${noData[0].name}”).`,
      fix: 'The rule’s series do not exist here (e.g. no node-exporter): edit its query, or ignore it if that exporter is not used.',
    };
  }
  const missing = SHIPPED_ALERT_TITLES.filter((t) => !loaded.includes(t));
  return missing.length
    ? {
        id: 'alerts',
        title,
        state: 'warn',
        found: loaded.length,
        detail: `${loaded.length} of ${n} shipped rules loaded, none failing; missing “${missing[0]}”${missing.length > 1 ? ` and ${missing.length - 1} more` : ''}.`,
        fix,
      }
    : { id: 'alerts', title, state: 'ok', detail: `${n} of ${n} shipped rules loaded, none failing.`, found: n };
}
