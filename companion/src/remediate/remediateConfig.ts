/**
 * remediate.yaml: the schema and the loader of `bellwether remediate`. It reuses the companion's
 * strict schema (companion/src/config/schema.ts): every problem is reported, one line each, naming
 * the key; an unknown key names the closest valid one. Safety settings have safe defaults: dry-run
 * is on unless `dryRun: false`, and nothing namespaced is touched outside `allow.namespaces`.
 */
import { ConfigError, readSecret, readYamlFile } from '../config/loadConfig';
import {
  bool,
  duration,
  hasProblemAt,
  int,
  list,
  mapping,
  oneOf,
  secret,
  str,
  stringMap,
  type Problem,
} from '../config/schema';
import { type Matcher, parseMatcher } from './matchers';
import { parseQuantity } from './quantity';

/** The runbook actions. */
export const ACTIONS = ['restart', 'scale', 'expandPvc', 'runJob', 'cordon'] as const;
export type ActionKind = (typeof ACTIONS)[number];

/** Kinds of object an action works on; restart and scale take either workload kind. */
export const WORKLOAD_KINDS = ['Deployment', 'StatefulSet'] as const;
export type TargetKind = (typeof WORKLOAD_KINDS)[number] | 'PersistentVolumeClaim' | 'CronJob' | 'Node';

/** The kind an action's target is, when the action fixes it. */
export const FIXED_KIND: Partial<Record<ActionKind, TargetKind>> = {
  expandPvc: 'PersistentVolumeClaim',
  runJob: 'CronJob',
  cordon: 'Node',
};

/** A target whose namespace and name may hold `{{label}}` placeholders filled from the alert. */
export interface TargetTemplate {
  kind: TargetKind;
  namespace?: string;
  name: string;
}

/** One rule: alerts matching `matchers` get `action` on `target`. */
export interface RemediationRule {
  name: string;
  matchers: Matcher[];
  action: ActionKind;
  target: TargetTemplate;
  /** scale: replicas change by `by`, kept within [min, max]. */
  scale?: { by: number; min: number; max: number };
  /** expandPvc: storage grows by `byBytes`, never beyond `limitBytes`. */
  expand?: { byBytes: number; limitBytes: number };
  /** Per target: no second action within `cooldownMs`, at most `maxPerHour` in any hour. */
  cooldownMs: number;
  maxPerHour: number;
}

export interface RemediateConfig {
  listen: { host: string; port: number };
  dryRun: boolean;
  auditLog: string;
  /** Absent: in-cluster service account when running in a pod, else $KUBECONFIG or ~/.kube/config. */
  kubernetes: { kubeconfig?: string; context?: string };
  /** When set, each alert's state is checked there before acting: a silenced or inhibited alert is left alone. */
  alertmanagerUrl?: string;
  /** Bearer token the webhook senders must present. */
  authToken?: string;
  allow: { namespaces: string[]; labels: Record<string, string>; nodeLabels: Record<string, string> };
  rules: RemediationRule[];
}

export const REMEDIATE_DEFAULTS = {
  listen: { host: '127.0.0.1', port: 9096 },
  cooldownMs: 10 * 60_000,
  maxPerHour: 3,
} as const;

const NAME_RE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const TEMPLATE_RE = /\{\{\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*\}\}/g;
const quantity = (what: string) => str({ pattern: /^\d+(\.\d+)?(k|M|G|T|P|Ki|Mi|Gi|Ti|Pi)?$/, what });

const LIMITS = { cooldown: duration(0), maxPerHour: int(1) };

const RULE_SCHEMA = mapping({
  name: str({ pattern: NAME_RE, what: 'a name like restart-api (lower case, digits, -)' }),
  matchers: list(str({ nonEmpty: true }), '[\'alertname="BellwetherDiskFull"\', \'severity="critical"\']'),
  action: oneOf(ACTIONS),
  target: mapping({
    kind: oneOf(WORKLOAD_KINDS),
    namespace: str({ nonEmpty: true, what: 'a namespace or {{label}}' }),
    name: str({ nonEmpty: true, what: 'a name or {{label}}' }),
  }),
  scale: mapping({ by: int(-1000, 1000), min: int(0), max: int(0) }),
  expand: mapping({ by: quantity('a storage size like 10Gi'), limit: quantity('a storage size like 200Gi') }),
  ...LIMITS,
});

