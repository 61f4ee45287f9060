/**
 * Reads companion.yaml, applies environment overrides and validates everything against the schema
 * (companionSchema.ts). Every problem is reported, one line each, naming the key (and the variable
 * when the environment set it); nothing falls back silently: no demo data without `upstream.type:
 * demo`, no empty secrets. Secrets may come from files (`bearerTokenFile`, `passwordFile`) so they
 * stay out of the YAML and out of process listings.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { CONFIG_SCHEMA, RULE_SCHEMA } from './companionSchema';
import { type CompanionConfig, DEFAULTS, type RecordingRule, type RecordKind, type UpstreamConfig } from './config';
import { ruleProblems } from './ruleChecks';
import { anomalyQuery } from '../../../src/pages/home/anomalous';
import { withAlertRules } from '../../../src/pages/home/selectors';
import { parseQuery } from '../query/parser';
import { hasProblemAt, type Problem } from './schema';
import { closestName } from '../../../src/common/closestName';

/** Environment variable → config path. Applied after the file. */
export const ENV_OVERRIDES: Record<string, string> = {
  BELLWETHER_LISTEN_HOST: 'listen.host',
  BELLWETHER_LISTEN_PORT: 'listen.port',
  BELLWETHER_UPSTREAM_TYPE: 'upstream.type',
  BELLWETHER_UPSTREAM_URL: 'upstream.url',
  BELLWETHER_UPSTREAM_BEARER_TOKEN: 'upstream.bearerToken',
  BELLWETHER_UPSTREAM_USERNAME: 'upstream.basicAuth.username',
  BELLWETHER_UPSTREAM_PASSWORD: 'upstream.basicAuth.password',
  BELLWETHER_UPSTREAM_TIMEOUT: 'upstream.timeout',
  BELLWETHER_AUTH_TOKEN: 'auth.bearerToken',
  BELLWETHER_CORS_ALLOW_ORIGIN: 'cors.allowOrigin',
  BELLWETHER_CACHE_MAX_BYTES: 'cache.maxBytes',
  BELLWETHER_LOG_LEVEL: 'log.level',
  BELLWETHER_PIXIE_ADDRESS: 'pixie.address',
  BELLWETHER_PIXIE_API_KEY: 'pixie.apiKey',
  BELLWETHER_PIXIE_CLUSTER_ID: 'pixie.clusterId',
};

/** Variables holding secrets: set but empty, they are an error rather than "no secret". */
const SECRET_VARIABLES = new Set([
  'BELLWETHER_UPSTREAM_BEARER_TOKEN',
  'BELLWETHER_UPSTREAM_PASSWORD',
  'BELLWETHER_AUTH_TOKEN',
  'BELLWETHER_PIXIE_API_KEY',
]);

/** Configuration problems, all of them, one line each (the message joins them with newlines). */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'ConfigError';
  }
}

/** How `loadConfig` is asked to run. */
export interface LoadOptions {
  /** `serve --demo`: the embedded demo upstream replaces the file's `upstream:` section. */
  demo?: boolean;
  /** `serve --host` and `--port`: override the file and the environment. */
  host?: string;
  port?: string;
}

/** Loads and validates the config from a YAML file (optional) and the environment. */
export function loadConfig(
  path: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
  opts: LoadOptions = {}
): CompanionConfig {
  let raw: unknown = {};
  if (path !== undefined) {
    raw = readYamlFile(path) ?? {};
  }
  const origins: Record<string, string> = {};
  const misspelt = misspeltVariables(env);
  if (isMapping(raw)) {
    for (const [name, keyPath] of Object.entries(ENV_OVERRIDES)) {
      // An empty variable counts as unset, except a secret's: an empty token is a mistake to report.
      if (env[name] !== undefined && (env[name] !== '' || SECRET_VARIABLES.has(name))) {
        setPath(raw, keyPath, env[name]!);
        origins[keyPath] = name;
      }
    }
    for (const [flag, keyPath, value] of [
      ['--host', 'listen.host', opts.host],
      ['--port', 'listen.port', opts.port],
    ] as const) {
      if (value !== undefined) {
        setPath(raw, keyPath, value);
        origins[keyPath] = flag;
      }
    }
    if (opts.demo) {
      raw.upstream = { type: 'demo' };
    }
  }
  try {
    const config = fromRaw(raw, origins);
    if (misspelt.length > 0) {
      throw new ConfigError(misspelt);
    }
    return config;
  } catch (err) {
    throw err instanceof ConfigError && misspelt.length > 0 && err.problems !== misspelt
      ? new ConfigError([...misspelt, ...err.problems])
      : err;
  }
}

