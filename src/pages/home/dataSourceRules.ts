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

/** Alert names of provisioning/prometheus/rules/bellwether.rules.yml (and provisioning/vmalert). */
export const SHIPPED_PROM_ALERTS = [
  'BellwetherDiskFullWithin4Hours',
  'BellwetherDiskFullWithin2Days',
  'BellwetherDiskFullWithin30Days',
  'BellwetherCpuAnomalySustained',
  'BellwetherCpuAnomaly',
  'BellwetherLatencyAnomalySustained',
  'BellwetherLatencyAnomaly',
  'BellwetherMemoryLeakSuspected',
  'BellwetherPodOutOfLine',
];

/** Recording rule names of provisioning/prometheus/rules/node.rules.yml. */
export const SHIPPED_RECORDING_RULES = ['instance:node_cpu_utilisation:rate5m'];

const ALERTS_FILE = 'provisioning/prometheus/rules/bellwether.rules.yml';
const RECORDING_FILE = 'provisioning/prometheus/rules/node.rules.yml';

/** A Prometheus data source the check asks. */
export interface RuleSource {
  uid: string;
  name: string;
}

/** Grafana's path for a data source's rules, in Prometheus' `/api/v1/rules` format. */
export const dataSourceRulesApi = (uid: string) => `/api/prometheus/${encodeURIComponent(uid)}/api/v1/rules`;

/** One rule of a Prometheus `/api/v1/rules` answer (Prometheus and vmalert say `err`, Grafana `error`). */
export interface PromRule {
  name?: string;
  type?: string;
  health?: string;
  lastError?: string;
}

/** What one source said: its rules, or why it could not be read. */
export type Asked =
  | { source: RuleSource; rules: PromRule[]; companion: boolean }
  | { source: RuleSource; why: string; refused?: boolean };

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

/** Text on one line, at most `max` characters (a rule's lastError can span lines). */
function oneLine(text: string, max = 160): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

const SHIPPED = [...SHIPPED_PROM_ALERTS, ...SHIPPED_RECORDING_RULES];
const quoted = (names: string[]) => names.map((n) => `“${n}”`).join(', ');
const count = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

/** The one line for what the sources said. */
export function dataSourceRulesLine(asked: Asked[]): CheckLine {
  const title = 'Rules (Prometheus, vmalert)';
  const base = { id: 'dsrules' as const, title };
  const answered = asked.filter((a): a is Extract<Asked, { rules: PromRule[] }> => 'rules' in a);
  const unanswered = asked.filter((a): a is Extract<Asked, { why: string }> => 'why' in a);
  const companions = answered.filter((a) => a.companion).map((a) => `“${a.source.name}”`);
  const companionNote = companions.length
    ? ` ${companions.join(', ')} ${companions.length === 1 ? 'is' : 'are'} the companion, which holds no rules by design.`
    : '';
  const notAsked = unanswered.length
    ? ` Not read: ${unanswered.map((u) => `“${u.source.name}” (${u.why})`).join('; ')}.`
    : '';
  const ours = (a: (typeof answered)[number]) => a.rules.filter((r) => !!r.name && SHIPPED.includes(r.name));
  const holders = answered
    .map((a) => ({ a, rules: ours(a) }))
    .filter((h) => h.rules.length > 0)
    .sort((x, y) => y.rules.length - x.rules.length);

  if (holders.length === 0) {
    const rulers = answered.filter((a) => !a.companion);
    if (rulers.length === 0) {
      const why = asked.length
        ? `no Prometheus data source could be read.${notAsked}${companionNote}`
        : 'Grafana has no Prometheus data source (its rules API serves only Prometheus and Loki types).';
      const refused = unanswered.some((u) => u.refused);
      return {
        ...base,
        state: 'unknown',
        detail: oneLine(`Not checked: ${why}`, 400),
        found: 0,
        ...(refused && { fix: 'Open the page as a user who may read data source rules (alert.rules.external:read).' }),
      };
    }
    return {
      ...base,
      state: 'warn',
      detail: oneLine(
        `None of the shipped rules is loaded in ${rulers.map((r) => `“${r.source.name}”`).join(', ')}.${companionNote}${notAsked}`,
        400
      ),
      found: 0,
      fix: `Load ${ALERTS_FILE} and ${RECORDING_FILE} in Prometheus' rule_files (provisioning/vmalert/bellwether.rules.yml for vmalert), or use Grafana-managed rules.`,
    };
  }

  const failing = holders.flatMap((h) =>
    h.rules.filter((r) => r.health === 'err' || r.health === 'error').map((r) => ({ r, where: h.a.source.name }))
  );
  if (failing.length) {
    const { r, where } = failing[0];
    return {
      ...base,
      state: 'fail',
      detail: `${failing.length} of the shipped rules fail to evaluate; “${r.name}” in “${where}”: ${r.lastError ? oneLine(r.lastError) : 'no error text'}.`,
      found: holders[0].rules.length,
      fix: "Check that Prometheus scrapes the companion's /metrics (provisioning/prometheus/prometheus.yml) and that the companion answers (the checks above).",
    };
  }
  const best = holders[0];
  const has = (n: string) => best.rules.some((r) => r.name === n);
  const alerts = SHIPPED_PROM_ALERTS.filter(has).length;
  const recording = SHIPPED_RECORDING_RULES.filter(has).length;
  const where = `“${best.a.source.name}”`;
  const loaded = `${alerts} of ${SHIPPED_PROM_ALERTS.length} alert rules and ${recording} of ${count(SHIPPED_RECORDING_RULES.length, 'recording rule')} loaded in ${where}`;
  const missing = SHIPPED.filter((n) => !has(n));
  if (missing.length === 0) {
    return { ...base, state: 'ok', detail: `${loaded}, none failing.`, found: best.rules.length };
  }
  const files = [
    ...(missing.some((n) => SHIPPED_PROM_ALERTS.includes(n)) ? [ALERTS_FILE] : []),
    ...(missing.some((n) => SHIPPED_RECORDING_RULES.includes(n)) ? [RECORDING_FILE] : []),
  ];
  const shown = missing.slice(0, 3);
  return {
    ...base,
    state: 'warn',
    detail: `${loaded}, none failing; missing ${quoted(shown)}${missing.length > shown.length ? ` and ${missing.length - shown.length} more` : ''}.`,
    found: best.rules.length,
    fix: `Load ${files.join(' and ')} in ${where} (Prometheus: rule_files; vmalert: its alerts are in provisioning/vmalert/bellwether.rules.yml).`,
  };
}

/** Asks every Prometheus data source (in parallel) and says one line. */
export async function dataSourceRulesCheck(sources: RuleSource[] = prometheusRuleSources()): Promise<CheckLine> {
  return dataSourceRulesLine(await Promise.all(sources.map(askSource)));
}

/**
 * The Grafana-managed and data-source lines together: when one home holds the shipped rules and
 * the other holds none, the empty one is not a problem (users load the rules in one place).
 */
export function reconcileRuleLines(grafana: CheckLine, dsRules: CheckLine): CheckLine[] {
  const quiet = (line: CheckLine, other: CheckLine): CheckLine =>
    line.found === 0 && line.state === 'warn' && (other.found ?? 0) > 0
      ? {
          ...line,
          state: 'ok',
          detail: `None here: the shipped rules are loaded elsewhere (${other.title}).`,
          fix: undefined,
        }
      : line;
  return [quiet(grafana, dsRules), quiet(dsRules, grafana)];
}