const SCHEMA = mapping({
  listen: mapping({ host: str({ nonEmpty: true, what: 'an address like 127.0.0.1 or 0.0.0.0' }), port: int(0, 65535) }),
  dryRun: bool(),
  auditLog: str({ nonEmpty: true, what: 'a file path' }),
  kubernetes: mapping({ kubeconfig: str({ nonEmpty: true, what: 'a file path' }), context: str({ nonEmpty: true }) }),
  alertmanager: mapping({
    url: str({ pattern: /^https?:\/\/[^/\s]+/, what: 'an http(s) URL like http://alertmanager:9093' }),
  }),
  auth: mapping({ bearerToken: secret(), bearerTokenFile: str({ nonEmpty: true, what: 'a file path' }) }),
  allow: mapping({
    namespaces: list(str({ pattern: NAME_RE, what: 'a namespace' }), '[web, batch]'),
    labels: stringMap(),
    nodeLabels: stringMap(),
  }),
  limits: mapping(LIMITS),
  rules: list(RULE_SCHEMA, '[{ name: restart-api, matchers: [...], action: restart, target: {...} }]'),
});

/** Environment overrides, applied after the file (a deployment flips dry-run without editing the file). */
export const REMEDIATE_ENV: Record<string, string> = {
  BELLWETHER_REMEDIATE_DRY_RUN: 'dryRun',
  BELLWETHER_REMEDIATE_PORT: 'listen.port',
};

/** How the config is loaded: `secrets: false` leaves secret files unread (printing RBAC needs none). */
export interface RemediateLoadOptions {
  secrets?: boolean;
}

/** Loads and validates remediate.yaml; throws ConfigError listing every problem. */
export function loadRemediateConfig(
  path: string,
  env: NodeJS.ProcessEnv = process.env,
  opts: RemediateLoadOptions = {}
): RemediateConfig {
  const raw = readYamlFile(path) ?? {};
  if (typeof raw === 'object' && raw !== null && !Array.isArray(raw)) {
    const r = raw as Record<string, unknown>;
    if (env.BELLWETHER_REMEDIATE_DRY_RUN) {
      r.dryRun = env.BELLWETHER_REMEDIATE_DRY_RUN;
    }
    if (env.BELLWETHER_REMEDIATE_PORT) {
      r.listen = { ...(r.listen as object), port: env.BELLWETHER_REMEDIATE_PORT };
    }
  }
  return remediateFromRaw(raw, opts);
}