const PREFIX = 'BELLWETHER_';

/**
 * BELLWETHER_* variables that are no override but one misspelt (BELLWETHER_AUTH_TOKN): ignored, they
 * left the companion without the token, or on another port, with nothing said. Variables of the
 * other commands (BELLWETHER_REMEDIATE_PORT, …) are too far from any override to be taken for one.
 */
function misspeltVariables(env: NodeJS.ProcessEnv): string[] {
  const known = Object.keys(ENV_OVERRIDES).map((k) => k.slice(PREFIX.length));
  return Object.keys(env)
    .filter((name) => name.startsWith(PREFIX) && !(name in ENV_OVERRIDES))
    .flatMap((name) => {
      const near = closestName(name.slice(PREFIX.length), known);
      return near === undefined ? [] : [`unknown variable ${name}; did you mean ${PREFIX}${near}?`];
    });
}

/**
 * Validates a raw (parsed YAML) value into a config; throws ConfigError listing every problem.
 * `origins` maps key paths set by environment variables to the variable, which problems then name.
 */
export function fromRaw(raw: unknown, origins: Record<string, string> = {}): CompanionConfig {
  const problems: Problem[] = [];
  const c = CONFIG_SCHEMA(raw ?? {}, '', problems);
  if (c === undefined) {
    throw new ConfigError(problems.map((p) => p.text)); // not a mapping: nothing else to check
  }
  const upstream = readUpstream(c.upstream, problems);
  const authToken = readSecret(c.auth?.bearerToken, c.auth?.bearerTokenFile, 'auth.bearerToken', problems);
  const pixieKey = readSecret(c.pixie?.apiKey, c.pixie?.apiKeyFile, 'pixie.apiKey', problems);
  const rulesStepMs = c.rules?.step ?? DEFAULTS.rules.stepMs;
  const rules = readRules(c.rules?.series, rulesStepMs, problems);
  warmProblems(c.warm?.selectors, problems);
  if (problems.length > 0) {
    throw new ConfigError(problems.map((p) => withOrigin(p, origins)));
  }
  const d = DEFAULTS;
  return {
    listen: { host: c.listen?.host ?? d.listen.host, port: c.listen?.port ?? d.listen.port },
    upstream: upstream!,
    authToken,
    corsOrigin: c.cors?.allowOrigin,
    limits: {
      maxSeries: c.limits?.maxSeries ?? d.limits.maxSeries,
      maxPoints: c.limits?.maxPoints ?? d.limits.maxPoints,
      maxRangeMs: c.limits?.maxRange ?? d.limits.maxRangeMs,
      maxBodyBytes: c.limits?.maxBodyBytes ?? d.limits.maxBodyBytes,
      maxConcurrent: c.limits?.maxConcurrent ?? d.limits.maxConcurrent,
      queryTimeoutMs: c.limits?.queryTimeout ?? d.limits.queryTimeoutMs,
      maxTrainPoints: c.limits?.maxTrainPoints ?? d.limits.maxTrainPoints,
      maxForecastSteps: c.limits?.maxForecastSteps ?? d.limits.maxForecastSteps,
    },
    cache: { maxBytes: c.cache?.maxBytes ?? d.cache.maxBytes, settleMs: c.cache?.settle ?? d.cache.settleMs },
    defaults: {
      stepMs: c.defaults?.step ?? d.defaults.stepMs,
      trainMs: c.defaults?.train ?? d.defaults.trainMs,
      refitMs: c.defaults?.refit ?? d.defaults.refitMs,
      resolutionMs: c.defaults?.resolution ?? d.defaults.resolutionMs,
      model: c.defaults?.model,
      sensitivity: c.defaults?.sensitivity,
      level: c.defaults?.level ?? d.defaults.level,
    },
    rules: { intervalMs: c.rules?.interval ?? d.rules.intervalMs, stepMs: rulesStepMs, list: rules },
    warm: {
      enabled: c.warm?.enabled ?? d.warm.enabled,
      intervalMs: c.warm?.interval ?? d.warm.intervalMs,
      selectors: c.warm?.selectors?.filter((x): x is string => x !== undefined) ?? d.warm.selectors,
    },
    log: { level: c.log?.level ?? d.log.level },
    shutdownGraceMs: c.shutdownGrace ?? d.shutdownGraceMs,
    pixie: {
      address: c.pixie?.address ?? d.pixie.address,
      tls: c.pixie?.tls ?? d.pixie.tls,
      apiKey: pixieKey,
      clusterId: c.pixie?.clusterId,
      timeoutMs: c.pixie?.timeout ?? d.pixie.timeoutMs,
      maxRows: c.pixie?.maxRows ?? d.pixie.maxRows,
      maxBodyBytes: d.pixie.maxBodyBytes,
    },
  };
}

