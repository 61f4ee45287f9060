/**
 * The one line of the data-source rules check, from what each source said (no Grafana calls here,
 * so a node test can feed it a real Prometheus' /api/v1/rules answer). See dataSourceRules.ts.
 */
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

/** Text on one line, at most `max` characters (a rule's lastError can span lines). */
export function oneLine(text: string, max = 160): string {
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
        ? `no Prometheus data source that can hold rules could be read.${notAsked}${companionNote}`
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
      detail: `${count(failing.length, 'shipped rule')} ${failing.length === 1 ? 'fails' : 'fail'} to evaluate; “${r.name}” in “${where}”: ${r.lastError ? oneLine(r.lastError) : 'no error text'}.`,
      found: holders[0].rules.length,
      fix: "Prometheus' copy reads the companion's recorded series: check that Prometheus scrapes its /metrics (provisioning/prometheus/prometheus.yml); vmalert's copy queries the companion: check that -datasource.url points at it.",
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