/** Validates a parsed remediate.yaml. */
export function remediateFromRaw(raw: unknown, opts: RemediateLoadOptions = {}): RemediateConfig {
  const problems: Problem[] = [];
  const c = SCHEMA(raw ?? {}, '', problems);
  if (c === undefined) {
    throw new ConfigError(problems.map((p) => p.text));
  }
  if (c.auditLog === undefined && !problems.some((p) => p.path === 'auditLog')) {
    problems.push({
      path: 'auditLog',
      text: 'auditLog is missing: give the file the audit log (JSON lines) is appended to',
    });
  }
  const authToken =
    opts.secrets === false
      ? undefined
      : readSecret(c.auth?.bearerToken, c.auth?.bearerTokenFile, 'auth.bearerToken', problems);
  const namespaces = (c.allow?.namespaces ?? []).filter((n): n is string => n !== undefined);
  const defaults = {
    cooldownMs: c.limits?.cooldown ?? REMEDIATE_DEFAULTS.cooldownMs,
    maxPerHour: c.limits?.maxPerHour ?? REMEDIATE_DEFAULTS.maxPerHour,
  };
  const rules: RemediationRule[] = [];
  const seen = new Set<string>();
  (c.rules ?? []).forEach((item, i) => {
    const at = `rules[${i}]`;
    if (item === undefined) {
      return;
    }
    const before = problems.length;
    // A key given with a wrong value already has its problem; "missing" is for keys not given.
    const need = (key: string, what: string) =>
      hasProblemAt(problems, `${at}.${key}`) ||
      problems.push({ path: `${at}.${key}`, text: `${at}.${key} is missing: ${what}` });
    if (item.name === undefined) {
      need('name', 'name the rule (it labels the audit log and the metrics)');
    } else if (seen.has(item.name)) {
      problems.push({
        path: `${at}.name`,
        text: `${at}.name ${item.name} is used by an earlier rule; names must be unique`,
      });
    }
    seen.add(item.name ?? '');
    const matchers: Matcher[] = [];
    (item.matchers ?? []).forEach((m, j) => {
      const parsed = m === undefined ? undefined : parseMatcher(m);
      if (typeof parsed === 'string') {
        problems.push({ path: `${at}.matchers[${j}]`, text: `${at}.matchers[${j}]: ${parsed}` });
      } else if (parsed) {
        matchers.push(parsed);
      }
    });
    if (item.matchers === undefined || item.matchers.length === 0) {
      need('matchers', 'list label matchers like alertname="BellwetherDiskFull"; a rule never matches every alert');
    }
    if (item.action === undefined) {
      need('action', `one of ${ACTIONS.join(', ')}`);
    }
    if (item.target?.name === undefined) {
      need('target.name', 'the object to act on, or {{label}} to take it from the alert');
    }
    const action = item.action;
    const fixed = action ? FIXED_KIND[action] : undefined;
    if (fixed && item.target?.kind !== undefined) {
      problems.push({
        path: `${at}.target.kind`,
        text: `${at}.target.kind: ${action} always acts on a ${fixed}; remove the key`,
      });
    }
    const kind: TargetKind = fixed ?? item.target?.kind ?? 'Deployment';
    if (action && action !== 'cordon' && item.target?.namespace === undefined) {
      need('target.namespace', 'the namespace, or {{namespace}} to take it from the alert');
    }
    if (action === 'cordon' && item.target?.namespace !== undefined) {
      problems.push({
        path: `${at}.target.namespace`,
        text: `${at}.target.namespace: nodes have no namespace; remove the key`,
      });
    }
    const ns = item.target?.namespace;
    if (ns !== undefined && !ns.includes('{{') && !namespaces.includes(ns)) {
      problems.push({
        path: `${at}.target.namespace`,
        text: `${at}.target.namespace ${ns} is not in allow.namespaces`,
      });
    }
    let scale: RemediationRule['scale'];
    if (action === 'scale') {
      const s = item.scale;
      const absent = (['by', 'min', 'max'] as const).filter((k) => s?.[k] === undefined);
      if (absent.length || !s || s.by === undefined || s.min === undefined || s.max === undefined) {
        absent.forEach((k) => need(`scale.${k}`, 'scale needs by, min and max, e.g. { by: 1, min: 2, max: 10 }'));
      } else if (s.min > s.max) {
        problems.push({ path: `${at}.scale`, text: `${at}.scale: min ${s.min} is more than max ${s.max}` });
      } else if (s.by === 0) {
        problems.push({ path: `${at}.scale.by`, text: `${at}.scale.by is 0; scale by at least 1 or -1` });
      } else {
        scale = { by: s.by, min: s.min, max: s.max };
      }
    } else if (item.scale !== undefined) {
      problems.push({ path: `${at}.scale`, text: `${at}.scale is only for action: scale` });
    }
    let expand: RemediationRule['expand'];
    if (action === 'expandPvc') {
      const e = item.expand;
      const absent = (['by', 'limit'] as const).filter((k) => e?.[k] === undefined);
      if (absent.length || !e?.by || !e.limit) {
        absent.forEach((k) => need(`expand.${k}`, 'expand needs by and limit, e.g. { by: 10Gi, limit: 200Gi }'));
      } else {
        expand = { byBytes: parseQuantity(e.by)!, limitBytes: parseQuantity(e.limit)! };
      }
    } else if (item.expand !== undefined) {
      problems.push({ path: `${at}.expand`, text: `${at}.expand is only for action: expandPvc` });
    }
    if (problems.length > before) {
      return;
    }
    rules.push({
      name: item.name!,
      matchers,
      action: action!,
      target: { kind, namespace: item.target?.namespace, name: item.target!.name! },
      scale,
      expand,
      cooldownMs: item.cooldown ?? defaults.cooldownMs,
      maxPerHour: item.maxPerHour ?? defaults.maxPerHour,
    });
  });
  if (
    rules.some((r) => r.action !== 'cordon') &&
    namespaces.length === 0 &&
    !problems.some((p) => p.path.startsWith('allow'))
  ) {
    problems.push({
      path: 'allow.namespaces',
      text: 'allow.namespaces is empty: list the namespaces remediation may act in',
    });
  }
  if (problems.length > 0) {
    throw new ConfigError(problems.map((p) => p.text));
  }
  return {
    listen: {
      host: c.listen?.host ?? REMEDIATE_DEFAULTS.listen.host,
      port: c.listen?.port ?? REMEDIATE_DEFAULTS.listen.port,
    },
    dryRun: c.dryRun ?? true,
    auditLog: c.auditLog!,
    kubernetes: { kubeconfig: c.kubernetes?.kubeconfig, context: c.kubernetes?.context },
    alertmanagerUrl: c.alertmanager?.url?.replace(/\/$/, ''),
    authToken,
    allow: { namespaces, labels: c.allow?.labels ?? {}, nodeLabels: c.allow?.nodeLabels ?? {} },
    rules,
  };
}

/** Fills `{{label}}` placeholders from the alert; undefined names the first label the alert lacks. */
export function fillTemplate(text: string, labels: Record<string, string>): { value: string } | { missing: string } {
  let missing: string | undefined;
  const value = text.replace(TEMPLATE_RE, (_, label: string) => {
    if (!labels[label]) {
      missing ??= label;
      return '';
    }
    return labels[label];
  });
  return missing === undefined ? { value } : { missing };
}