type Checked = NonNullable<ReturnType<typeof CONFIG_SCHEMA>>;
type CheckedRule = NonNullable<ReturnType<typeof RULE_SCHEMA>>;

/** The upstream: named explicitly, never demo data by default. */
function readUpstream(u: Checked['upstream'], problems: Problem[]): UpstreamConfig | undefined {
  if (hasProblemAt(problems, 'upstream.type')) {
    return undefined; // what else is needed depends on the type
  }
  if (u === undefined) {
    if (!hasProblemAt(problems, 'upstream')) {
      problems.push({
        path: 'upstream',
        text: 'upstream is missing: set upstream.url to your Prometheus, or upstream.type: demo (serve --demo) for the built-in demo series',
      });
    }
    return undefined;
  }
  const urlMissing = () => {
    if (u.url === undefined && !hasProblemAt(problems, 'upstream.url')) {
      problems.push({
        path: 'upstream.url',
        text: 'upstream.url is missing: the URL of your Prometheus, e.g. http://prometheus:9090',
      });
    }
  };
  const type = u.type ?? (u.url !== undefined || hasProblemAt(problems, 'upstream.url') ? 'prometheus' : undefined);
  if (type === undefined) {
    urlMissing();
    return undefined;
  }
  if (type === 'demo') {
    for (const key of Object.keys(u).filter((k) => k !== 'type')) {
      problems.push({
        path: `upstream.${key}`,
        text: `upstream.${key} is not used by upstream.type demo; remove it or set upstream.type: prometheus`,
      });
    }
    return { type: 'demo' };
  }
  urlMissing();
  const bearerToken = readSecret(u.bearerToken, u.bearerTokenFile, 'upstream.bearerToken', problems);
  let basicAuth: { username: string; password: string } | undefined;
  if (u.basicAuth !== undefined) {
    const password = readSecret(
      u.basicAuth.password,
      u.basicAuth.passwordFile,
      'upstream.basicAuth.password',
      problems
    );
    if (u.basicAuth.username === undefined) {
      problems.push({ path: 'upstream.basicAuth.username', text: 'upstream.basicAuth.username is missing' });
    } else if (password === undefined && u.basicAuth.password === undefined && u.basicAuth.passwordFile === undefined) {
      problems.push({
        path: 'upstream.basicAuth.password',
        text: 'upstream.basicAuth.password (or passwordFile) is missing',
      });
    } else if (password !== undefined) {
      basicAuth = { username: u.basicAuth.username, password };
    }
  }
  if (bearerToken !== undefined && u.basicAuth !== undefined) {
    problems.push({
      path: 'upstream.basicAuth',
      text: 'upstream.bearerToken and upstream.basicAuth are both set; use one',
    });
  }
  return {
    type: 'prometheus',
    url: u.url ?? '',
    bearerToken,
    basicAuth,
    headers: u.headers,
    timeoutMs: u.timeout ?? 30_000,
  };
}

/** A secret given inline (`key`) or as a file (`keyFile`; trailing newline trimmed), not both. */
export function readSecret(
  inline: string | undefined,
  file: string | undefined,
  key: string,
  problems: Problem[]
): string | undefined {
  if (inline !== undefined && file !== undefined) {
    problems.push({ path: `${key}File`, text: `${key} and ${key}File are both set; use one` });
    return undefined;
  }
  if (file === undefined) {
    return inline;
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8').trim();
  } catch (err) {
    problems.push({ path: `${key}File`, text: `${key}File: cannot read ${file}: ${fileErrorReason(err)}` });
    return undefined;
  }
  if (text === '') {
    problems.push({ path: `${key}File`, text: `${key}File: ${file} is empty` });
    return undefined;
  }
  return text;
}

/** A warm selector must make a query the home page could send: `anomaly_score(<selector>, "…")`. */
function warmProblems(selectors: Array<string | undefined> | undefined, problems: Problem[]): void {
  if (selectors?.length === 0) {
    // Not "no warming": the warmer would sit idle without a word while `enabled` says it runs.
    problems.push({
      path: 'warm.selectors',
      text: 'warm.selectors is empty: nothing would be warmed; list the selectors the home page scans, or leave it out for its default ones',
    });
  }
  (selectors ?? []).forEach((sel, i) => {
    if (sel === undefined) {
      return; // not a string: already reported
    }
    try {
      // The query the warmer sends (scanWarmer.ts), the latency rules' options included.
      if (parseQuery(anomalyQuery(sel, withAlertRules({ title: sel, expr: sel }).rules)).kind !== 'derived') {
        throw new Error('not a selector the scan can score');
      }
    } catch (err) {
      problems.push({
        path: `warm.selectors[${i}]`,
        text: `warm.selectors[${i}] ${sel} is not a valid query: ${(err as Error).message.replace(/^\d+:\d+: /, '')}`,
      });
    }
  });
}

function readRules(
  series: Array<CheckedRule | undefined> | undefined,
  stepMs: number,
  problems: Problem[]
): RecordingRule[] {
  const rules: RecordingRule[] = [];
  const seen = new Map<string, number>();
  (series ?? []).forEach((item, i) => {
    const at = `rules.series[${i}]`;
    if (item === undefined) {
      return; // not a mapping: already reported
    }
    const missing = (key: string, what: string) => {
      if (!hasProblemAt(problems, `${at}.${key}`)) {
        problems.push({ path: `${at}.${key}`, text: `${at}.${key} is missing: ${what}` });
      }
    };
    if (item.name === undefined) {
      missing('name', 'a metric-name prefix like node_disk');
    } else if (seen.has(item.name)) {
      problems.push({
        path: `${at}.name`,
        text: `${at}.name ${item.name} is also the name of rules.series[${seen.get(item.name)}]`,
      });
    } else {
      seen.set(item.name, i);
    }
    if (item.expr === undefined) {
      missing('expr', 'the PromQL whose series the rule records');
    }
    if (item.record !== undefined && item.record.length === 0) {
      problems.push({
        path: `${at}.record`,
        text: `${at}.record is empty; list what to record, e.g. [anomaly, trend]`,
      });
    }
    if (hasProblemAt(problems, at)) {
      return;
    }
    const rule: RecordingRule = {
      name: item.name!,
      expr: item.expr!,
      record: (item.record as RecordKind[] | undefined) ?? ['anomaly'],
      options: item.options,
      horizon: item.horizon,
      capacity: item.capacity,
    };
    const found = ruleProblems(rule, at, stepMs);
    problems.push(...found);
    if (found.length === 0) {
      rules.push(rule);
    }
  });
  return rules;
}

/** The problem's line, naming the environment variable when one set the key. */
function withOrigin(p: Problem, origins: Record<string, string>): string {
  const keyPath = Object.keys(origins).find((k) => p.path === k || p.path.startsWith(`${k}File`));
  return keyPath ? `${p.text} (from ${origins[keyPath]})` : p.text;
}

/** Reads and parses the YAML file; a missing or unreadable file or bad YAML is one line naming it. */
export function readYamlFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError([`cannot read config file ${path}: ${fileErrorReason(err)}`]);
  }
  try {
    return parse(text);
  } catch (err) {
    const e = err as Error & { linePos?: Array<{ line: number; col: number }> };
    const where = e.linePos?.[0] ? `:${e.linePos[0].line}:${e.linePos[0].col}` : '';
    const what = e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    throw new ConfigError([`${path}${where}: invalid YAML: ${what}`]);
  }
}

/** Why a file cannot be read, in words (the error code in brackets for searching). */
export function fileErrorReason(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  const words: Record<string, string> = {
    ENOENT: 'no such file',
    EACCES: 'permission denied',
    EISDIR: 'it is a directory',
    ENOTDIR: 'a part of the path is not a directory',
  };
  return e.code && words[e.code] ? `${words[e.code]} (${e.code})` : e.message.split('\n')[0];
}

function isMapping(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function setPath(obj: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let cur = obj;
  for (const k of keys.slice(0, -1)) {
    if (cur[k] === undefined || cur[k] === null) {
      cur[k] = {};
    } else if (!isMapping(cur[k])) {
      return; // the file's own value is wrong; validation names it
    }
    cur = cur[k] as Record<string, unknown>;
  }
  cur[keys[keys.length - 1]] = value;
}
